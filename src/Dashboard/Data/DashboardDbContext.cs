using Dashboard.Data.PowerDns;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Data;

/// <summary>
/// One context over the primary database: PowerDNS's tables (mapped, never migrated) and the dashboard's own
/// tables in schema <see cref="Schema"/>. One context means a DNS change and its audit entry share one transaction.
/// Create one per operation through <c>IDbContextFactory</c>; never hold one for a circuit's lifetime.
/// </summary>
public class DashboardDbContext(DbContextOptions<DashboardDbContext> options) : DbContext(options)
{
    public const string Schema = "dashboard";

    public DbSet<PdnsDomain> Domains => Set<PdnsDomain>();
    public DbSet<PdnsRecord> Records => Set<PdnsRecord>();
    public DbSet<PdnsDomainMetadata> DomainMetadata => Set<PdnsDomainMetadata>();
    public DbSet<PdnsComment> Comments => Set<PdnsComment>();
    public DbSet<TierPolicy> TierPolicies => Set<TierPolicy>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(DashboardDbContext).Assembly);
        base.OnModelCreating(modelBuilder);
    }
}
