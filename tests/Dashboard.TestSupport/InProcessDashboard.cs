using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.TestSupport;

/// <summary>
/// The dashboard built by its own <c>AddDashboard()</c>/<c>MapDashboard()</c>, served by Kestrel on a free loopback port
/// inside the test process, on the test stack, with <see cref="TestUsers"/> seeded: for tests that must reach into the
/// running app (publish into a store, register a test double for a seam) and still talk to it over real HTTP and
/// WebSockets. Everything else should use <see cref="DashboardServer"/>, the app as its own process. Dispose stops it.
/// </summary>
public sealed class InProcessDashboard : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessDashboard(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    /// <param name="configure">Runs after <c>AddDashboard()</c>: registrations here win (test doubles for seams).</param>
    /// <param name="overrides">Configuration laid over the defaults here (e.g. <c>Dashboard:RevalidationInterval</c>).</param>
    public static async Task<InProcessDashboard> StartAsync(
        TestStack stack,
        Action<IServiceCollection>? configure = null,
        IReadOnlyDictionary<string, string?>? overrides = null,
        CancellationToken cancellationToken = default)
    {
        var port = FreePort();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Production",
            ApplicationName = "Dashboard",
            ContentRootPath = Path.Combine(RepoPaths.Root, "src", "Dashboard"),
        });
        builder.Configuration.AddJsonFile(stack.ConfigFile);
        var settings = TestUsers.Environment().ToDictionary(e => e.Key.Replace("__", ":", StringComparison.Ordinal), e => (string?)e.Value);
        settings["Dashboard:RegionProbeInterval"] = "00:00:01";
        settings["Dashboard:RevalidationInterval"] = "00:00:02";
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.AddDashboard();
        configure?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapDashboard();
        await app.StartAsync(cancellationToken);
        var server = new InProcessDashboard(app, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await server.WaitUntilSeededAsync(cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    // As DashboardServer: /healthz says when migrations and seeding are done (sized for a loaded 2-core machine).
    private async Task WaitUntilSeededAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(15) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(300);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync(DashboardUrls.HealthzPath, cancellationToken);
                if ((await response.Content.ReadAsStringAsync(cancellationToken)).Contains("\"schema\":{\"ready\":true", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
            await Task.Delay(200, cancellationToken);
        }
        throw new TimeoutException("The in-process dashboard's schema was not ready within 300 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
