using Dashboard.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.TestSupport;

/// <summary>
/// The dashboard's own container, built by <c>AddDashboard()</c> exactly as the app builds it (Identity included), on
/// the test stack, with no server or background service started: the one composition root of every test and benchmark
/// that needs the real services. Disposing it disposes the services.
/// </summary>
public sealed class AppServices : IServiceProvider, IAsyncDisposable
{
    private readonly WebApplication _app;

    private AppServices(WebApplication app, TestStack stack)
    {
        _app = app;
        Stack = stack;
        TestStack.DatabaseStarted += ClearPool;
    }

    /// <summary>A region's database was restarted: its idle pooled connections are dead.</summary>
    private void ClearPool(string region) => Get<RegionDataSources>().For(region).Clear();

    /// <summary>The stack these services are wired to.</summary>
    public TestStack Stack { get; }

    public IServiceProvider Services => _app.Services;

    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    public object? GetService(Type serviceType) => _app.Services.GetService(serviceType);

    /// <summary>
    /// Timeouts for services that only arrange and check test data (the e2e tests' setup beside the browser): sized for a
    /// saturated 2-core machine, where opening a first connection took over the app's 3 s. The dashboard under test keeps
    /// its own settings.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> ArrangementTimeouts = new Dictionary<string, string?>
    {
        ["Dashboard:DatabaseConnectTimeout"] = "00:00:30",
        ["Dashboard:DatabaseCommandTimeout"] = "00:01:00",
        ["Dashboard:PropagationTimeout"] = "00:01:00",
    };

    /// <summary>The container only; nothing touches the databases until a service is used.</summary>
    /// <param name="settings">Configuration laid over the stack's (for example <see cref="ArrangementTimeouts"/>).</param>
    /// <param name="services">Registrations laid over the dashboard's (fixed AWS credentials for the Route 53 stand-in).</param>
    public static AppServices Build(TestStack stack, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Production",
            ContentRootPath = Path.Combine(RepoPaths.Root, "src", "Dashboard"),
        });
        builder.Configuration.AddJsonFile(stack.ConfigFile);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.AddDashboard();
        services?.Invoke(builder.Services);
        return new AppServices(builder.Build(), stack);
    }

    /// <summary>The container with the start-up seeding run (the schema must be migrated).</summary>
    public static async Task<AppServices> StartAsync(TestStack stack, CancellationToken cancellationToken)
    {
        var app = Build(stack);
        foreach (var seeder in app.Services.GetServices<ISchemaSeeder>())
        {
            await seeder.SeedAsync(cancellationToken);
        }
        return app;
    }

    public ValueTask DisposeAsync()
    {
        TestStack.DatabaseStarted -= ClearPool;
        return _app.DisposeAsync();
    }
}
