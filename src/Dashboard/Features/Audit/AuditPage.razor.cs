using Dashboard.Components.Shared;
using Dashboard.Features.Auth;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Features.Audit;

public partial class AuditPage
{
    private MudTable<AuditEntry>? _table;
    private IReadOnlyList<string> _actors = [];
    private AuditFilter _filter = new();
    private IReadOnlyList<string> _ignored = [];
    private DateTime? _fromDate;
    private DateTime? _toDate;
    private AuditResultPage _page = new([], 0, new Dictionary<long, int>());
    private readonly Dictionary<long, IReadOnlyList<AuditEntry>> _children = [];
    private AuditChainReport? _chain;
    private bool _verifying;

    private static readonly IReadOnlyList<string> AuditActionNames = typeof(AuditActions)
        .GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).Order().ToList();

    [Inject] public required AuditQueries Queries { get; init; }
    [Inject] public required AuditChainVerifier Verifier { get; init; }
    [Inject] public required ICurrentActor CurrentActor { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    // The filter lives in the URL, so a view of the trail can be pasted into a ticket.
    [SupplyParameterFromQuery(Name = "actor")] public string? Actor { get; set; }
    [SupplyParameterFromQuery(Name = "zone")] public string? Zone { get; set; }
    [SupplyParameterFromQuery(Name = "name")] public string? Name { get; set; }
    [SupplyParameterFromQuery(Name = "action")] public string? Action { get; set; }
    [SupplyParameterFromQuery(Name = "from")] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? To { get; set; }

    private DateTime? FromDate => _fromDate;
    private DateTime? ToDate => _toDate;

    protected override async Task OnInitializedAsync() =>
        _actors = await Queries.ActorsAsync(await CurrentActor.GetAsync());

    protected override async Task OnParametersSetAsync()
    {
        // Read defensively: a crafted value (a NUL, a date that is not one) is dropped and named, never sent to the database.
        var reader = new QueryReader();
        var actor = reader.Text("actor", Actor);
        var zone = reader.Text("zone", Zone);
        var action = reader.Text("action", Action);
        var name = reader.Text("name", Name);
        _fromDate = reader.Date("from", From);
        _toDate = reader.Date("to", To);
        _ignored = reader.Ignored;
        _filter = new AuditFilter(actor, zone, action,
            _fromDate is { } from ? new DateTimeOffset(from, TimeSpan.Zero) : null,
            _toDate is { } to ? new DateTimeOffset(to.AddDays(1), TimeSpan.Zero) : null,
            name);
        if (_table is not null)
        {
            await _table.ReloadServerData();
        }
    }

    private async Task<TableData<AuditEntry>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        _page = await Queries.PageAsync(await CurrentActor.GetAsync(cancellationToken), _filter, state.Page, state.PageSize, cancellationToken);
        _children.Clear();
        return new TableData<AuditEntry> { Items = _page.Entries, TotalItems = _page.TotalCount };
    }

    /// <summary>Shows or hides the changes under an import.</summary>
    private async Task ToggleAsync(AuditEntry entry)
    {
        if (!_children.Remove(entry.Id))
        {
            _children[entry.Id] = await Queries.ChildrenAsync(await CurrentActor.GetAsync(), entry.Id);
        }
    }

    private async Task VerifyAsync()
    {
        _verifying = true;
        _chain = null;
        try
        {
            _chain = await Verifier.VerifyAsync(await CurrentActor.GetAsync());
        }
        finally
        {
            _verifying = false;
        }
    }

    private Task ApplyAsync(string? actor = null, string? zone = null, string? action = null, DateTime? from = null, DateTime? to = null, bool setFrom = false, bool setTo = false, string? name = null)
    {
        var parameters = new Dictionary<string, object?>
        {
            ["actor"] = actor ?? Actor,
            ["zone"] = zone ?? Zone,
            ["name"] = name ?? Name,
            ["action"] = action ?? Action,
            ["from"] = setFrom ? from?.ToString("yyyy-MM-dd") : From,
            ["to"] = setTo ? to?.ToString("yyyy-MM-dd") : To,
        };
        // A cleared field comes back as empty: drop it from the URL.
        foreach (var key in parameters.Keys.ToList().Where(k => parameters[k] is string { Length: 0 }))
        {
            parameters[key] = null;
        }
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(parameters));
        return Task.CompletedTask;
    }
}
