using Dashboard.Components.Shared;
using Dashboard.Data;
using Dashboard.Features.Auth;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Features.Takedowns;

/// <summary>
/// The abuse team's page: find names (exactly, by part, or by what they point at), take one down with its evidence and
/// watch every region confirm it gone, and list the takedowns with their filters in the URL (server-side paging).
/// </summary>
public sealed partial class TakedownsPage
{
    private const string AllStatuses = "all";
    private static readonly IReadOnlyList<string> StatusNames = [.. Enum.GetNames<TakedownStatus>().Select(s => s.ToLowerInvariant()), AllStatuses];
    private static readonly IReadOnlyList<string> ReasonNames = [.. Enum.GetNames<TakedownReason>().Select(r => r.ToLowerInvariant())];

    private MudTable<TakedownRow>? _table;
    private Actor _actor = null!;
    private IReadOnlyList<string> _actors = [];
    private IReadOnlyList<string> _ignored = [];
    private TakedownFilter _filter = new(TakedownStatus.Active);
    private string _status = "active";
    private string? _reasonName;
    private DateTime? _fromDate;
    private DateTime? _toDate;
    private TakedownSearchMode _mode = TakedownSearchMode.Contains;
    private string _query = "";
    private bool _searching;
    private string? _searchError;
    private IReadOnlyList<TakedownCandidate>? _candidates;
    private TakedownResult.Done? _last;
    private BulkTakedownResult.Done? _lastBulk;
    private readonly HashSet<string> _selected = new(StringComparer.Ordinal);

    private static bool CanGo(TakedownCandidate candidate) => candidate.TakedownsApply && candidate.HeldBy is null;

    private IReadOnlyList<TakedownCandidate> Selectable => _candidates?.Where(CanGo).ToList() ?? [];

    private bool AllSelected => Selectable.Count > 0 && Selectable.All(c => _selected.Contains(c.Name));

    private void Select(TakedownCandidate candidate, bool selected)
    {
        if (selected)
        {
            _selected.Add(candidate.Name);
        }
        else
        {
            _selected.Remove(candidate.Name);
        }
    }

    private void SelectAll(bool selected)
    {
        _selected.Clear();
        if (selected)
        {
            _selected.UnionWith(Selectable.Select(c => c.Name));
        }
    }

    /// <summary>Why a match cannot go (for the preview's "left out" list).</summary>
    private static string WhyNot(TakedownCandidate candidate) =>
        candidate.HeldBy is { } held ? $"already held by takedown #{held}" : $"in a {candidate.Tier}-tier zone: takedowns do not apply";

