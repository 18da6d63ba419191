using Dashboard.Data;
using Dashboard.Features.Auth;
using Dashboard.Features.Propagation;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Audit;

/// <summary>
/// Filters for the audit trail; every one optional. <see cref="Zone"/> is a prefix of the zone name, <see cref="Name"/>
/// a part of the changed name (case-insensitive). Times are UTC, the range half-open [From, To).
/// </summary>
public sealed record AuditFilter(string? Actor = null, string? Zone = null, string? Action = null, DateTimeOffset? From = null, DateTimeOffset? To = null, string? Name = null)
{
    /// <summary>
    /// The changes under an import are listed with it, not on their own, unless the filter asks for something only they
    /// can match: a name, or an action other than <c>zone.import</c>.
    /// </summary>
    public bool IncludesImportedChanges =>
        Clean(Name) is not null || Clean(Action) is { } action && !AuditActions.Parents.Contains(action);

    /// <summary>Trimmed, without NUL and other control characters (which a URL can carry); null when nothing is left.</summary>
    internal static string? Clean(string? value)
    {
        var cleaned = new string((value ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }
}

/// <summary>
/// A page of entries, the total that match, how many changes sit under each <c>zone.import</c> entry shown, and the
/// propagation timeline of each entry's change (for the zone changes among them).
/// </summary>
public sealed record AuditResultPage(IReadOnlyList<AuditEntry> Entries, int TotalCount, IReadOnlyDictionary<long, int> ChildCounts, IReadOnlyDictionary<long, StoredTimeline>? Timelines = null)
{
    public IReadOnlyDictionary<long, StoredTimeline> Timelines { get; init; } = Timelines ?? new Dictionary<long, StoredTimeline>();
}

/// <summary>Reads the audit trail, newest first (chain order), one page at a time on the server. Singleton.</summary>
public sealed class AuditQueries(IDbContextFactory<DashboardDbContext> contexts, PropagationLog propagation)
{
    public const int MaxPageSize = 200;

    /// <summary>At most this many changes of one import are listed under it.</summary>
    public const int MaxChildren = 500;

    public async Task<AuditResultPage> PageAsync(Actor actor, AuditFilter filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        actor.Demand(Permission.ReadAudit);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        page = Math.Max(0, page);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.AuditEntries.AsNoTracking();
        if (actor.Key is { Zones.Count: > 0 } key)
        {
            // A zone-limited API key reads the entries of its zones only.
            var zones = key.Zones.ToList();
            query = query.Where(e => e.Zone != null && zones.Contains(e.Zone));
        }
        if (!filter.IncludesImportedChanges)
        {
            query = query.Where(e => e.ParentId == null);
        }
        if (AuditFilter.Clean(filter.Actor) is { } actorName)
        {
            query = query.Where(e => e.ActorName == actorName);
        }
        if (AuditFilter.Clean(filter.Zone) is { } zone)
        {
            var prefix = zone.ToLowerInvariant();
            query = query.Where(e => e.Zone != null && e.Zone.StartsWith(prefix));
        }
        if (AuditFilter.Clean(filter.Name) is { } name)
        {
            var part = name.ToLowerInvariant();
            query = query.Where(e => e.Name != null && e.Name.ToLower().Contains(part));
        }
        if (AuditFilter.Clean(filter.Action) is { } action)
        {
            query = query.Where(e => e.Action == action);
        }
        if (filter.From is { } from)
        {
            query = query.Where(e => e.At >= from);
        }
        if (filter.To is { } to)
        {
            query = query.Where(e => e.At < to);
        }

        var total = await query.CountAsync(cancellationToken);
        var entries = await query.OrderByDescending(e => e.Seq)
            .Skip(page * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken);
        var imports = entries.Where(e => AuditActions.Parents.Contains(e.Action)).Select(e => e.Id).ToList();
        var childCounts = imports.Count == 0
            ? new Dictionary<long, int>()
            : await db.AuditEntries.Where(e => e.ParentId != null && imports.Contains(e.ParentId.Value))
                .GroupBy(e => e.ParentId!.Value)
                .Select(g => new { Parent = g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Parent, g => g.Count, cancellationToken);
        var zoneChanges = entries.Where(e => e.Zone is not null).Select(e => e.Id).ToList();
        var timelines = await propagation.ForAuditEntriesAsync(zoneChanges, cancellationToken);
        return new AuditResultPage(entries, total, childCounts, timelines);
    }

    /// <summary>The changes under one entry (an import), in the order they were written; at most <see cref="MaxChildren"/>.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ChildrenAsync(Actor actor, long parentId, CancellationToken cancellationToken = default)
    {
        actor.Demand(Permission.ReadAudit);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AuditEntries.AsNoTracking().Where(e => e.ParentId == parentId)
            .OrderBy(e => e.Seq).Take(MaxChildren).ToListAsync(cancellationToken);
    }

    /// <summary>The names that have acted, for the actor filter's choices.</summary>
    public async Task<IReadOnlyList<string>> ActorsAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Permission.ReadAudit);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AuditEntries.Select(e => e.ActorName).Distinct().OrderBy(n => n).Take(500).ToListAsync(cancellationToken);
    }
}
