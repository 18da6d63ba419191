using Dashboard.Data.PowerDns;
using Dashboard.Features.Audit;
using Dashboard.Features.Auth;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Data;

/// <summary>
/// One context over the primary database: PowerDNS's tables (mapped, never migrated) and the dashboard's own
/// tables in schema <see cref="Schema"/>. One context means a DNS change and its audit entry share one transaction.
/// Create one per operation through <c>IDbContextFactory</c>; never hold one for a circuit's lifetime.
/// </summary>
public class DashboardDbContext(DbContextOptions<DashboardDbContext> options) : IdentityDbContext<DashboardUser>(options), IDataProtectionKeyContext
{
    public const string Schema = "dashboard";

    public DbSet<PdnsDomain> Domains => Set<PdnsDomain>();
    public DbSet<PdnsRecord> Records => Set<PdnsRecord>();
    public DbSet<PdnsDomainMetadata> DomainMetadata => Set<PdnsDomainMetadata>();
    public DbSet<PdnsComment> Comments => Set<PdnsComment>();
    public DbSet<TierPolicy> TierPolicies => Set<TierPolicy>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<ZoneTierAssignment> ZoneTiers => Set<ZoneTierAssignment>();
    public DbSet<AuthSession> AuthSessions => Set<AuthSession>();
    public DbSet<Features.Lag.LagHeartbeatRow> LagHeartbeat => Set<Features.Lag.LagHeartbeatRow>();
    public DbSet<Features.Lag.LagMinuteRow> LagMinutes => Set<Features.Lag.LagMinuteRow>();
    public DbSet<Features.Lag.LagAlertRow> LagAlerts => Set<Features.Lag.LagAlertRow>();
    public DbSet<Features.Propagation.PropagationTimelineRow> PropagationTimelines => Set<Features.Propagation.PropagationTimelineRow>();
    public DbSet<Features.Takedowns.TakedownRow> Takedowns => Set<Features.Takedowns.TakedownRow>();
    public DbSet<Features.Routing.RoutingChangeRow> RoutingChanges => Set<Features.Routing.RoutingChangeRow>();
    public DbSet<Features.Routing.RoutingParkedRow> RoutingParked => Set<Features.Routing.RoutingParkedRow>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Features.ApiKeys.ApiKeyRow> ApiKeys => Set<Features.ApiKeys.ApiKeyRow>();
    public DbSet<Features.Api.ApiIdempotencyRow> ApiIdempotency => Set<Features.Api.ApiIdempotencyRow>();
    public DbSet<Features.TwoFactor.TwoFactorPolicyRow> TwoFactorPolicy => Set<Features.TwoFactor.TwoFactorPolicyRow>();
    public DbSet<Features.TwoFactor.TotpLastStepRow> TotpLastSteps => Set<Features.TwoFactor.TotpLastStepRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Identity's tables first, then ours, so our configurations win where they overlap.
        base.OnModelCreating(modelBuilder);
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(DashboardDbContext).Assembly);
        modelBuilder.Entity<DashboardUser>().Property(u => u.CreatedAt).HasColumnName("created_at");
        modelBuilder.Entity<DashboardUser>().Property(u => u.IsDisabled).HasColumnName("is_disabled");
    }
}
