using Dashboard.Client.Live;
using Dashboard.Features.Lag;

namespace Dashboard.Features.Propagation;

/// <summary>
/// Raises "not yet visible" through the lag alerts (<see cref="AlertKind.Propagation"/> rows in the same table): shown
/// on the Lag page, the wallboard and <c>/metrics</c>, acknowledged and listed in the alert history like a lag alert.
/// One open propagation alert per region:
/// <list type="bullet">
/// <item>opened (warning) when a change is said to be not yet visible in the region, and kept up to date with how many
/// changes are still late there;</item>
/// <item>escalated to critical when a change is given up on (no longer watched: check the region by hand);</item>
/// <item>closed when every late change this dashboard watches in the region has become visible; an alert nobody here
/// watches any more (given up on, or left by a dashboard that stopped) closes at the next change confirmed visible
/// there, since that proves the region replays and serves new data again.</item>
/// </list>
/// With several dashboard instances, an instance joins the region's open alert instead of opening a second one, and
/// never writes back as open an alert another instance closed: it opens the region's alert again, or joins the one
/// opened since.
/// Singleton, thread-safe. Never throws to the tracker: a write that fails is logged and the alert catches up at the
/// next change of state.
/// </summary>
public sealed class PropagationAlerts(LagDatabase database, AlertStoreRefresher refresher, TimeProvider time, ILogger<PropagationAlerts> logger)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly Dictionary<string, RegionAlert> _regions = new(StringComparer.OrdinalIgnoreCase);
    private bool _loaded;

    private sealed class RegionAlert
    {
        public TrackedAlert? Open;
        public readonly Dictionary<PropagationRun, string> Late = [];
    }

    /// <summary>A change was said to be not yet visible in <paramref name="region"/> (still watched).</summary>
    public Task LateAsync(PropagationRun run, string region, string detail, CancellationToken cancellationToken) =>
        ChangeAsync(region, cancellationToken, async state =>
        {
            state.Late[run] = $"{Describe(run)}: {detail}";
            var cause = state.Late.Count == 1
                ? $"not yet visible in {region}: {state.Late[run]}"
                : $"{state.Late.Count} changes not yet visible in {region}; latest: {state.Late[run]}";
            await OpenOrUpdateAsync(region, state, state.Open?.Severity ?? AlertSeverity.Warning, cause, cancellationToken);
        });

    /// <summary>A change is no longer watched in <paramref name="region"/>, not confirmed: critical, until the region shows a change again.</summary>
    public Task GaveUpAsync(PropagationRun run, string region, string detail, CancellationToken cancellationToken) =>
        ChangeAsync(region, cancellationToken, async state =>
        {
            state.Late.Remove(run);
            await OpenOrUpdateAsync(region, state, AlertSeverity.Critical,
                $"gave up on {Describe(run)} in {region}: {detail}; check the region by hand", cancellationToken);
        });

    /// <summary>A change was confirmed visible in <paramref name="region"/>; closes the region's alert when nothing late is left.</summary>
    public async Task VisibleAsync(PropagationRun run, string region, CancellationToken cancellationToken)
    {
        lock (_regions)
        {
            // The common case, every region of every change: nothing open here, nothing to write.
            if (_loaded && (!_regions.TryGetValue(region, out var known) || known.Open is null && known.Late.Count == 0))
            {
                return;
            }
        }
        await ChangeAsync(region, cancellationToken, async state =>
        {
            var wasLate = state.Late.Remove(run);
            if (state.Open is not { Id: { } id } open)
            {
                return;
            }
            if (state.Late.Count > 0)
            {
                await OpenOrUpdateAsync(region, state, open.Severity, $"{state.Late.Count} change(s) not yet visible in {region}; latest: {state.Late.Values.Last()}", cancellationToken);
                return;
            }
            var closed = open with
            {
                ClosedAt = time.GetUtcNow(),
                Cause = $"{open.Cause}; closed: {(wasLate ? $"{Describe(run)} became visible in {region}" : $"{Describe(run)} was confirmed visible in {region}")}",
            };
            // Already closed by another instance: left as that one closed it.
            await database.UpdateAlertAsync(id, closed, cancellationToken, onlyIfOpen: true);
            state.Open = null;
        });
    }

    private async Task ChangeAsync(string region, CancellationToken cancellationToken, Func<RegionAlert, Task> change)
    {
        try
        {
            await _lock.WaitAsync(cancellationToken);
            try
            {
                if (!_loaded)
                {
                    // Alerts left open by a dashboard that stopped: the next change confirmed in their region closes them.
                    foreach (var open in await database.ReadOpenAlertsAsync(AlertKind.Propagation, cancellationToken))
                    {
                        lock (_regions)
                        {
                            Region(open.Region).Open = new TrackedAlert(open.Id, open.Severity, open.Cause, open.OpenedAt, null);
                        }
                    }
                    _loaded = true;
                }
                RegionAlert state;
                lock (_regions)
                {
                    state = Region(region);
                }
                await change(state);
            }
            finally
            {
                _lock.Release();
            }
            await refresher.ChangedAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not update {Region}'s propagation alert", region);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    private async Task OpenOrUpdateAsync(string region, RegionAlert state, AlertSeverity severity, string cause, CancellationToken cancellationToken)
    {
        if (state.Open is { Id: { } id } open)
        {
            var next = open with { Severity = severity, Cause = cause };
            if (await database.UpdateAlertAsync(id, next, cancellationToken, onlyIfOpen: true))
            {
                state.Open = next;
                return;
            }
            // Another instance closed it (a change it watched became visible there), and this one still has changes late
            // in the region: written back as open, that row would break "one open alert per region"; so it opens the
            // region's alert again, or joins the one opened since.
        }
        var opened = new TrackedAlert(null, severity, cause, time.GetUtcNow(), null);
        // Opens one, or joins another instance's open alert (which takes this severity and cause): the region's alert now.
        state.Open = opened with { Id = await database.InsertAlertAsync(region, opened, cancellationToken, AlertKind.Propagation) };
    }

    private RegionAlert Region(string region)
    {
        if (!_regions.TryGetValue(region, out var state))
        {
            _regions[region] = state = new RegionAlert();
        }
        return state;
    }

    private static string Describe(PropagationRun run) =>
        run.Current.Serial is { } serial ? $"{run.Current.Zone} serial {serial}" : $"{run.Current.Zone} (deleted)";
}
