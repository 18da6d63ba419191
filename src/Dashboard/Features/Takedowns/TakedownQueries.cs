using System.Globalization;
using Dashboard.Data;
using Dashboard.Data.PowerDns;
using Dashboard.Dns;
using Dashboard.Features.Audit;
using Dashboard.Features.Auth;
using Dashboard.Features.Propagation;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Dashboard.Features.Takedowns;

/// <summary>How the Takedowns page looks for names.</summary>
public enum TakedownSearchMode
{
    /// <summary>Exactly this name.</summary>
    Name,

    /// <summary>Every name containing the text.</summary>
    Contains,

    /// <summary>Every name pointing at an IP address or an edge name: A/AAAA with that address, CNAME to that name, and CNAMEs to those, within the zone.</summary>
    Target,
}

/// <summary>A name found by a search: its zone, whether takedowns apply there, its records, and its active takedown if held.</summary>
public sealed record TakedownCandidate(string Name, string Zone, string Tier, bool TakedownsApply, IReadOnlyList<string> Records, long? HeldBy);

/// <summary>The list's filters, every one optional; <see cref="Zone"/> is a prefix, times UTC, the range half-open [From, To).</summary>
public sealed record TakedownFilter(TakedownStatus? Status = null, TakedownReason? Reason = null, string? Actor = null, string? Zone = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>A takedown with what its detail page shows: the rows removed, each change's stored timeline, and its audit entries.</summary>
public sealed record TakedownDetail(TakedownRow Takedown, IReadOnlyList<StoredRecord> RemovedRows, StoredTimeline? Removal, StoredTimeline? Restore, IReadOnlyList<AuditEntry> History);

/// <summary>Reads for the Takedowns pages and the CSV export. Abuse and Admin only (<see cref="Permission.Takedown"/>). Singleton.</summary>
public sealed class TakedownQueries(IDbContextFactory<DashboardDbContext> contexts, RegionDataSources sources, PropagationLog propagation)
{
    public const int MaxCandidates = 500;
    public const int MaxPageSize = 200;
    public const int MaxExportRows = 100_000;

    public async Task<IReadOnlyList<TakedownCandidate>> SearchAsync(Actor actor, TakedownSearchMode mode, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.Demand(Permission.Takedown);
        var query = (text ?? "").Trim().TrimEnd('.').ToLowerInvariant();
        if (query.Length == 0)
        {
            return [];
        }
        // The names first (one per row), then every row at them, with the zone's tier and any active hold.
        var names = mode switch
        {
            TakedownSearchMode.Name => "SELECT DISTINCT r.name FROM records r WHERE r.name = @q AND r.type IS NOT NULL",
            TakedownSearchMode.Contains => "SELECT DISTINCT r.name FROM records r WHERE r.name LIKE '%' || @like || '%' ESCAPE '\\' AND r.type IS NOT NULL",
            _ => """
                 WITH RECURSIVE pointing(name, domain_id, depth) AS (
                     SELECT r.name, r.domain_id, 0 FROM records r
                     WHERE (r.type IN ('A', 'AAAA') AND r.content = @q) OR (r.type = 'CNAME' AND r.content = @q)
                     UNION
                     SELECT r.name, r.domain_id, p.depth + 1 FROM records r
                     JOIN pointing p ON r.type = 'CNAME' AND r.content = p.name AND r.domain_id = p.domain_id
                     WHERE p.depth < 8)
                 SELECT DISTINCT name FROM pointing
                 """,
        };
        await using var command = sources.Primary.CreateCommand($"""
            WITH found AS ({names} LIMIT {MaxCandidates})
            SELECT f.name, d.name, COALESCE(t.tier, 'none'), COALESCE(p.takedowns_apply, false),
                   array_agg(r.type || ' ' || r.content || CASE WHEN r.disabled THEN ' (disabled)' ELSE '' END ORDER BY r.type, r.content),
                   (SELECT h.takedown_id FROM public.name_holds h WHERE h.name = f.name AND h.expires_at > now())
            FROM found f
            JOIN records r ON r.name = f.name AND r.type IS NOT NULL
            JOIN domains d ON d.id = r.domain_id
            LEFT JOIN {DashboardDbContext.Schema}.zone_tiers t ON t.zone_name = d.name
            LEFT JOIN {DashboardDbContext.Schema}.tier_policies p ON p.tier = t.tier
            GROUP BY f.name, d.name, t.tier, p.takedowns_apply
            ORDER BY f.name
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("q", query));
        command.Parameters.Add(new NpgsqlParameter<string>("like", query.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_")));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<TakedownCandidate>();
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new TakedownCandidate(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3),
                reader.GetFieldValue<string[]>(4), reader.IsDBNull(5) ? null : reader.GetInt64(5)));
        }
        return found;
    }

    public async Task<(IReadOnlyList<TakedownRow> Rows, int Total)> PageAsync(Actor actor, TakedownFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.Demand(Permission.Takedown);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = Filtered(db, filter);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Skip(Math.Max(0, page) * Math.Clamp(pageSize, 1, MaxPageSize)).Take(Math.Clamp(pageSize, 1, MaxPageSize))
            .Select(t => Summary(t)).ToListAsync(cancellationToken);
        return (rows, total);
    }

    public async Task<TakedownDetail?> GetAsync(Actor actor, long id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.Demand(Permission.Takedown);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Takedowns.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken) is not { } takedown)
        {
            return null;
        }
        await using var rows = sources.Primary.CreateCommand($"SELECT {StoredRecord.Columns} FROM jsonb_populate_recordset(NULL::records, @rows::jsonb) ORDER BY id");
        rows.Parameters.Add(new NpgsqlParameter<string>("rows", takedown.RemovedRows));
        await using var reader = await rows.ExecuteReaderAsync(cancellationToken);
        var removed = await StoredRecord.ReadAllAsync(reader, cancellationToken);
        var marker = $"takedown #{id.ToString(CultureInfo.InvariantCulture)}";
        var history = await db.AuditEntries.AsNoTracking()
            .Where(e => e.Name == takedown.Name && e.Action.StartsWith("takedown.") && e.After != null
                && (e.After.StartsWith(marker + ":") || e.After.StartsWith(marker + " ")))
            .OrderBy(e => e.Seq).ToListAsync(cancellationToken);
        var timelines = await propagation.ForChangesAsync([.. new[] { takedown.ChangeId, takedown.EndChangeId }.OfType<Guid>()], cancellationToken);
        return new TakedownDetail(takedown, removed,
            takedown.ChangeId is { } change ? timelines.GetValueOrDefault(change) : null,
            takedown.EndChangeId is { } end ? timelines.GetValueOrDefault(end) : null,
            history);
    }

    /// <summary>The filtered list as CSV (RFC 4180, by CsvHelper), newest first, at most <see cref="MaxExportRows"/> rows.</summary>
    public async Task WriteCsvAsync(Actor actor, TakedownFilter filter, TextWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.Demand(Permission.Takedown);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Fields a spreadsheet would run as formulas (evidence and notes are attacker-written) are escaped.
        await using var csv = CsvHelper.CsvWriter.Create(writer, CsvHelper.CsvWriterOptions.Default with { Injection = CsvHelper.CsvInjection.Escape }, leaveOpen: true);
        await csv.WriteRecordAsync(["id", "name", "zone", "reason", "status", "created_at_utc", "hold_until_utc", "actor", "report_reference", "evidence_urls", "ended_at_utc", "ended_by", "end_reason", "note"], cancellationToken);
        await foreach (var t in Filtered(db, filter).OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).Take(MaxExportRows).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            await csv.WriteRecordAsync([
                t.Id.ToString(CultureInfo.InvariantCulture), t.Name, t.Zone, TakedownCommands.Words(t.Reason), t.Status.ToString().ToLowerInvariant(),
                Utc(t.CreatedAt), Utc(t.HoldUntil), t.ActorName, t.ReportReference ?? "", string.Join(" ", t.EvidenceUrls),
                t.EndedAt is { } ended ? Utc(ended) : "", t.EndedBy ?? "", t.EndReason ?? "", t.Note], cancellationToken);
        }
        await csv.FlushAsync(cancellationToken);
    }

    /// <summary>The names that have taken something down, for the actor filter's choices.</summary>
    public async Task<IReadOnlyList<string>> ActorsAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.Demand(Permission.Takedown);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Takedowns.Select(t => t.ActorName).Distinct().OrderBy(n => n).Take(500).ToListAsync(cancellationToken);
    }

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static IQueryable<TakedownRow> Filtered(DashboardDbContext db, TakedownFilter filter)
    {
        var query = db.Takedowns.AsNoTracking();
        if (filter.Status is { } status)
        {
            query = query.Where(t => t.Status == status);
        }
        if (filter.Reason is { } reason)
        {
            query = query.Where(t => t.Reason == reason);
        }
        if (AuditFilter.Clean(filter.Actor) is { } actorName)
        {
            query = query.Where(t => t.ActorName == actorName);
        }
        if (AuditFilter.Clean(filter.Zone) is { } zone)
        {
            var prefix = DnsName.Normalize(zone);
            query = query.Where(t => t.Zone.StartsWith(prefix));
        }
        if (filter.From is { } from)
        {
            query = query.Where(t => t.CreatedAt >= from);
        }
        if (filter.To is { } to)
        {
            query = query.Where(t => t.CreatedAt < to);
        }
        return query;
    }

    /// <summary>The list's columns only: the note and the removed rows can be large.</summary>
    private static TakedownRow Summary(TakedownRow t) => new()
    {
        Id = t.Id, Zone = t.Zone, Name = t.Name, Reason = t.Reason, ActorName = t.ActorName, CreatedAt = t.CreatedAt, HoldUntil = t.HoldUntil,
        Status = t.Status, EndedAt = t.EndedAt, ReportReference = t.ReportReference,
    };
}
