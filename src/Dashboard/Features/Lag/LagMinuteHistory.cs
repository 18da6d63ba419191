using Dashboard.Configuration;
using Dashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Lag;

/// <summary>Reads the per-minute history from <c>dashboard.lag_minutes</c>. Singleton.</summary>
public sealed class LagMinuteHistory(IDbContextFactory<DashboardDbContext> contexts, IOptions<DashboardOptions> options) : ILagMinuteHistory
{
    public async Task<IReadOnlyList<LagMinuteSeries>> ReadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        if (to <= from)
        {
            throw new ArgumentException($"The range [{from:u}, {to:u}) is empty.", nameof(to));
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.LagMinutes.AsNoTracking()
            .Where(m => m.Minute >= from && m.Minute < to)
            .OrderBy(m => m.Minute)
            .ToListAsync(cancellationToken);
        var byRegion = rows.ToLookup(r => r.Region, StringComparer.OrdinalIgnoreCase);
        return options.Value.Regions.Where(r => r.Role == RegionRole.Replica)
            .Select(r => new LagMinuteSeries(r.Name, byRegion[r.Name]
                .Select(m => new LagMinute(m.Minute, m.MinMs, m.MeanMs, m.MaxMs, m.P95Ms, m.Samples, m.Unknown)).ToList()))
            .ToList();
    }
}
