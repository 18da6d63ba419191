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
    [SupplyParameterFromQuery(Name = DashboardUrls.AuditQuery.Actor)] public string? Actor { get; set; }
    [SupplyParameterFromQuery(Name = DashboardUrls.AuditQuery.Zone)] public string? Zone { get; set; }
    [SupplyParameterFromQuery(Name = DashboardUrls.AuditQuery.Name)] public string? Name { get; set; }
    [SupplyParameterFromQuery(Name = DashboardUrls.AuditQuery.Action)] public string? Action { get; set; }
    [SupplyParameterFromQuery(Name = DashboardUrls.AuditQuery.From)] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = DashboardUrls.AuditQuery.To)] public string? To { get; set; }

    private DateTime? FromDate => _fromDate;
    private DateTime? ToDate => _toDate;

    protected override async Task OnInitializedAsync() =>
        _actors = await Queries.ActorsAsync(await CurrentActor.GetAsync());

    protected override async Task OnParametersSetAsync()
    {
        // Read defensively: a crafted value (a NUL, a date that is not one) is dropped and named, never sent to the database.
        var reader = new QueryReader();
        var actor = reader.Text(DashboardUrls.AuditQuery.Actor, Actor);
        var zone = reader.Text(DashboardUrls.AuditQuery.Zone, Zone);
        var action = reader.Text(DashboardUrls.AuditQuery.Action, Action);
        var name = reader.Text(DashboardUrls.AuditQuery.Name, Name);
        _fromDate = reader.Date(DashboardUrls.AuditQuery.From, From);
        _toDate = reader.Date(DashboardUrls.AuditQuery.To, To);
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
        // Each value not given keeps the URL's; a cleared field comes back empty and is dropped from the URL.
        Navigation.NavigateTo(DashboardUrls.AuditUrl(
            actor ?? Actor, zone ?? Zone, name ?? Name, action ?? Action,
            setFrom ? (from is { } f ? DashboardUrls.AuditDate(f) : null) : From,
            setTo ? (to is { } t ? DashboardUrls.AuditDate(t) : null) : To));
        return Task.CompletedTask;
    }
}
