using Dashboard.Data;
using Dashboard.Features.Auth;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Audit;

/// <summary>Filters for the audit trail; every one optional. Times are UTC, the range half-open [From, To).</summary>
public sealed record AuditFilter(string? Actor = null, string? Zone = null, string? Action = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

public sealed record AuditResultPage(IReadOnlyList<AuditEntry> Entries, int TotalCount);

/// <summary>Reads the audit trail, newest first, one page at a time on the server. Singleton.</summary>
public sealed class AuditQueries(IDbContextFactory<DashboardDbContext> contexts)
{
    public const int MaxPageSize = 200;

    public async Task<AuditResultPage> PageAsync(Actor actor, AuditFilter filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        actor.Demand(Permission.ReadAudit);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        page = Math.Max(0, page);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.AuditEntries.AsNoTracking();
        if (filter.Actor is { Length: > 0 } actorName)
        {
            query = query.Where(e => e.ActorName == actorName);
        }
        if (filter.Zone is { Length: > 0 } zone)
        {
            query = query.Where(e => e.Zone == zone.Trim().TrimEnd('.').ToLowerInvariant());
        }
        if (filter.Action is { Length: > 0 } action)
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
        var entries = await query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip(page * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken);
        return new AuditResultPage(entries, total);
    }

    /// <summary>The names that have acted, for the actor filter's choices.</summary>
    public async Task<IReadOnlyList<string>> ActorsAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Permission.ReadAudit);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AuditEntries.Select(e => e.ActorName).Distinct().OrderBy(n => n).Take(500).ToListAsync(cancellationToken);
    }
}
