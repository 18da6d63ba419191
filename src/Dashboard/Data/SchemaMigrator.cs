using Dashboard.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Data;

/// <summary>
/// Applies the dashboard schema's EF migrations as the schema-owning role, retrying while the primary is unreachable.
/// The dashboard keeps serving meanwhile: on-call needs the Regions page most when the primary is down.
/// </summary>
public sealed class SchemaMigrator(
    IOptions<DashboardOptions> options,
    IDbContextFactory<DashboardDbContext> contexts,
    IEnumerable<ISchemaSeeder> seeders,
    SchemaState state,
    TimeProvider time,
    ILogger<SchemaMigrator> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var database = options.Value.Database;
        if (!database.ApplyMigrationsAtStartup)
        {
            state.MarkReady("migrations disabled by configuration");
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await MigrateAsync(database.MigrationConnectionString, stoppingToken);
                await SeedZoneTiersAsync(stoppingToken);
                foreach (var seeder in seeders)
                {
                    await seeder.SeedAsync(stoppingToken);
                }
                state.MarkReady("migrated");
                logger.LogInformation("Dashboard schema is up to date");
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                state.MarkFailed(ex.Message);
                logger.LogError(ex, "Applying the dashboard schema migrations failed; retrying in {Delay}", RetryDelay);
                await Task.Delay(RetryDelay, time, stoppingToken);
            }
        }
    }

    /// <summary>Assigns each configured zone its configured tier, unless the zone already has one (the database wins).</summary>
    private async Task SeedZoneTiersAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await SeedZoneTiersAsync(db, options.Value.Zones, cancellationToken);
    }

    /// <summary>
    /// One insert per configured zone that does nothing when the zone has a tier. Instances starting together each seed:
    /// reading which zones had a tier and then adding the others made all but one of them fail on the key (and wait
    /// <see cref="RetryDelay"/> before they were ready).
    /// </summary>
    internal static async Task SeedZoneTiersAsync(DashboardDbContext db, IEnumerable<ZoneOptions> zones, CancellationToken cancellationToken)
    {
        foreach (var zone in zones)
        {
            await db.Database.ExecuteSqlRawAsync(
                $"INSERT INTO {DashboardDbContext.Schema}.zone_tiers (zone_name, tier) VALUES ({{0}}, {{1}}) ON CONFLICT (zone_name) DO NOTHING",
                [zone.Name, zone.Tier.ToString()], cancellationToken);
        }
    }

    internal static async Task MigrateAsync(string connectionString, CancellationToken cancellationToken)
    {
        var contextOptions = new DbContextOptionsBuilder<DashboardDbContext>()
            .UseNpgsql(connectionString, DataServiceCollectionExtensions.ConfigureNpgsql)
            .Options;
        await using var context = new DashboardDbContext(contextOptions);
        await context.Database.MigrateAsync(cancellationToken);
    }
}

/// <summary>Start-up data that must exist before the dashboard reports ready (roles, first admin). Runs after migrations.</summary>
public interface ISchemaSeeder
{
    Task SeedAsync(CancellationToken cancellationToken);
}

/// <summary>Whether the dashboard's schema is migrated and seeded. Singleton, thread-safe.</summary>
public sealed class SchemaState
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => _ready.Task.IsCompleted;
    public string Detail { get; private set; } = "pending";

    /// <summary>Completes once migrations have been applied; the caller owns cancellation.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    internal void MarkReady(string detail)
    {
        Detail = detail;
        _ready.TrySetResult();
    }

    internal void MarkFailed(string detail) => Detail = $"migration failed: {detail}";
}
