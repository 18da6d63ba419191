using Microsoft.EntityFrameworkCore;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;

namespace Dashboard.Data;

public static class DataServiceCollectionExtensions
{
    internal static void ConfigureNpgsql(NpgsqlDbContextOptionsBuilder npgsql) =>
        npgsql.MigrationsHistoryTable("__ef_migrations_history", DashboardDbContext.Schema);

    public static IServiceCollection AddDashboardData(this IServiceCollection services)
    {
        services.AddSingleton<RegionDataSources>();
        services.AddSingleton<SchemaState>();
        services.AddSingleton<PrimaryAvailability>();
        services.AddHostedService<SchemaMigrator>();
        services.AddDbContextFactory<DashboardDbContext>((sp, options) =>
            options.UseNpgsql(sp.GetRequiredService<RegionDataSources>().Primary, ConfigureNpgsql));
        services.AddSingleton<PowerDns.ZoneWrites>();
        return services;
    }
}
