using Dashboard.Data;
using Dashboard.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.IntegrationTests.Auth;

/// <summary>
/// The dashboard's own container, built by <c>AddDashboard()</c> exactly as the app builds it (Identity included), on
/// the test stack, with start-up seeding run but no server or background service started.
/// </summary>
public sealed class AppServices : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AppServices(WebApplication app) => _app = app;

    public IServiceProvider Services => _app.Services;

    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    public static async Task<AppServices> StartAsync(TestStack stack, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Production",
            ContentRootPath = Path.Combine(RepoPaths.Root, "src", "Dashboard"),
        });
        builder.Configuration.AddJsonFile(stack.ConfigFile);
        builder.AddDashboard();
        var app = builder.Build();
        foreach (var seeder in app.Services.GetServices<ISchemaSeeder>())
        {
            await seeder.SeedAsync(cancellationToken);
        }
        return new AppServices(app);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
