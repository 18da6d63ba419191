using Dashboard.Client.Live;
using Dashboard.Configuration;
using Dashboard.Data;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Lag;

/// <summary>
/// The role holder's sampling loop (run by <see cref="LagCoordinator"/>): every sample interval it reads the primary
/// and every replica in parallel, each bounded by its own timeout, publishes the round to <see cref="LagStore"/> and
/// <see cref="LagHistory"/>, runs each replica's <see cref="AlertTracker"/> and stores what changed, and writes each
/// finished minute and, hourly, the retention deletes (lag minutes, the API's idempotency keys).
/// </summary>
public sealed class LagSampler(
    LagDatabase database,
    LagStore store,
    LagHistory history,
    AlertStoreRefresher alerts,
    LagFeed feed,
    Api.ApiIdempotency idempotency,
    IOptions<DashboardOptions> options,
    TimeProvider time,
    ILogger<LagSampler> logger)
{
    public static readonly TimeSpan RetentionEvery = TimeSpan.FromHours(1);

    private long _round;

    private LagOptions Lag => options.Value.Lag;

    private IReadOnlyList<string> Replicas => options.Value.Regions.Where(r => r.Role == RegionRole.Replica).Select(r => r.Name).ToList();

    /// <summary>How long one replica's (or the primary's) reading may take before it counts as not answering.</summary>
    public TimeSpan ReadingTimeout => options.Value.ProbeTimeout < Lag.SampleInterval ? options.Value.ProbeTimeout : Lag.SampleInterval;

    /// <summary>One round: every replica's sample, in configuration order. Never throws for a region that fails.</summary>
    public async Task<IReadOnlyList<LagSampleDto>> SampleRoundAsync(CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var started = time.GetTimestamp();
        var replicas = Replicas;
        var primaryTask = Bounded(ct => database.ReadPrimaryAsync(ct), () => new PrimaryReading(null, started, [], LagDatabase.NoAnswer), cancellationToken);
        var replicaTasks = replicas.Select(r => Bounded(ct => database.ReadReplicaAsync(r, ct), () => new ReplicaReading(r, null, started, null, null, LagDatabase.NoAnswer), cancellationToken)).ToList();
        var primary = await primaryTask;
        var readings = await Task.WhenAll(replicaTasks);
        cancellationToken.ThrowIfCancellationRequested();
        return readings.Select(r => LagSampleMapper.Map(r.Region, at, primary, r, time)).ToList();
    }

    /// <summary>
    /// One reading, given up at <see cref="ReadingTimeout"/> even when its statement does not end then: a hung server
    /// (paused, not down) does not answer Npgsql's cancellation either, and one such replica held the whole round, every
    /// region's sample with it, for about 20 s. Left running, it ends on its own.
    /// </summary>
    private async Task<T> Bounded<T>(Func<CancellationToken, Task<T>> read, Func<T> noAnswer, CancellationToken cancellationToken)
    {
        try
        {
            return await BoundedRead.RunAsync(read, ReadingTimeout, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            return noAnswer();
        }
    }

    /// <summary>Samples until cancelled, starting once the first heartbeat is written. The caller owns cancellation.</summary>
    public async Task RunAsync(Task firstBeat, CancellationToken cancellationToken)
    {
        await firstBeat.WaitAsync(cancellationToken);
        // Let the first heartbeat reach the replicas: a replica's copy from before this term would read as old lag.
        await Task.Delay(Lag.HeartbeatInterval, time, cancellationToken);

        var trackers = Replicas.ToDictionary(r => r, r => new AlertTracker(r, Lag.For(r), Lag.AlertAfterSamples), StringComparer.OrdinalIgnoreCase);
        foreach (var open in await database.ReadOpenAlertsAsync(AlertKind.Lag, cancellationToken))
        {
            if (trackers.TryGetValue(open.Region, out var tracker))
            {
                tracker.Resume(new TrackedAlert(open.Id, open.Severity, open.Cause, open.OpenedAt, open.PeakLagMs));
            }
        }
        var minutes = new MinuteAggregator();
        long? lastRetention = null;
        try
        {
            using var timer = new PeriodicTimer(Lag.SampleInterval, time);
            do
            {
                var samples = await SampleRoundAsync(cancellationToken);
                var round = Interlocked.Increment(ref _round);
                var snapshot = new LagSnapshot(samples, round, samples.Count > 0 ? samples[0].At : time.GetUtcNow());
                store.Publish(snapshot);
                history.Append(samples);
                await TryAsync(() => feed.ShareAsync(snapshot, cancellationToken), "share the round with the other instances");

                if (await EvaluateAlertsAsync(trackers, samples, cancellationToken))
                {
                    await TryAsync(() => alerts.ChangedAsync(cancellationToken), "refresh the open alerts");
                }
                foreach (var sample in samples)
                {
                    if (minutes.Add(sample.Region, sample.At, sample.HeartbeatLagMs) is { } finished)
                    {
                        await TryAsync(() => database.WriteMinuteAsync(finished.Region, finished.Minute, cancellationToken), $"store {finished.Region}'s minute {finished.Minute:u}");
                    }
                }
                if (lastRetention is null || time.GetElapsedTime(lastRetention.Value) >= RetentionEvery)
                {
                    lastRetention = time.GetTimestamp();
                    await TryAsync(() => database.DeleteMinutesBeforeAsync(LagDownsampling.RetentionCutOff(time.GetUtcNow(), Lag.HistoryRetention), cancellationToken), "delete minutes past retention");
                    await TryAsync(() => idempotency.DeleteExpiredAsync(cancellationToken), "delete API idempotency keys past retention");
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        finally
        {
            // The minute in progress is stored as far as it got (merged if the next holder writes the same minute).
            foreach (var (region, minute) in minutes.Flush())
            {
                using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await TryAsync(() => database.WriteMinuteAsync(region, minute, bound.Token), $"store {region}'s partial minute");
            }
        }
    }

    /// <summary>Runs every tracker; stores each opened, changed or closed alert. Returns whether any changed.</summary>
    private async Task<bool> EvaluateAlertsAsync(Dictionary<string, AlertTracker> trackers, IReadOnlyList<LagSampleDto> samples, CancellationToken cancellationToken)
    {
        var changed = false;
        foreach (var sample in samples)
        {
            if (!trackers.TryGetValue(sample.Region, out var tracker))
            {
                continue;
            }
            var change = tracker.Evaluate(sample);
            if (change == AlertChange.None && tracker.Open is not { Id: null })
            {
                continue;
            }
            changed = true;
            var alert = change == AlertChange.Closed ? tracker.LastClosed! : tracker.Open!;
            await TryAsync(async () =>
            {
                if (alert.Id is { } id)
                {
                    await database.UpdateAlertAsync(id, alert, cancellationToken);
                }
                else if (alert.ClosedAt is null)
                {
                    tracker.Stored(await database.InsertAlertAsync(sample.Region, alert, cancellationToken));
                }
            }, $"store {sample.Region}'s alert");
        }
        return changed;
    }

    /// <summary>A failed write is logged and retried by the next change or round; sampling goes on.</summary>
    private async Task TryAsync(Func<Task> write, string what)
    {
        try
        {
            await write();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Lag sampler could not {What}", what);
        }
    }
}
