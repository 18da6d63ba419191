using Dashboard.Client.Live;

namespace Dashboard.Features.Lag;

/// <summary>One row of the primary's <c>pg_stat_replication</c>, matched to a replica by application name or slot.</summary>
public sealed record ReplicationRow(string? ApplicationName, string? SlotName, string? State, TimeSpan? ReplayLag, TimeSpan? WriteLag, TimeSpan? FlushLag, long? ByteLag);

/// <summary>What the primary said in one round; <see cref="Error"/> set (and the rest empty) when it did not answer.</summary>
/// <param name="ClockAt">The primary's <c>clock_timestamp()</c> when it answered.</param>
/// <param name="ReadAt">The sampler's monotonic timestamp (<see cref="TimeProvider.GetTimestamp"/>) at the middle of the query.</param>
public sealed record PrimaryReading(DateTimeOffset? ClockAt, long ReadAt, IReadOnlyList<ReplicationRow> Rows, string? Error)
{
    public ReplicationRow? For(string region) =>
        Rows.FirstOrDefault(r => string.Equals(r.ApplicationName, region, StringComparison.OrdinalIgnoreCase))
        ?? Rows.FirstOrDefault(r => string.Equals(r.SlotName, region, StringComparison.OrdinalIgnoreCase));
}

/// <summary>What one replica said in one round; <see cref="Error"/> set when its database did not answer in time.</summary>
/// <param name="HeartbeatAt">The replica's copy of the heartbeat's <c>at</c> (the primary's clock when it was written); null when it has none.</param>
/// <param name="ReadAt">The sampler's monotonic timestamp at the middle of the query.</param>
public sealed record ReplicaReading(string Region, DateTimeOffset? HeartbeatAt, long ReadAt, long? ReceiveReplayGapBytes, string? WalReceiverStatus, string? Error);

/// <summary>
/// Turns one round's raw readings into samples: the rules of what is known and what is not, in one place. Pure.
/// <para>
/// Heartbeat lag is how old the replica's newest heartbeat is, on the primary's clock: the primary's
/// <c>clock_timestamp()</c>, carried forward to the moment the replica was read with the sampler's monotonic clock,
/// minus the heartbeat's <c>at</c> (also the primary's clock). So only the primary's clock and the sampler's elapsed
/// time are trusted, never the replica's clock; the figure is high by at most one heartbeat interval (the true lag is
/// between it minus the interval and it), plus the query's half round trip.
/// </para>
/// </summary>
public static class LagSampleMapper
{
    public static LagSampleDto Map(string region, DateTimeOffset at, PrimaryReading primary, ReplicaReading replica, TimeProvider time)
    {
        if (replica.Error is not null)
        {
            return new LagSampleDto(region, at, ReplicaState.Unreachable, null, null, null, null, null, null, null, $"database not answering: {replica.Error}");
        }

        var row = primary.Error is null ? primary.For(region) : null;
        var receiving = string.Equals(replica.WalReceiverStatus, "streaming", StringComparison.OrdinalIgnoreCase);
        string? problem = null;
        if (!receiving)
        {
            problem = replica.WalReceiverStatus is null ? "WAL receiver not running" : $"WAL receiver {replica.WalReceiverStatus}";
        }
        else if (primary.Error is not null)
        {
            problem = $"primary not answering: {primary.Error}";
        }
        else if (row is null)
        {
            problem = "no pg_stat_replication row on the primary";
        }
        else if (row.State is not ("streaming" or "catchup"))
        {
            problem = $"replication state {row.State ?? "unknown"}";
        }

        if (problem is not null)
        {
            return new LagSampleDto(region, at, ReplicaState.Disconnected, null, null, null, null, row?.ByteLag, replica.ReceiveReplayGapBytes, replica.WalReceiverStatus, problem);
        }

        double? heartbeatLag = null;
        if (replica.HeartbeatAt is { } heartbeat && primary.ClockAt is { } primaryClock)
        {
            var primaryNowAtRead = primaryClock + (replica.ReadAt >= primary.ReadAt
                ? time.GetElapsedTime(primary.ReadAt, replica.ReadAt)
                : -time.GetElapsedTime(replica.ReadAt, primary.ReadAt));
            // A heartbeat "newer" than now is a heartbeat just written: the replica is current.
            heartbeatLag = Math.Max(0, (primaryNowAtRead - heartbeat).TotalMilliseconds);
        }
        else
        {
            problem = "no heartbeat on the replica yet";
        }

        return new LagSampleDto(
            region,
            at,
            row!.State == "catchup" ? ReplicaState.Catchup : ReplicaState.Streaming,
            heartbeatLag,
            row.ReplayLag?.TotalMilliseconds,
            row.WriteLag?.TotalMilliseconds,
            row.FlushLag?.TotalMilliseconds,
            row.ByteLag,
            replica.ReceiveReplayGapBytes,
            replica.WalReceiverStatus,
            problem);
    }
}