    [Inject] public required TakedownQueries Queries { get; init; }
    [Inject] public required TakedownCommands Commands { get; init; }
    [Inject] public required ICurrentActor CurrentActor { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ILogger<TakedownsPage> Logger { get; init; }

    [SupplyParameterFromQuery(Name = DashboardUrls.TakedownsQuery.Status)] public string? Status { get; set; }
    [SupplyParameterFromQuery(Name = DashboardUrls.TakedownsQuery.Reason)] public string? Reason { get; set; }
    [SupplyParameterFromQuery(Name = DashboardUrls.TakedownsQuery.Actor)] public string? ActorName { get; set; }
    [SupplyParameterFromQuery(Name = DashboardUrls.TakedownsQuery.Zone)] public string? Zone { get; set; }
    [SupplyParameterFromQuery(Name = DashboardUrls.TakedownsQuery.From)] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = DashboardUrls.TakedownsQuery.To)] public string? To { get; set; }

    /// <summary>Search runs once the text is on the server: an empty search finds nothing, and says nothing useful.</summary>
    private bool CanSearch => !_searching && !string.IsNullOrWhiteSpace(_query);

    private string SearchLabel => _mode switch
    {
        TakedownSearchMode.Name => "Name, like phish-123.free.tunnel.test",
        TakedownSearchMode.Contains => "Part of a name",
        _ => "An IP address or an edge name",
    };

    private string ExportHref => DashboardUrls.TakedownsUrl(_status == "active" ? null : _status, _reasonName, _filter.Actor, _filter.Zone,
        _fromDate is { } from ? DashboardUrls.AuditDate(from) : null, _toDate is { } to ? DashboardUrls.AuditDate(to) : null, export: true);

    protected override async Task OnInitializedAsync()
    {
        _actor = await CurrentActor.GetAsync();
        _actors = await Queries.ActorsAsync(_actor, CancellationToken.None);
    }

    protected override async Task OnParametersSetAsync()
    {
        var reader = new QueryReader();
        _status = reader.OneOf(DashboardUrls.TakedownsQuery.Status, Status, StatusNames) ?? "active";
        _reasonName = reader.OneOf(DashboardUrls.TakedownsQuery.Reason, Reason, ReasonNames);
        var actor = reader.Text(DashboardUrls.TakedownsQuery.Actor, ActorName);
        var zone = reader.Text(DashboardUrls.TakedownsQuery.Zone, Zone);
        _fromDate = reader.Date(DashboardUrls.TakedownsQuery.From, From);
        _toDate = reader.Date(DashboardUrls.TakedownsQuery.To, To);
        _ignored = reader.Ignored;
        _filter = ReadFilter(_status, _reasonName, actor, zone, _fromDate, _toDate);
        if (_table is not null)
        {
            await _table.ReloadServerData();
        }
    }

    /// <summary>The filter the URL's (already checked) values say; shared with the CSV export.</summary>
    internal static TakedownFilter ReadFilter(string? status, string? reason, string? actor, string? zone, DateTime? from, DateTime? to) => new(
        status is null or AllStatuses ? (status is null ? TakedownStatus.Active : null) : Enum.Parse<TakedownStatus>(status, ignoreCase: true),
        reason is null ? null : Enum.Parse<TakedownReason>(reason, ignoreCase: true),
        actor,
        zone,
        from is { } f ? new DateTimeOffset(f, TimeSpan.Zero) : null,
        to is { } t ? new DateTimeOffset(t.AddDays(1), TimeSpan.Zero) : null);

    private async Task<TableData<TakedownRow>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        var (rows, total) = await Queries.PageAsync(_actor, _filter, state.Page, state.PageSize, cancellationToken);
        return new TableData<TakedownRow> { Items = rows, TotalItems = total };
    }

    private Task NavigateAsync(string? status = null, string? reason = null, string? actor = null, string? zone = null, string? from = null, string? to = null)
    {
        // An argument left null keeps the current value; an empty one clears it.
        static string? Pick(string? given, string? current) => given is null ? current : given.Length == 0 ? null : given;
        Navigation.NavigateTo(DashboardUrls.TakedownsUrl(
            Pick(status, _status) is var s && s == "active" ? null : s,
            Pick(reason, _reasonName),
            Pick(actor, _filter.Actor),
            Pick(zone, _filter.Zone),
            Pick(from, _fromDate is { } f ? DashboardUrls.AuditDate(f) : null),
            Pick(to, _toDate is { } t ? DashboardUrls.AuditDate(t) : null)));
        return Task.CompletedTask;
    }

    private async Task SearchAsync()
    {
        _searching = true;
        _searchError = null;
        _selected.Clear();
        try
        {
            _candidates = await Queries.SearchAsync(_actor, _mode, _query, CancellationToken.None);
        }
        catch (Exception ex) when (DatabaseFaults.IsUnavailable(ex))
        {
            Logger.LogWarning(ex, "Takedown search failed");
            _searchError = $"The search could not run: {DatabaseFaults.Describe(ex)}.";
        }
        finally
        {
            _searching = false;
        }
    }

    /// <summary>The selected names at once: one reason and evidence, batched per zone, the matches that cannot go listed as left out.</summary>
    private async Task TakeDownSelectedAsync()
    {
        var going = (_candidates ?? []).Where(c => CanGo(c) && _selected.Contains(c.Name)).ToList();
        if (going.Count == 0)
        {
            return;
        }
        var excluded = (_candidates ?? []).Where(c => !CanGo(c)).Select(c => (c.Name, WhyNot(c))).ToList();
        var done = await ShowDialogAsync<BulkTakedownResult.Done>($"Take down {going.Count} names", going, excluded, "Nothing more was taken down", async request =>
            await Commands.TakeDownManyAsync(_actor, new BulkTakedownRequest([.. going.Select(c => c.Name)], request.Reason, request.EvidenceUrls, request.Note, request.ReportReference), CancellationToken.None) switch
            {
                BulkTakedownResult.Done d => (d, []),
                BulkTakedownResult.Invalid invalid => (null, invalid.Errors),
                _ => (null, Refused),
            });
        if (done is not null)
        {
            _lastBulk = done;
            _last = null;
            var taken = done.Zones.SelectMany(z => z.Takedowns).ToDictionary(t => t.Name, t => t.Id, StringComparer.Ordinal);
            _candidates = _candidates?.Select(c => taken.TryGetValue(c.Name, out var id) ? c with { HeldBy = id } : c).ToList();
            _selected.Clear();
            await ReloadListAsync();
        }
    }

    private async Task TakeDownAsync(TakedownCandidate candidate)
    {
        var done = await ShowDialogAsync<TakedownResult.Done>($"Take down {candidate.Name}", [candidate], [], "Nothing was taken down", async request =>
            await Commands.TakeDownAsync(_actor, request, CancellationToken.None) switch
            {
                TakedownResult.Done d => (d, []),
                TakedownResult.Invalid invalid => (null, invalid.Errors),
                _ => (null, Refused),
            });
        if (done is not null)
        {
            _last = done;
            _lastBulk = null;
            _candidates = _candidates?.Select(c => c.Name == done.Name ? c with { HeldBy = done.TakedownId } : c).ToList();
            await ReloadListAsync();
        }
    }

    private static readonly IReadOnlyList<string> Refused = ["The takedown was refused."];

    /// <summary>
    /// The takedown dialog for <paramref name="going"/>: each press runs <paramref name="takeDown"/>, whose errors the
    /// dialog shows (a database fault too, as "<paramref name="nothingDone"/>: why"); the takedown done, or null when closed without one.
    /// </summary>
    private async Task<TDone?> ShowDialogAsync<TDone>(
        string title,
        IReadOnlyList<TakedownCandidate> going,
        IReadOnlyList<(string Name, string Why)> excluded,
        string nothingDone,
        Func<TakedownRequest, Task<(TDone? Done, IReadOnlyList<string> Errors)>> takeDown) where TDone : class
    {
        TDone? done = null;
        var parameters = new DialogParameters<TakedownDialog>
        {
            { d => d.Candidates, going },
            { d => d.Excluded, excluded },
            {
                d => d.TryTakeDown, async request =>
                {
                    try
                    {
                        (done, var errors) = await takeDown(request);
                        return errors;
                    }
                    catch (Exception ex) when (DatabaseFaults.IsUnavailable(ex))
                    {
                        Logger.LogWarning(ex, "{Title} failed", title);
                        return [$"{nothingDone}: {DatabaseFaults.Describe(ex)}."];
                    }
                }
            },
        };
        var dialog = await Dialogs.ShowAsync<TakedownDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        await dialog.Result;
        return done;
    }

    private async Task ReloadListAsync()
    {
        if (_table is not null)
        {
            await _table.ReloadServerData();
        }
    }
}
