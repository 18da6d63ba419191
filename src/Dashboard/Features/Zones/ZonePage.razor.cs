using Dashboard.Components.Shared;
using Dashboard.Dns;
using Dashboard.Features.Auth;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using MudBlazor;

namespace Dashboard.Features.Zones;

/// <summary>
/// One zone: SOA summary, staged change set, and the server-side paged RRset grid. Filters, sort and page live in the
/// URL; changing one navigates (so the view can be pasted into a ticket) and the new URL reloads the page of RRsets.
/// </summary>
public partial class ZonePage : IDisposable
{
    private ZoneDetail? _detail;
    private RRsetPage? _page;
    private long? _total;
    private int? _goToPage;
    private bool _countFailed;
    private Actor _actor = null!;
    private IReadOnlyList<string> _ignored = [];
    private bool _missing;
    private bool _loading;
    private bool _canEdit;
    private bool _canReadAudit;
    private ZoneHistory? _history;
    private RRsetFilter? _loaded;
    private CancellationTokenSource? _loadCancel;
    private CancellationTokenSource? _countCancel;

    [Inject] public required ZoneQueries Zones { get; init; }
    [Inject] public required RecordQueries Records { get; init; }
    [Inject] public required IZoneEditor Editor { get; init; }
    [Inject] public required ICurrentActor CurrentActor { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }
    [Inject] public required ILogger<ZonePage> Logger { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }

    [Parameter] public required string Zone { get; set; }

    [SupplyParameterFromQuery(Name = DashboardUrls.ZoneQuery.Prefix)] public string? Prefix { get; set; }
    [SupplyParameterFromQuery(Name = DashboardUrls.ZoneQuery.Contains)] public string? Contains { get; set; }
    [SupplyParameterFromQuery(Name = DashboardUrls.ZoneQuery.Type)] public string? Type { get; set; }
    [SupplyParameterFromQuery(Name = DashboardUrls.ZoneQuery.Sort)] public string? Sort { get; set; }
    // Strings, not int?: a crafted value such as page=abc must reach our parser, not fail Blazor's binding.
    [SupplyParameterFromQuery(Name = DashboardUrls.ZoneQuery.Page)] public string? PageNumber { get; set; }
    [SupplyParameterFromQuery(Name = DashboardUrls.ZoneQuery.Size)] public string? SizeParameter { get; set; }

    private RRsetFilter Filter { get; set; } = new();

    private int StagedCount => Editor.StagedCount(Zone);

    /// <summary>Pages from the exact count once it is known; until then, up to the next page when there is one.</summary>
    private int PageCount => _total is { } total
        ? (int)Math.Clamp((total + Filter.PageSize - 1) / Filter.PageSize, 1, RRsetFilter.MaxPage)
        : Filter.Page + 1 + (_page?.HasMore == true ? 1 : 0);

    private string TotalText =>
        _total is { } total ? $"{total:N0} RRset{(total == 1 ? "" : "s")}"
        : _countFailed ? "the RRsets could not be counted"
        : _page is null ? "" : "counting…";

    protected override async Task OnInitializedAsync()
    {
        Editor.Changed += OnEditorChanged;
        _actor = await CurrentActor.GetAsync();
        _canEdit = _actor.Can(Permission.EditDns);
        _canReadAudit = _actor.Can(Permission.ReadAudit);
    }

    protected override async Task OnParametersSetAsync()
    {
        var reader = new QueryReader();
        Filter = RRsetFilter.FromUrl(reader, Prefix, Contains, Type, Sort, PageNumber, SizeParameter);
        _ignored = reader.Ignored;
        if (_detail?.Name != Dns.DnsName.Normalize(Zone))
        {
            _detail = await Zones.GetAsync(_actor, Zone);
            _missing = _detail is null;
            _loaded = null;
        }
        if (!_missing && Filter != _loaded)
        {
            await LoadAsync();
        }
        if (!_missing && _canEdit)
        {
            await Editor.LoadAsync(Zone);
        }
    }

    /// <summary>
    /// Leaving the zone with unapplied changes asks first. They stay saved (this page shows them again), but an
    /// operator who leaves may believe they were applied. A new filter, sort or page of the same zone is not leaving.
    /// </summary>
    private async Task ConfirmLeaveAsync(LocationChangingContext context)
    {
        var count = StagedCount;
        // Going to sign in (a revoked or signed-out session) is never held up.
        if (count == 0 || SamePath(context.TargetLocation) || IsSignIn(context.TargetLocation))
        {
            return;
        }
        var leave = await Dialogs.ShowMessageBoxAsync(
            "Leave with unapplied changes?",
            $"{count} change(s) for {Zone} are staged but not applied. They stay saved for you here until you apply or discard them.",
            yesText: "Leave", cancelText: "Stay");
        if (leave != true)
        {
            context.PreventNavigation();
        }
    }

    private bool IsSignIn(string target) =>
        Navigation.ToAbsoluteUri(target).AbsolutePath.StartsWith(DashboardUrls.SignInPath, StringComparison.OrdinalIgnoreCase);

