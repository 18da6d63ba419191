using Dashboard.Configuration;
using Dashboard.Data;
using Dashboard.Features.Propagation;
using Dashboard.Features.Regions;
using Dashboard.PowerDns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashboard.TestSupport;

/// <summary>The dashboard's real services wired to the real test stack, without the web host or its background work.</summary>
public static class StackServices
{
    public static ServiceProvider Build(TestStack stack)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Options.Create(stack.Options));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<RegionDataSources>();
        PowerDnsApiClient.AddTo(services);
        services.AddSingleton<IRegionProbe, RegionProbe>();
        services.AddSingleton<ReplicationGate>();
        // Zones, read and write side, as the app registers them, and what they need.
        Dashboard.Features.Zones.ZonesServiceCollectionExtensions.AddZones(services);
        services.AddDbContextFactory<DashboardDbContext>((sp, options) =>
            options.UseNpgsql(sp.GetRequiredService<RegionDataSources>().Primary, npgsql =>
                npgsql.MigrationsHistoryTable("__ef_migrations_history", DashboardDbContext.Schema)));
        services.AddSingleton<Dashboard.Data.PowerDns.ZoneWrites>();
        services.AddSingleton<Dashboard.Features.Audit.AuditLog>();
        Dashboard.Features.Audit.AuditServiceCollectionExtensions.AddAudit(services);
        return services.BuildServiceProvider();
    }
}
