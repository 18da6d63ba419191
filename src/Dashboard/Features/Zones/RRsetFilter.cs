using Dashboard.Components.Shared;
using Dashboard.Dns;

namespace Dashboard.Features.Zones;

public enum RRsetSort
{
    Name,
    Type,
}

/// <summary>
/// What the zone grid shows: filters, sort and page, as kept in the zone page's URL. Built from raw query values with
/// <see cref="FromQuery"/>, which never throws: anything unusable falls back to the default.
/// </summary>
public sealed record RRsetFilter(
    string? Prefix = null, string? Contains = null, RecordType? Type = null,
    RRsetSort Sort = RRsetSort.Name, bool Descending = false, int Page = 0, int PageSize = RRsetFilter.DefaultPageSize)
{
    public const int DefaultPageSize = 50;
    public static readonly IReadOnlyList<int> PageSizes = [25, 50, 100, 200];
    public const int MaxPageSize = 200;

    /// <summary>Beyond any zone's last page at the smallest page size (a 1,000,000-RRset zone has 40,000 of them).</summary>
    public const int MaxPage = 1_000_000;

    private static readonly string[] SortValues = ["name", "-name", "type", "-type"];

    /// <summary>
    /// The filter from the page's raw query strings, read defensively: a crafted value (a control character, <c>page=abc</c>,
    /// <c>1.5</c>, <c>2147483648</c>, a negative or huge number) is dropped and named in <paramref name="reader"/>.
    /// </summary>
    public static RRsetFilter FromUrl(QueryReader reader, string? prefix, string? contains, string? type, string? sort, string? page, string? size) =>
        FromQuery(
            reader.Text(DashboardUrls.ZoneQuery.Prefix, prefix),
            reader.Text(DashboardUrls.ZoneQuery.Contains, contains),
            reader.OneOf(DashboardUrls.ZoneQuery.Type, type, Enum.GetNames<RecordType>()),
            reader.OneOf(DashboardUrls.ZoneQuery.Sort, sort, SortValues),
            reader.Number(DashboardUrls.ZoneQuery.Page, page, MaxPage),
            reader.Number(DashboardUrls.ZoneQuery.Size, size, MaxPageSize));

    public static RRsetFilter FromQuery(string? prefix, string? contains, string? type, string? sort, int? page, int? pageSize)
    {
        var descending = sort is { } s && s.StartsWith('-');
        var sortKey = sort?.TrimStart('-');
        return new RRsetFilter(
            Clean(prefix),
            Clean(contains),
            RecordTypes.TryParse(type, out var t) ? t : null,
            string.Equals(sortKey, "type", StringComparison.OrdinalIgnoreCase) ? RRsetSort.Type : RRsetSort.Name,
            descending,
            Math.Clamp((page ?? 1) - 1, 0, MaxPage - 1),
            pageSize is { } size && size > 0 ? Math.Min(size, MaxPageSize) : DefaultPageSize);
    }

    /// <summary>The query string values (null removes a key): page is 1-based, sort is "name", "-name", "type", "-type".</summary>
    public IReadOnlyDictionary<string, object?> ToQuery() => new Dictionary<string, object?>
    {
        [DashboardUrls.ZoneQuery.Prefix] = Prefix,
        [DashboardUrls.ZoneQuery.Contains] = Contains,
        [DashboardUrls.ZoneQuery.Type] = Type?.ToString(),
        [DashboardUrls.ZoneQuery.Sort] = Sort == RRsetSort.Name && !Descending ? null : (Descending ? "-" : "") + Sort.ToString().ToLowerInvariant(),
        [DashboardUrls.ZoneQuery.Page] = Page == 0 ? null : Page + 1,
        [DashboardUrls.ZoneQuery.Size] = PageSize == DefaultPageSize ? null : PageSize,
    };

    /// <summary>Names are stored lowercase without a trailing dot; match what the operator means.</summary>
    private static string? Clean(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToLowerInvariant();
}
