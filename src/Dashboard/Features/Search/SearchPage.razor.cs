using Dashboard.Components.Shared;
using Dashboard.Features.Auth;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Features.Search;

/// <summary>One box across every zone. The query and page live in the URL (<c>/search?q=192.0.2.10&amp;page=2</c>).</summary>
public partial class SearchPage
{
    public const int PageSize = 50;

    /// <summary>Past any real result set; a larger page number in the URL is ignored.</summary>
    public const int MaxPage = 1_000_000;

    private SearchResults? _result;
    private (string?, int)? _loaded;
    private Actor _actor = null!;
    private string? _query;
    private int _pageIndex;
    private IReadOnlyList<string> _ignored = [];

    [Inject] public required SearchQueries Queries { get; init; }
    [Inject] public required ICurrentActor CurrentActor { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery(Name = DashboardUrls.SearchQuery.Text)] public string? Q { get; set; }

    // A string, not int?: a crafted value such as page=abc must reach our parser, not fail Blazor's binding.
    [SupplyParameterFromQuery(Name = DashboardUrls.SearchQuery.Page)] public string? PageNumber { get; set; }

    private int PageIndex => _pageIndex;

    private long PageCount => _result is null ? 1 : Math.Max(1, (_result.Total + PageSize - 1) / PageSize);

    private string HelperText => SearchQueries.AddressForms(_query ?? "") is not null
        ? $"IP address: every A/AAAA record pointing to it, and the CNAMEs in the same zone that lead there (up to {SearchQueries.MaxCnameDepth} deep)"
        : $"Names and contents containing the text (at least {SearchQueries.MinLength} characters)";

    protected override async Task OnInitializedAsync() => _actor = await CurrentActor.GetAsync();

    protected override async Task OnParametersSetAsync()
    {
        var reader = new QueryReader();
        _query = reader.Text(DashboardUrls.SearchQuery.Text, Q);
        _pageIndex = (reader.Number(DashboardUrls.SearchQuery.Page, PageNumber, MaxPage) ?? 1) - 1;
        _ignored = reader.Ignored;
        if (_loaded == (_query, _pageIndex))
        {
            return;
        }
        _loaded = (_query, _pageIndex);
        _result = _query is null ? null : await Queries.SearchAsync(_actor, _query, _pageIndex, PageSize);
    }

    private Task SetQueryAsync(string? q)
    {
        Navigation.NavigateTo(DashboardUrls.SearchUrl(string.IsNullOrWhiteSpace(q) ? null : q.Trim()));
        return Task.CompletedTask;
    }

    private Task SetPageAsync(int index)
    {
        Navigation.NavigateTo(DashboardUrls.SearchUrl(Q, page: index + 1));
        return Task.CompletedTask;
    }
}
