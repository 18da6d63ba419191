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
/// Singleton, thread-safe; callers own cancellation.
/// </summary>
public sealed class ReplicationGate(
    RegionDataSources dataSources,
    PowerDnsApiClient powerDns,
    IOptions<DashboardOptions> options,
    TimeProvider time)
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan MaxPoll = TimeSpan.FromMilliseconds(50);

    /// <summary>The primary's current WAL position; read it right after COMMIT.</summary>
    public async Task<NpgsqlLogSequenceNumber> CurrentPrimaryLsnAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSources.Primary.CreateCommand("SELECT pg_current_wal_lsn()");
        return (NpgsqlLogSequenceNumber)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// After a COMMIT: reads the primary's WAL position and propagates <paramref name="names"/> to every region within
    /// <see cref="DashboardOptions.PropagationTimeout"/>. Never throws for a fault (only for the caller's cancellation):
    /// the write is committed, so a failure here leaves it unconfirmed in the regions named, and says why.
    /// </summary>
    public async Task<IReadOnlyList<RegionPropagation>> PropagateCommittedAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        NpgsqlLogSequenceNumber lsn;
        try
        {
            lsn = await CurrentPrimaryLsnAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = $"committed, but the primary's WAL position could not be read afterwards ({DatabaseFaults.Describe(ex)}), so replay could not be checked";
            return [.. options.Value.Regions.Select(r => new RegionPropagation(r.Name, false, TimeSpan.Zero, reason))];
        }
        return await PropagateAsync(lsn, names, options.Value.PropagationTimeout, cancellationToken);
    }

    /// <summary>
    /// For every region at once: wait for replay to reach <paramref name="lsn"/> and flush <paramref name="names"/>
    /// from its PowerDNS caches, all within <paramref name="timeout"/>. A region that fails is reported, not thrown.
    /// </summary>
    public async Task<IReadOnlyList<RegionPropagation>> PropagateAsync(
        NpgsqlLogSequenceNumber lsn, IReadOnlyCollection<string> names, TimeSpan timeout, CancellationToken cancellationToken) =>
        await Task.WhenAll(options.Value.Regions.Select(r => PropagateToAsync(r, lsn, names, timeout, cancellationToken)));

    /// <summary>One region's part of <see cref="PropagateAsync"/>: wait for replay to reach <paramref name="lsn"/>, then flush, within <paramref name="timeout"/>.</summary>
    public async Task<RegionPropagation> PropagateToAsync(
        RegionOptions region, NpgsqlLogSequenceNumber lsn, IReadOnlyCollection<string> names, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            if (await WaitForReplayAsync(region, lsn, timeout, deadline.Token) is null)
            {
                return new RegionPropagation(region.Name, false, Stopwatch.GetElapsedTime(started), $"not replayed to {lsn} within {timeout.TotalSeconds:0.#} s");
            }
            var replayedAfter = Stopwatch.GetElapsedTime(started);
            foreach (var name in names)
            {
                await powerDns.FlushCacheAsync(region, name, deadline.Token);
            }
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
    /// Polls a replica's <c>pg_last_wal_replay_lsn()</c>; returns it once at or past <paramref name="lsn"/>, or null on
    /// timeout. The primary has every write it made (and has no replay position), so it returns at once.
    /// </summary>
    public async Task<NpgsqlLogSequenceNumber?> WaitForReplayAsync(
        RegionOptions region, NpgsqlLogSequenceNumber lsn, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (region.Role == RegionRole.Primary)
        {
            return lsn;
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var poll = FirstPoll;
        try
        {
            await using var connection = await dataSources.For(region.Name).OpenConnectionAsync(deadline.Token);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT pg_last_wal_replay_lsn()";
            while (true)
            {
                if (await command.ExecuteScalarAsync(deadline.Token) is NpgsqlLogSequenceNumber replayed && replayed >= lsn)
                {
                    return replayed;
                }
                await Task.Delay(poll, time, deadline.Token);
                poll = TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, MaxPoll.Ticks));
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}

/// <summary>How one region took a change: whether it is visible (replayed and flushed), and after how long.</summary>
public sealed record RegionPropagation(string Region, bool Visible, TimeSpan Elapsed, string? Error);
