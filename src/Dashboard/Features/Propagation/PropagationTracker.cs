using System.Diagnostics;
using Dashboard.Configuration;
using Dashboard.Data;
using Dashboard.Dns;
using Dashboard.Features.Checks;
using Dashboard.PowerDns;
using Microsoft.Extensions.Options;
using NpgsqlTypes;

namespace Dashboard.Features.Propagation;

/// <summary>
/// Proves that a committed change reached every region, by DNS. Started right after COMMIT, it returns at once with a
/// live <see cref="PropagationRun"/>; then, per region and in the background: wait until the replica has replayed the
/// commit's WAL position (<see cref="ReplicationGate"/>'s shared watcher; <b>nothing is asked of a region before
/// that</b>, which is what would poison its negative cache), flush the changed names from its PowerDNS, then ask its
/// PowerDNS for every changed RRset (RD=0, no cache, the checks' resolver) and compare with the primary's rows (the
/// checks' rules). A region is visible only when every answer matches. Until then it retries, flushing again before
/// each try; past <see cref="DashboardOptions.PropagationTimeout"/> it says "not yet visible" and keeps watching, up to
/// <see cref="DashboardOptions.PropagationWatchLimit"/>. A region said to be not yet visible raises a propagation alert
/// (<see cref="PropagationAlerts"/>), closed once it is. Once every region has settled, and at every change after
/// that, the run is saved with its change (<see cref="PropagationLog"/>). Singleton; runs outlive the request that
/// started them and end with the application (when the container disposes the tracker).
/// </summary>
public sealed class PropagationTracker(
    ReplicationGate gate,
    ICheckResolver resolver,
    ICheckExpectations expectations,
    PropagationLog log,
    PropagationAlerts alerts,
    ZoneChangeNotices notices,
    IOptions<DashboardOptions> options,
    TimeProvider time,
    ILogger<PropagationTracker> logger) : IDisposable
{
    /// <summary>Cancelled when the container disposes the tracker (application shutdown): every run stops watching.</summary>
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Between confirmation attempts: short at first (a flush and a query take milliseconds), then up to 2 s while watching.</summary>
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Starts tracking <paramref name="target"/> in every region; call it right after COMMIT. It returns at once: the
    /// primary's WAL position is read in the background, and only the replicas wait for it (the primary has every write
    /// it made, so its region flushes and asks straight away). A position that cannot be read gives the replicas up, in words.
    /// </summary>
    /// <remarks>The task is already complete; it stays a task so that callers need not change if starting ever has to wait.</remarks>
    public Task<PropagationRun> StartCommittedAsync(PropagationTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var committed = time.GetTimestamp();
        var run = new PropagationRun(new PropagationSnapshot(target.Zone, target.Serial, time.GetUtcNow(), [.. options.Value.Regions.Select(r => new RegionProgress(r.Name, PropagationState.WaitingForReplay))]), time);
        var saver = new TimelineSaver(log, notices, logger, time, _stopping.Token, run, target);
        var expected = new SharedExpectations(expectations, target);
        var lsn = new TaskCompletionSource<NpgsqlLogSequenceNumber>(TaskCreationOptions.RunContinuationsAsynchronously);
        // Every region's tracking first (the primary's flushes at once), then the two reads on the primary, each on its
        // own thread, so that nothing here waits for a database call to be sent. Not the caller's token: the change is
        // committed whatever becomes of the request that made it. A WAL position read a moment later is only larger,
        // so waiting for it still waits for the commit.
        foreach (var region in options.Value.Regions)
        {
            _ = Task.Run(() => TrackAsync(run, region, target, expected, saver, lsn.Task, committed, _stopping.Token), CancellationToken.None);
        }
        _ = Task.Run(() => ReadLsnAsync(saver, lsn), CancellationToken.None);
        notices.Announce(target.Zone);
        if (!target.ZoneDeleted)
        {
            // The primary's rows are final at COMMIT: read them while the replicas replay, not after, so the first
            // confirmation waits only for its DNS answers. A read that fails is read again by the first try.
            _ = Task.Run(() => expected.Get(_stopping.Token), CancellationToken.None);
        }
        return Task.FromResult(run);
    }

    private async Task ReadLsnAsync(TimelineSaver saver, TaskCompletionSource<NpgsqlLogSequenceNumber> lsn)
    {
        try
        {
            var read = await gate.CurrentPrimaryLsnAsync(_stopping.Token);
            saver.Lsn = read.ToString();
            lsn.TrySetResult(read);
        }
        catch (Exception ex)
        {
            lsn.TrySetException(ex);
        }
    }

    private async Task TrackAsync(PropagationRun run, RegionOptions region, PropagationTarget target, SharedExpectations expected, TimelineSaver saver, Task<NpgsqlLogSequenceNumber> lsnRead, long committed, CancellationToken stopping)
    {
        var settings = options.Value;
        var progress = new RegionProgress(region.Name, PropagationState.WaitingForReplay);
        TimeSpan Elapsed() => time.GetElapsedTime(committed);
        void Report(RegionProgress next)
        {
            var before = progress.State;
            progress = next;
            run.Set(next);
            if (next.State != before)
            {
                StateChanged(run, region.Name, next, saver);
            }
        }
        try
        {
            // 0. The commit's WAL position, which only a replica waits for.
            var lsn = default(NpgsqlLogSequenceNumber);
            if (region.Role != RegionRole.Primary)
            {
                try
                {
                    lsn = await lsnRead;
                }
                catch (Exception ex) when (!stopping.IsCancellationRequested && ex is not ObjectDisposedException)
                {
                    Report(progress with { State = PropagationState.GaveUp, Detail = $"committed, but the primary's WAL position could not be read afterwards ({DatabaseFaults.Describe(ex)}), so replay could not be checked" });
                    logger.LogError(ex, "{Zone} serial {Serial}: gave up on {Region}: the WAL position could not be read", target.Zone, target.Serial, region.Name);
                    return;
                }
            }

            // 1. Replay. Waits in slices so a late replica is said to be late at the timeout, then still waited for.
            while (true)
            {
                var left = (progress.State == PropagationState.NotYetVisible ? settings.PropagationWatchLimit : settings.PropagationTimeout) - Elapsed();
                var wait = await gate.WaitForReplayAsync(region, lsn, left > TimeSpan.Zero ? left : TimeSpan.Zero, stopping);
                if (wait.Replayed is not null)
                {
                    break;
                }
                var why = $"not replayed to {lsn} after {Elapsed().TotalSeconds:0.#} s" + (wait.LastError is null ? "" : $" (last read: {wait.LastError})");
                if (progress.State == PropagationState.NotYetVisible)
                {
                    Report(progress with { State = PropagationState.GaveUp, Detail = $"{why}; no longer watched" });
                    logger.LogError("{Zone} serial {Serial}: gave up on {Region}: {Why}", target.Zone, target.Serial, region.Name, why);
                    return;
                }
                Report(progress with { State = PropagationState.NotYetVisible, Detail = $"{why}; still waiting" });
                logger.LogWarning("{Zone} serial {Serial}: not yet visible in {Region}: {Why}", target.Zone, target.Serial, region.Name, why);
            }
            Report(progress with { State = progress.State == PropagationState.NotYetVisible ? PropagationState.NotYetVisible : PropagationState.Confirming, Replayed = Elapsed() });

            // 2. Flush, then ask; again until every answer matches.
            var retry = FirstRetry;
            while (true)
            {
                var attempt = progress.Attempts + 1;
                var problem = await FlushAsync(region, target, stopping);
                if (problem is null && progress.Flushed is null)
                {
                    Report(progress with { Flushed = Elapsed() });
                }
                problem ??= await ConfirmAsync(region, target, expected, stopping);
                if (problem is null)
                {
                    var wasLate = progress.State == PropagationState.NotYetVisible;
                    Report(progress with { State = PropagationState.Visible, Visible = Elapsed(), Detail = null, Attempts = attempt });
                    if (attempt > 1 || wasLate)
                    {
                        logger.LogInformation("{Zone} serial {Serial}: visible in {Region} after {Elapsed} ms ({Attempts} attempts)", target.Zone, target.Serial, region.Name, Elapsed().TotalMilliseconds, attempt);
                    }
                    return;
                }
                var elapsed = Elapsed();
                if (elapsed >= settings.PropagationWatchLimit)
                {
                    Report(progress with { State = PropagationState.GaveUp, Detail = $"{problem}; no longer watched after {elapsed.TotalMinutes:0.#} min", Attempts = attempt });
                    logger.LogError("{Zone} serial {Serial}: gave up on {Region}: {Problem}", target.Zone, target.Serial, region.Name, problem);
                    return;
                }
                if (elapsed >= settings.PropagationTimeout && progress.State != PropagationState.NotYetVisible)
                {
                    Report(progress with { State = PropagationState.NotYetVisible, Detail = $"{problem}; still watching", Attempts = attempt });
                    logger.LogWarning("{Zone} serial {Serial}: not yet visible in {Region}: {Problem}", target.Zone, target.Serial, region.Name, problem);
                }
                else
                {
                    Report(progress with { Detail = problem, Attempts = attempt });
                }
                await Task.Delay(retry, time, stopping);
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, MaxRetry.Ticks));
            }
        }
        catch (Exception ex) when (stopping.IsCancellationRequested || ex is ObjectDisposedException)
        {
            // Shutting down (the container may already have disposed what the run uses).
            Report(progress with { State = PropagationState.GaveUp, Detail = "the dashboard stopped before this was confirmed" });
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "{Zone} serial {Serial}: tracking {Region} failed", target.Zone, target.Serial, region.Name);
            Report(progress with { State = PropagationState.GaveUp, Detail = $"tracking failed: {ex.Message}" });
        }
    }

    /// <summary>
    /// A region's state changed: alert on "not yet visible" and "given up", clear on visible; save the run once every
    /// region has settled, and at every change after that. In the background: neither holds the region's tracking.
    /// </summary>
    private void StateChanged(PropagationRun run, string region, RegionProgress now, TimelineSaver saver)
    {
        var stopping = _stopping.Token;
        _ = now.State switch
        {
            PropagationState.NotYetVisible => alerts.LateAsync(run, region, now.Detail ?? "not confirmed", stopping),
            PropagationState.GaveUp when !stopping.IsCancellationRequested => alerts.GaveUpAsync(run, region, now.Detail ?? "not confirmed", stopping),
            PropagationState.Visible => alerts.VisibleAsync(run, region, stopping),
            _ => Task.CompletedTask,
        };
        if (run.Current.AllSettled)
        {
            _ = saver.SaveAsync();
        }
    }

    /// <summary>
    /// Saves one run with its change (<see cref="PropagationLog"/>), one save at a time, each writing the run as it is
    /// then (so the last save always writes the latest state). The save of the ended run is tried again for a while
    /// if the primary does not take it; then <see cref="PropagationRun.Stored"/> completes.
    /// </summary>
    private sealed class TimelineSaver(PropagationLog log, ZoneChangeNotices notices, ILogger logger, TimeProvider time, CancellationToken stopping, PropagationRun run, PropagationTarget target)
    {
        private readonly SemaphoreSlim _one = new(1, 1);

        public string? Lsn { get; set; }

        public async Task SaveAsync()
        {
            if (target.ChangeId is not { } id)
            {
                return;
            }
            try
            {
                await _one.WaitAsync(stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                for (var attempt = 1; ; attempt++)
                {
                    var snapshot = run.Current;
                    var ended = snapshot.Regions.All(r => r.State is PropagationState.Visible or PropagationState.GaveUp);
                    try
                    {
                        await log.SaveAsync(id, snapshot, Lsn, ended, target.ZoneDeleted, stopping);
                        notices.Announce(target.Zone);
                        if (ended)
                        {
                            run.MarkStored(true);
                        }
                        return;
                    }
                    catch (Exception ex) when (!stopping.IsCancellationRequested && ex is not ObjectDisposedException)
                    {
                        logger.LogWarning(ex, "{Zone} serial {Serial}: could not save the propagation timeline (attempt {Attempt})", target.Zone, target.Serial, attempt);
                        if (!ended || attempt >= SaveAttempts)
                        {
                            if (ended)
                            {
                                run.MarkStored(false);
                            }
                            return;
                        }
                    }
                    await Task.Delay(SaveRetry, time, stopping);
                }
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                run.MarkStored(false);
            }
            finally
            {
                _one.Release();
            }
        }
    }

    /// <summary>The ended run's save is tried this many times, this far apart (a primary restart takes seconds).</summary>
    private const int SaveAttempts = 10;
    private static readonly TimeSpan SaveRetry = TimeSpan.FromSeconds(3);

    /// <summary>Flushes the target's names from the region's PowerDNS; null when done, else why not.</summary>
    private async Task<string?> FlushAsync(RegionOptions region, PropagationTarget target, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Value.PowerDnsApiTimeout);
        try
        {
            await gate.FlushAsync(region, target.Names, deadline.Token);
            return null;
        }
        catch (Exception ex) when (ex is PowerDnsApiException or HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return ex is OperationCanceledException ? "its PowerDNS API did not answer the cache flush in time"
                : ex is HttpRequestException { InnerException: System.Net.Sockets.SocketException } ? "its PowerDNS API refused the cache flush (connection refused)"
                : $"the cache flush failed ({ex.Message})";
        }
    }

    /// <summary>Asks the region for the target's RRsets and compares with the primary; null when every answer matches, else the first difference.</summary>
    private async Task<string?> ConfirmAsync(RegionOptions region, PropagationTarget target, SharedExpectations shared, CancellationToken cancellationToken)
    {
        if (target.ZoneDeleted)
        {
            var reply = await resolver.QueryAsync(region, target.Zone, RecordType.SOA, cancellationToken);
            if (reply.Outcome is CheckOutcome.Refused or CheckOutcome.NxDomain)
            {
                return null;
            }
            // Created again since: the deletion is moot, and waiting for the region to forget the zone would never end.
            var again = await expectations.ReadAsync([target.Zone], [RecordType.SOA], cancellationToken);
            return again[target.Zone].Rows.Count > 0
                ? null
                : $"still answers for {target.Zone} ({CheckWords.Outcome(reply.Outcome, reply.ResponseCode)})";
        }
        var read = shared.Get(cancellationToken);
        IReadOnlyDictionary<string, CheckRules.Expected> expected;
        try
        {
            expected = await read;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && DatabaseFaults.IsUnavailable(ex))
        {
            // Not this region's fault: tried again (with a fresh read) like any other difference.
            shared.Invalidate(read);
            return $"the primary's rows could not be read to compare with ({DatabaseFaults.Describe(ex)})";
        }
        var cells = await Task.WhenAll(Asked(target).Select(async key =>
            CheckRules.Cell(key.Name, key.Type, region.Name, await resolver.QueryAsync(region, key.Name, key.Type, cancellationToken), expected[key.Name])));
        var wrong = cells.FirstOrDefault(c => c.Comparison != CheckComparison.Matches);
        if (wrong is null)
        {
            return null;
        }
        // The primary may have moved on since (a later change): the next try compares with a fresh read.
        shared.Invalidate(read);
        return $"{wrong.Name} {wrong.Type.Mnemonic()}: {CheckWords.Outcome(wrong.Outcome, wrong.ResponseCode)}, {wrong.Detail ?? wrong.Comparison.ToString().ToLowerInvariant()}";
    }

    /// <summary>
    /// The primary's rows for one run's asked RRsets, read once and shared by every region's tries (three regions asking
    /// at once made three reads per try); read again only after a try found a difference.
    /// </summary>
    private sealed class SharedExpectations(ICheckExpectations expectations, PropagationTarget target)
    {
        private readonly Lock _lock = new();
        private Task<IReadOnlyDictionary<string, CheckRules.Expected>>? _read;

        public Task<IReadOnlyDictionary<string, CheckRules.Expected>> Get(CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                if (_read is null || _read.IsFaulted || _read.IsCanceled)
                {
                    var keys = Asked(target);
                    _read = expectations.ReadAsync([.. keys.Select(k => k.Name).Distinct()], [.. keys.Select(k => k.Type).Distinct()], cancellationToken);
                }
                return _read;
            }
        }

        public void Invalidate(Task<IReadOnlyDictionary<string, CheckRules.Expected>> seen)
        {
            lock (_lock)
            {
                if (ReferenceEquals(_read, seen))
                {
                    _read = null;
                }
            }
        }
    }

    /// <summary>
    /// The RRsets asked: the zone's SOA first (it carries the new serial), then the changed ones whose answers the checks'
    /// rules compare (<see cref="ComparedTypes"/>), at most <see cref="PropagationTarget.MaxKeysAsked"/>. A change of
    /// another type (DNAME, DS, TLSA, …) is confirmed by the SOA's new serial, asked after the same flush.
    /// </summary>
    public static IReadOnlyList<RRsetKey> Asked(PropagationTarget target) =>
        [.. target.Expect.Where(k => ComparedTypes.Contains(k.Type)).Prepend(new RRsetKey(target.Zone, RecordType.SOA)).Distinct().Take(PropagationTarget.MaxKeysAsked)];

    /// <summary>The types whose answers are compared record by record: the checks' types and PTR.</summary>
    public static readonly IReadOnlySet<RecordType> ComparedTypes = new HashSet<RecordType>(CheckPlan.CheckableTypes.Append(RecordType.PTR));

    /// <summary>Stops every run's watching. The token source is not disposed: runs still winding down read its token.</summary>
    public void Dispose() => _stopping.Cancel();
}
