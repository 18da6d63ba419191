using Microsoft.AspNetCore.Components;

namespace Dashboard.Features.Search;

/// <summary>One box across every zone. The query and page live in the URL (<c>/search?q=192.0.2.10&amp;page=2</c>).</summary>
public partial class SearchPage
{
    public const int PageSize = 50;

    private SearchResults? _result;
    private (string?, int)? _loaded;

    [Inject] public required SearchQueries Queries { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery(Name = "q")] public string? Q { get; set; }
    [SupplyParameterFromQuery(Name = "page")] public int? PageNumber { get; set; }

    private int PageIndex => Math.Max(0, (PageNumber ?? 1) - 1);

    private string HelperText => Search.SearchQueries.AddressForms(Q ?? "") is not null
        ? "IP address: every A/AAAA record pointing to it"
        : $"Names and contents containing the text (at least {SearchQueries.MinLength} characters)";

    protected override async Task OnParametersSetAsync()
    {
        if (_loaded == (Q, PageIndex))
        {
            return;
        }
        _loaded = (Q, PageIndex);
        _result = string.IsNullOrWhiteSpace(Q) ? null : await Queries.SearchAsync(Q, PageIndex, PageSize);
    }

    private Task SetQueryAsync(string? q)
    {
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["q"] = string.IsNullOrWhiteSpace(q) ? null : q.Trim(),
            ["page"] = null,
        }));
        return Task.CompletedTask;
    }

    private Task SetPageAsync(int index)
    {
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("page", index == 0 ? (int?)null : index + 1));
        return Task.CompletedTask;
    }
}
