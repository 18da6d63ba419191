using System.Diagnostics;
using System.Globalization;

namespace Dashboard.TestSupport;

/// <summary>
/// A real HAProxy (Debian's package) in front of dashboard instances, with the configuration <c>./run.sh --instances N</c>
/// uses (<c>scripts/haproxy-config.sh</c>): sticky by cookie <see cref="CookieName"/> (server names d1, d2, … in the order
/// given), health by <c>/livez</c> every second, redispatch when an instance is gone.
/// </summary>
public sealed class HaproxyServer : IAsyncDisposable
{
    public const string CookieName = "DASHBOARD_INSTANCE";

    private readonly ChildProcess _process;
    private readonly string _directory;

    private HaproxyServer(ChildProcess process, string directory, Uri baseAddress)
    {
        _process = process;
        _directory = directory;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string Output => _process.Output;

    /// <summary>The cookie value that pins a browser to <paramref name="instance"/> (its 0-based position in the list given at start): "d1", "d2", ….</summary>
    public static string ServerName(int instance) => $"d{instance + 1}";

    public static async Task<HaproxyServer> StartAsync(IReadOnlyList<DashboardServer> instances, CancellationToken cancellationToken = default)
    {
        var port = DashboardServer.FreePort();
        var directory = Directory.CreateTempSubdirectory("dashboard-haproxy-").FullName;
        var file = Path.Combine(directory, "haproxy.cfg");
        await File.WriteAllTextAsync(file, await ConfigAsync(port, instances, cancellationToken), cancellationToken);

        var process = ChildProcess.Start("haproxy", ["-f", file, "-db"], "scripts/install-deps.sh installs it");
        var server = new HaproxyServer(process, directory, new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"haproxy exited with code {process.ExitCode}:\n{server.Output}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri(server.BaseAddress, DashboardUrls.LivezPath), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet, or no instance marked up yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
            await Task.Delay(200, cancellationToken);
        }
        await server.DisposeAsync();
        throw new TimeoutException($"haproxy did not pass /livez through within 60 s:\n{server.Output}");
    }

    /// <summary>The configuration <c>scripts/haproxy-config.sh</c> prints for these ports.</summary>
    private static async Task<string> ConfigAsync(int port, IReadOnlyList<DashboardServer> instances, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepoPaths.Root, "scripts", "haproxy-config.sh"));
        start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        foreach (var instance in instances)
        {
            start.ArgumentList.Add(instance.BaseAddress.Port.ToString(CultureInfo.InvariantCulture));
        }
        using var script = Process.Start(start) ?? throw new InvalidOperationException("Could not run scripts/haproxy-config.sh.");
        var output = script.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = script.StandardError.ReadToEndAsync(cancellationToken);
        await script.WaitForExitAsync(cancellationToken);
        return script.ExitCode == 0 ? await output : throw new InvalidOperationException($"scripts/haproxy-config.sh failed: {await errors}");
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
