using Dashboard.Client.Live;
using Dashboard.Data;
using Dashboard.Features.Auth;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Lag;

/// <summary>Filters for the alert history; every one optional. Times are UTC, the range [From, To) on the opening time.</summary>
public sealed record AlertFilter(string? Region = null, AlertSeverity? Severity = null, DateTimeOffset? From = null, DateTimeOffset? To = null, bool OpenOnly = false);

/// <summary>A page of alerts, newest first, and how many match.</summary>
public sealed record AlertPage(IReadOnlyList<AlertDto> Alerts, int TotalCount);

/// <summary>Reads the alert history one page at a time on the server. Singleton.</summary>
public sealed class AlertQueries(IDbContextFactory<DashboardDbContext> contexts)
{
    public const int MaxPageSize = 200;

    /// <param name="page">0-based.</param>
    public async Task<AlertPage> PageAsync(Actor actor, AlertFilter filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        actor.Demand(Permission.ReadAll);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        page = Math.Max(0, page);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.LagAlerts.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Region))
        {
            var region = filter.Region.Trim().ToLowerInvariant();
            query = query.Where(a => a.Region == region);
        }
        if (filter.Severity is { } severity)
        {
            query = query.Where(a => a.Severity == severity);
        }
        if (filter.From is { } from)
        {
            query = query.Where(a => a.OpenedAt >= from);
        }
        if (filter.To is { } to)
        {
            query = query.Where(a => a.OpenedAt < to);
        }
        if (filter.OpenOnly)
        {
            query = query.Where(a => a.ClosedAt == null);
        }
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(a => a.OpenedAt).ThenByDescending(a => a.Id)
            .Skip(page * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new AlertPage(rows.Select(r => r.ToDto()).ToList(), total);
    }
}
