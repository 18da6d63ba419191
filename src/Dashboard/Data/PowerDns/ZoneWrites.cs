using Microsoft.EntityFrameworkCore;

namespace Dashboard.Data.PowerDns;

/// <summary>Opens <see cref="ZoneWrite"/>s on the primary, each with a context and transaction of its own. Singleton, thread-safe.</summary>
public sealed class ZoneWrites(IDbContextFactory<DashboardDbContext> contexts)
{
    /// <summary>
    /// Begins a write of <paramref name="zone"/> (normalized by the caller). The caller owns the returned write and
    /// disposes it, and owns <paramref name="cancellationToken"/>.
    /// </summary>
    public async Task<ZoneWrite> BeginAsync(string zone, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(zone);
        var db = await contexts.CreateDbContextAsync(cancellationToken);
        try
        {
            // A zone write saves nothing through the change tracker (its rows and audit entries go out in one batch): skip its scans.
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            return new ZoneWrite(zone, db, transaction);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }
}
