using System.Text.Json;
using Dashboard.Configuration;
using Dashboard.Data;
using Dashboard.Data.Configurations;
using Dashboard.Features.Audit;
using Dashboard.Features.Auth;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Dashboard.Features.Propagation;

/// <summary>One region's stored progress (JSON in <see cref="PropagationTimelineRow.Regions"/>); times in ms from the COMMIT.</summary>
public sealed record StoredRegionProgress(string Region, PropagationState State, double? ReplayedMs, double? FlushedMs, double? VisibleMs, string? Detail, int Attempts)
{
    public static StoredRegionProgress From(RegionProgress p) => new(
        p.Region, p.State, p.Replayed?.TotalMilliseconds, p.Flushed?.TotalMilliseconds, p.Visible?.TotalMilliseconds, p.Detail, p.Attempts);

    public RegionProgress ToProgress() => new(
        Region, State, Ms(ReplayedMs), Ms(FlushedMs), Ms(VisibleMs), Detail, Attempts);

    private static TimeSpan? Ms(double? ms) => ms is { } value ? TimeSpan.FromMilliseconds(value) : null;
}

/// <summary>A change's stored timeline, as read back for the Audit page and the zone page's history.</summary>
/// <param name="Abandoned">
/// Not ended, and not saved for longer than the watch limit: the dashboard that watched it stopped before the regions
/// still listed as waiting or not yet visible were confirmed.
/// </param>
public sealed record StoredTimeline(
    Guid Id, string Zone, long? Serial, bool ZoneDeleted, DateTimeOffset CommittedAt, string? CommitLsn,
    IReadOnlyList<RegionProgress> Regions, DateTimeOffset UpdatedAt, DateTimeOffset? EndedAt, IReadOnlyList<long> AuditIds, bool Abandoned)
{
    public bool AllVisible => Regions.Count > 0 && Regions.All(r => r.State == PropagationState.Visible);
}

/// <summary>A zone's change as its history lists it: the timeline, and who did what (its first audit entry, and how many).</summary>
public sealed record ZoneHistoryItem(StoredTimeline Timeline, string? Actor, string? Action, string? Name, string? Type, string? Reason, int Changes);

/// <summary>
/// Stores each change's propagation timeline with the change, and reads it back. The row is inserted by the change's
/// own transaction (<see cref="InsertFollowingAudit"/>, chained to its audit entries' INSERT, so the row names
/// exactly those entries); <see cref="PropagationTracker"/> then saves the run as regions settle
/// (<see cref="SaveAsync"/>). Singleton, stateless; callers own cancellation.
/// </summary>
public sealed class PropagationLog(RegionDataSources sources, IOptions<DashboardOptions> options, TimeProvider time)
{
    public const string Table = $"{DashboardDbContext.Schema}.{PropagationTimelineConfiguration.Table}";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>
    /// The statement that follows an audit INSERT (<see cref="AuditLog.Insert"/>'s <c>then</c>): adds change
    /// <paramref name="changeId"/>'s timeline row naming the entries just inserted (the <c>audited</c> rows). A second
    /// audit INSERT of the same change appends its entries to the same row.
    /// </summary>
    public static AuditFollowUp InsertFollowingAudit(Guid changeId, string zone) => new(
        $"""
        INSERT INTO {Table} (id, zone, zone_deleted, audit_ids)
        SELECT @timeline_id, @timeline_zone, false, COALESCE(array_agg(id ORDER BY id), ARRAY[]::bigint[]) FROM audited
        ON CONFLICT (id) DO UPDATE SET audit_ids = {Table}.audit_ids || excluded.audit_ids
        """,
        [new NpgsqlParameter<Guid>("timeline_id", changeId), new NpgsqlParameter<string>("timeline_zone", zone)]);

