using System.Diagnostics;
using Dashboard.Configuration;
using Dashboard.Data;
using Dashboard.PowerDns;
using Microsoft.Extensions.Options;
using NpgsqlTypes;

namespace Dashboard.Features.Propagation;

/// <summary>
/// Makes a committed write visible in every region without poisoning PowerDNS's caches: wait until each replica has
/// replayed the primary's WAL up to the write's LSN, and only then flush that region's PowerDNS caches for the
/// changed names. Probing earlier would cache a miss for the negative query cache TTL (measured 65 s).
/// Replay is watched by one <see cref="ReplayWatcher"/> per replica, shared by every wait. Flushes run in parallel,
/// one per name that no other changed name contains: PowerDNS (4.7) purges the flushed name's whole subtree, and each
/// flush call costs about 30 ms there (see <see cref="FlushTargets"/>).
/// Singleton, thread-safe; callers own cancellation.
/// </summary>
public sealed class ReplicationGate
{
    private readonly RegionDataSources _dataSources;
    private readonly PowerDnsApiClient _powerDns;
    private readonly IOptions<DashboardOptions> _options;
    private readonly Dictionary<string, ReplayWatcher> _watchers;

    public ReplicationGate(RegionDataSources dataSources, PowerDnsApiClient powerDns, IOptions<DashboardOptions> options, TimeProvider time)
    {
        _dataSources = dataSources;
        _powerDns = powerDns;
        _options = options;
        _watchers = options.Value.Regions.Where(r => r.Role != RegionRole.Primary).ToDictionary(
            r => r.Name,
            r => new ReplayWatcher(cancellationToken => ReadReplayedAsync(r.Name, cancellationToken), time),
            StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The watcher of a replica's replay position (for tests and benchmarks).</summary>
    public ReplayWatcher WatcherFor(string region) => _watchers[region];

    /// <summary>
    /// The primary's WAL position to wait for; read it right after COMMIT. It is the position flushed to disk: a
    /// synchronous COMMIT returns only once its record is flushed, so that position includes the commit, and it is all a
    /// walsender can send. The position written (<c>pg_current_wal_lsn()</c>) may be further on, by WAL that other work
    /// (autovacuum, a big transaction) wrote but nobody flushed yet; the replicas receive it only at the WAL writer's
    /// next flush (wal_writer_delay, 200 ms by default), and a wait for it took 200 or 400 ms instead of a few. With
    /// <c>synchronous_commit = off</c> a COMMIT returns before its flush, so then the position written is read.
    /// </summary>
    public async Task<NpgsqlLogSequenceNumber> CurrentPrimaryLsnAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSources.Primary.CreateCommand(
            "SELECT CASE WHEN current_setting('synchronous_commit') = 'off' THEN pg_current_wal_lsn() ELSE pg_current_wal_flush_lsn() END");
        return (NpgsqlLogSequenceNumber)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// For every region at once: wait for replay to reach <paramref name="lsn"/> and flush <paramref name="names"/>
    /// from its PowerDNS caches, all within <paramref name="timeout"/>. A region that fails is reported, not thrown.
    /// </summary>
    public async Task<IReadOnlyList<RegionPropagation>> PropagateAsync(
        NpgsqlLogSequenceNumber lsn, IReadOnlyCollection<string> names, TimeSpan timeout, CancellationToken cancellationToken) =>
        await Task.WhenAll(_options.Value.Regions.Select(r => PropagateToAsync(r, lsn, names, timeout, cancellationToken)));

    /// <summary>One region's part of <see cref="PropagateAsync"/>: wait for replay to reach <paramref name="lsn"/>, then flush, within <paramref name="timeout"/>.</summary>
    public async Task<RegionPropagation> PropagateToAsync(
        RegionOptions region, NpgsqlLogSequenceNumber lsn, IReadOnlyCollection<string> names, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var replay = await WaitForReplayAsync(region, lsn, timeout, deadline.Token);
            if (replay.Replayed is null)
            {
                var why = replay.LastError is null ? "" : $" (last read: {replay.LastError})";
                return new RegionPropagation(region.Name, false, Stopwatch.GetElapsedTime(started), $"not replayed to {lsn} within {timeout.TotalSeconds:0.#} s{why}");
            }
            var replayedAfter = Stopwatch.GetElapsedTime(started);
            await FlushAsync(region, names, deadline.Token);
            return new RegionPropagation(region.Name, true, replayedAfter, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new RegionPropagation(region.Name, false, Stopwatch.GetElapsedTime(started), $"not replayed and flushed within {timeout.TotalSeconds:0.#} s");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new RegionPropagation(region.Name, false, Stopwatch.GetElapsedTime(started), DatabaseFaults.IsUnavailable(ex) ? DatabaseFaults.Describe(ex) : ex.Message);
        }
    }

    /// <summary>
    /// Waits until a replica has replayed <paramref name="lsn"/> (through its shared <see cref="ReplayWatcher"/>), or
    /// the timeout passes. The primary has every write it made (and has no replay position), so it returns at once.
    /// </summary>
    public async Task<ReplayWait> WaitForReplayAsync(
        RegionOptions region, NpgsqlLogSequenceNumber lsn, TimeSpan timeout, CancellationToken cancellationToken) =>
        region.Role == RegionRole.Primary ? new ReplayWait(lsn, null) : await _watchers[region.Name].WaitAsync(lsn, timeout, cancellationToken);

    /// <summary>Flushes <paramref name="names"/> from <paramref name="region"/>'s PowerDNS caches: one call per <see cref="FlushTargets"/> name, in parallel.</summary>
    public Task FlushAsync(RegionOptions region, IEnumerable<string> names, CancellationToken cancellationToken) =>
        Task.WhenAll(FlushTargets(names).Select(name => _powerDns.FlushCacheAsync(region, name, cancellationToken)));

    /// <summary>
    /// The names to flush for <paramref name="names"/>: each once, and none that another of them contains (a flush
    /// purges the flushed name and everything under it), so a zone's apex alone covers every name of that zone.
    /// </summary>
    public static IReadOnlyList<string> FlushTargets(IEnumerable<string> names)
    {
        var distinct = names.Select(n => n.TrimEnd('.').ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
        return [.. distinct.Where(name => !distinct.Any(other => other != name && (other.Length == 0 || name.EndsWith("." + other, StringComparison.Ordinal))))];
    }

    private async Task<NpgsqlLogSequenceNumber?> ReadReplayedAsync(string region, CancellationToken cancellationToken)
    {
        await using var command = _dataSources.For(region).CreateCommand("SELECT pg_last_wal_replay_lsn()");
        return await command.ExecuteScalarAsync(cancellationToken) as NpgsqlLogSequenceNumber?;
    }
}

/// <summary>How one region took a change: whether it is visible (replayed and flushed), and after how long.</summary>
public sealed record RegionPropagation(string Region, bool Visible, TimeSpan Elapsed, string? Error);