    private bool SamePath(string target)
    {
        static string PathOf(Uri uri) => uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        var here = new Uri(Navigation.Uri);
        return Uri.TryCreate(new Uri(Navigation.BaseUri), target, out var there)
            && string.Equals(PathOf(here), PathOf(there), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Reloads header and grid from the queries (after an apply).</summary>
    public async Task ReloadAsync()
    {
        _detail = await Zones.GetAsync(_actor, Zone);
        _missing = _detail is null;
        _loaded = null;
        if (!_missing)
        {
            await LoadAsync();
            if (_history is not null)
            {
                await _history.RefreshAsync();
            }
        }
    }

    private async Task LoadAsync()
    {
        _loadCancel?.Cancel();
        _loadCancel?.Dispose();
        var cancel = _loadCancel = new CancellationTokenSource();
        var filter = Filter;
        // Page, sort and page size do not change how many RRsets match.
        var countChanged = _loaded is null || CountKey(_loaded) != CountKey(filter);
        _loading = true;
        try
        {
            var page = await Records.GetPageAsync(_actor, Zone, filter, cancel.Token);
            if (!cancel.IsCancellationRequested)
            {
                _page = page;
                _loaded = filter;
                if (countChanged)
                {
                    _ = CountAsync(filter);
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // A newer filter replaced this load; its result is the one shown.
        }
        finally
        {
            if (ReferenceEquals(cancel, _loadCancel))
            {
                _loading = false;
            }
        }
    }

    /// <summary>Counts in the background after the rows are shown: a large zone's count must not delay its first page.</summary>
    private async Task CountAsync(RRsetFilter filter)
    {
        _countCancel?.Cancel();
        _countCancel?.Dispose();
        var cancel = _countCancel = new CancellationTokenSource();
        _total = null;
        _countFailed = false;
        try
        {
            var total = await Records.CountAsync(_actor, Zone, filter, cancel.Token);
            if (!cancel.IsCancellationRequested)
            {
                _total = total;
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // A newer filter is being counted instead.
        }
        catch (Exception ex) when (!cancel.IsCancellationRequested)
        {
            // The rows are shown; only the total is missing, and the page says so rather than counting for ever.
            Logger.LogWarning(ex, "Counting the RRsets of {Zone} failed", Zone);
            _countFailed = true;
            await InvokeAsync(StateHasChanged);
        }
    }

    private static RRsetFilter CountKey(RRsetFilter filter) => new(filter.Prefix, filter.Contains, filter.Type);

    private Task GoToPageAsync()
    {
        if (_goToPage is not { } page)
        {
            return Task.CompletedTask;
        }
        _goToPage = null;
        return SetPageAsync(Math.Clamp(page, 1, PageCount));
    }

    private Task OnGoToKeyAsync(Microsoft.AspNetCore.Components.Web.KeyboardEventArgs e) =>
        e.Key is "Enter" or "NumpadEnter" ? GoToPageAsync() : Task.CompletedTask;

    private void Show(RRsetFilter filter) => Navigation.NavigateTo(DashboardUrls.ZoneUrl(Zone, filter));

    private Task SetPrefixAsync(string? value) => Navigate(Filter with { Prefix = value, Page = 0 });
    private Task SetContainsAsync(string? value) => Navigate(Filter with { Contains = value, Page = 0 });
    private Task SetTypeAsync(string? value) =>
        Navigate(Filter with { Type = Dns.RecordTypes.TryParse(value, out var t) ? t : null, Page = 0 });
    private Task SetPageAsync(int page) => Navigate(Filter with { Page = Math.Max(0, page - 1) });
    private Task SetPageSizeAsync(int size) => Navigate(Filter with { PageSize = size, Page = 0 });

    private Task SortAsync(RRsetSort sort) =>
        Navigate(Filter with { Sort = sort, Descending = Filter.Sort == sort && !Filter.Descending, Page = 0 });

    private Task Navigate(RRsetFilter filter)
    {
        // Normalizes what was typed the same way the URL is read, so the URL and the grid never disagree.
        var query = filter.ToQuery();
        var normalized = RRsetFilter.FromQuery(
            query[DashboardUrls.ZoneQuery.Prefix] as string, query[DashboardUrls.ZoneQuery.Contains] as string, query[DashboardUrls.ZoneQuery.Type] as string, query[DashboardUrls.ZoneQuery.Sort] as string,
            query[DashboardUrls.ZoneQuery.Page] as int?, query[DashboardUrls.ZoneQuery.Size] as int?);
        Show(normalized);
        return Task.CompletedTask;
    }

    private Task AddRecordAsync() => Editor.AddRecordAsync(Zone);
    private Task EditSoaAsync() => Editor.EditSoaAsync(Zone);
    private Task ImportAsync() => Editor.ImportAsync(Zone);

    // The grid offers Edit, Delete and Disable on every row, the SOA's too. The SOA has its own editor, and a change set
    // that deletes or disables it would leave the zone without a SOA (PowerDNS stops answering for it), so those two
    // are refused here.
    private Task EditRRsetAsync(RRsetRow rrset) =>
        rrset.Type == Dns.RecordType.SOA ? Editor.EditSoaAsync(Zone) : Editor.EditRRsetAsync(Zone, rrset);

    private void StageDelete((RRsetRow RRset, RecordRow Record) target)
    {
        if (!RefuseSoa(target.RRset, "deleted"))
        {
            Editor.StageDelete(Zone, target.RRset, target.Record);
        }
    }

    private void StageToggleDisabled((RRsetRow RRset, RecordRow Record) target)
    {
        if (!RefuseSoa(target.RRset, "disabled"))
        {
            Editor.StageToggleDisabled(Zone, target.RRset, target.Record);
        }
    }

    private bool RefuseSoa(RRsetRow rrset, string what)
    {
        if (rrset.Type != Dns.RecordType.SOA)
        {
            return false;
        }
        Snackbar.Add($"The SOA record cannot be {what}: a zone without one stops answering. Use Edit SOA to change it.", Severity.Warning);
        return true;
    }

    private void OnEditorChanged() => _ = InvokeAsync(StateHasChanged);

    public void Dispose()
    {
        Editor.Changed -= OnEditorChanged;
        _loadCancel?.Cancel();
        _loadCancel?.Dispose();
        _countCancel?.Cancel();
        _countCancel?.Dispose();
    }
}