    /// <summary>Saves the run's state: the commit time, WAL position, serial and every region's progress; <paramref name="ended"/> when nothing is watched any more.</summary>
    public async Task SaveAsync(Guid changeId, PropagationSnapshot snapshot, string? commitLsn, bool ended, bool zoneDeleted, CancellationToken cancellationToken)
    {
        await using var command = sources.Primary.CreateCommand($"""
            UPDATE {Table} SET committed_at = @committed, serial = @serial, zone_deleted = @deleted, commit_lsn = @lsn,
                regions = @regions, updated_at = @now, ended_at = CASE WHEN @ended THEN @now END
            WHERE id = @id
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid>("id", changeId));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("committed", snapshot.CommittedAt));
        command.Parameters.Add(new NpgsqlParameter("serial", NpgsqlDbType.Bigint) { Value = snapshot.Serial is { } s ? s : DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<bool>("deleted", zoneDeleted));
        command.Parameters.Add(new NpgsqlParameter("lsn", NpgsqlDbType.Text) { Value = commitLsn ?? (object)DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<string>("regions", NpgsqlDbType.Jsonb) { TypedValue = JsonSerializer.Serialize(snapshot.Regions.Select(StoredRegionProgress.From), Json) });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", time.GetUtcNow()));
        command.Parameters.Add(new NpgsqlParameter<bool>("ended", ended));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The timelines of the changes that wrote <paramref name="auditIds"/>, by audit entry id.</summary>
    public async Task<IReadOnlyDictionary<long, StoredTimeline>> ForAuditEntriesAsync(IReadOnlyCollection<long> auditIds, CancellationToken cancellationToken)
    {
        var byEntry = new Dictionary<long, StoredTimeline>();
        if (auditIds.Count == 0)
        {
            return byEntry;
        }
        await using var command = sources.Primary.CreateCommand($"SELECT {Columns} FROM {Table} t WHERE t.audit_ids && @ids");
        command.Parameters.Add(new NpgsqlParameter<long[]>("ids", [.. auditIds]));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var timeline = Read(reader);
            foreach (var id in timeline.AuditIds.Where(auditIds.Contains))
            {
                byEntry[id] = timeline;
            }
        }
        return byEntry;
    }

    /// <summary>The timelines of the changes <paramref name="changeIds"/>, by id (a change without one is left out).</summary>
    public async Task<IReadOnlyDictionary<Guid, StoredTimeline>> ForChangesAsync(IReadOnlyCollection<Guid> changeIds, CancellationToken cancellationToken)
    {
        var byId = new Dictionary<Guid, StoredTimeline>();
        if (changeIds.Count == 0)
        {
            return byId;
        }
        await using var command = sources.Primary.CreateCommand($"SELECT {Columns} FROM {Table} t WHERE t.id = ANY(@ids)");
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", [.. changeIds]));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var timeline = Read(reader);
            byId[timeline.Id] = timeline;
        }
        return byId;
    }

    /// <summary>A zone's newest changes, newest first, each with its first audit entry (an import's own entry) and how many it wrote.</summary>
    public async Task<IReadOnlyList<ZoneHistoryItem>> ForZoneAsync(Actor actor, string zone, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.Demand(Permission.ReadAudit);
        await using var command = sources.Primary.CreateCommand($"""
            SELECT {Columns}, a.actor_name, a.action, a.name, a.type, a.reason
            FROM {Table} t
            LEFT JOIN LATERAL (
                SELECT e.actor_name, e.action, e.name, e.type, e.reason
                FROM {DashboardDbContext.Schema}.{AuditEntryConfiguration.Table} e WHERE e.id = t.audit_ids[1]) a ON true
            WHERE t.zone = @zone ORDER BY t.committed_at DESC LIMIT @limit
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("zone", zone));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<ZoneHistoryItem>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var timeline = Read(reader);
            string? Text(int i) => reader.IsDBNull(ColumnCount + i) ? null : reader.GetString(ColumnCount + i);
            items.Add(new ZoneHistoryItem(timeline, Text(0), Text(1), Text(2), Text(3), Text(4), timeline.AuditIds.Count));
        }
        return items;
    }

    private const string Columns = "t.id, t.zone, t.serial, t.zone_deleted, t.committed_at, t.commit_lsn, t.regions::text, t.updated_at, t.ended_at, t.audit_ids";
    private const int ColumnCount = 10;

    private StoredTimeline Read(NpgsqlDataReader reader)
    {
        var regions = JsonSerializer.Deserialize<List<StoredRegionProgress>>(reader.GetString(6), Json) ?? [];
        var updated = reader.GetFieldValue<DateTimeOffset>(7);
        DateTimeOffset? ended = reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8);
        return new StoredTimeline(
            reader.GetGuid(0),
            reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetInt64(2),
            reader.GetBoolean(3),
            reader.GetFieldValue<DateTimeOffset>(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            [.. regions.Select(r => r.ToProgress())],
            updated,
            ended,
            reader.GetFieldValue<long[]>(9),
            ended is null && time.GetUtcNow() - updated > options.Value.PropagationWatchLimit + TimeSpan.FromMinutes(1));
    }
}
