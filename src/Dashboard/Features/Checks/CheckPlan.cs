using Dashboard.Configuration;
using Dashboard.Dns;

namespace Dashboard.Features.Checks;

/// <summary>
/// A validated check: names in storage form (deduplicated, in the order given), types and regions (in the
/// configuration's order). Only <see cref="Validate"/> makes one, so bad input never runs.
/// </summary>
public sealed record CheckPlan(IReadOnlyList<string> Names, IReadOnlyList<RecordType> Types, IReadOnlyList<RegionOptions> Regions)
{
    /// <summary>The types a check may ask for; "all of these" is this list.</summary>
    public static readonly IReadOnlyList<RecordType> CheckableTypes =
        [RecordType.A, RecordType.AAAA, RecordType.CNAME, RecordType.TXT, RecordType.MX, RecordType.NS, RecordType.SOA, RecordType.SRV, RecordType.CAA];

    public int CellCount => Names.Count * Types.Count * Regions.Count;

    /// <summary>
    /// Validates a check: <paramref name="names"/> as typed (blank lines and duplicates dropped, each a DNS name by
    /// <see cref="DnsName"/>'s owner rules, at most <paramref name="maxNames"/>); <paramref name="types"/> mnemonics
    /// among <see cref="CheckableTypes"/> (or "all"); <paramref name="regions"/> configured region names, none meaning
    /// every region. Every problem is reported, each naming its line or value.
    /// </summary>
    public static CheckValidation Validate(
        IEnumerable<string> names, IEnumerable<string> types, IEnumerable<string> regions,
        IReadOnlyList<RegionOptions> configured, int maxNames)
    {
        var errors = new List<string>();
        var parsedNames = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var line = 0;
        foreach (var raw in names)
        {
            line++;
            if (string.IsNullOrWhiteSpace(raw))
            {
                continue;
            }
            var result = DnsName.Validate(raw, DnsNameKind.Owner);
            if (!result.IsValid)
            {
                errors.AddRange(result.Errors.Select(e => $"Line {line}: {e}"));
            }
            else if (seen.Add(result.Value!))
            {
                parsedNames.Add(result.Value!);
            }
        }
        if (parsedNames.Count == 0 && errors.Count == 0)
        {
            errors.Add("Enter at least one name.");
        }
        if (parsedNames.Count > maxNames)
        {
            errors.Add($"{parsedNames.Count} names; a check takes at most {maxNames}.");
        }

        var parsedTypes = new List<RecordType>();
        foreach (var text in types.Select(t => t.Trim()).Where(t => t.Length > 0))
        {
            if (text.Equals("all", StringComparison.OrdinalIgnoreCase))
            {
                parsedTypes.AddRange(CheckableTypes);
            }
            else if (RecordTypes.TryParse(text, out var type) && CheckableTypes.Contains(type))
            {
                parsedTypes.Add(type);
            }
            else
            {
                errors.Add($"Type '{text}' cannot be checked; choose from {string.Join(", ", CheckableTypes.Select(t => t.Mnemonic()))}, or all.");
            }
        }
        if (parsedTypes.Count == 0 && !errors.Any(e => e.StartsWith("Type ", StringComparison.Ordinal)))
        {
            errors.Add("Choose at least one type.");
        }

        var wanted = regions.Select(r => r.Trim()).Where(r => r.Length > 0).ToList();
        foreach (var unknown in wanted.Where(w => !configured.Any(c => c.Name.Equals(w, StringComparison.OrdinalIgnoreCase))))
        {
            errors.Add($"Region '{unknown}' is not configured; the regions are {string.Join(", ", configured.Select(c => c.Name))}.");
        }
        var parsedRegions = wanted.Count == 0
            ? configured.ToList()
            : configured.Where(c => wanted.Contains(c.Name, StringComparer.OrdinalIgnoreCase)).ToList();

        return errors.Count > 0
            ? new CheckValidation(null, errors)
            : new CheckValidation(new CheckPlan(parsedNames, parsedTypes.Distinct().OrderBy(t => CheckableTypes.IndexOf(t)).ToList(), parsedRegions), []);
    }
}

/// <summary>Either a plan to run or what is wrong with the input, in words.</summary>
public sealed record CheckValidation(CheckPlan? Plan, IReadOnlyList<string> Errors)
{
    public bool IsValid => Plan is not null;
}

internal static class ListExtensions
{
    public static int IndexOf<T>(this IReadOnlyList<T> list, T item)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (EqualityComparer<T>.Default.Equals(list[i], item))
            {
                return i;
            }
        }
        return -1;
    }
}
