using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dashboard.TestSupport;

/// <summary>
/// The real dashboard as a separate process on a free loopback port, configured against the test stack.
/// Dispose stops it. Its console output is kept for failure messages.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private int _disposed;

    private DashboardServer(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    /// <summary>Starts the dashboard (with <see cref="TestUsers"/> seeded) and waits until <c>/healthz</c> says its schema is migrated and seeded.</summary>
    /// <param name="port">The port to listen on (to restart a server where its clients expect it); a free one when null.</param>
    public static async Task<DashboardServer> StartAsync(TestStack stack, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default, int? port = null)
    {
        // A port found free can be taken by another process before the dashboard binds it (tests start servers in
        // parallel): one we chose is chosen again, a few times, when the dashboard says so.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(stack, environment, port ?? FreePort(), cancellationToken);
            }
            catch (PortTakenException) when (port is null && attempt < 3)
            {
            }
        }
    }

    private sealed class PortTakenException(string message) : InvalidOperationException(message);

    private static async Task<DashboardServer> StartOnceAsync(TestStack stack, IReadOnlyDictionary<string, string>? environment, int port, CancellationToken cancellationToken)
    {
        var appDir = AppDirectory();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = appDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(appDir, "Dashboard.dll"));
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DASHBOARD_CONFIG_FILE"] = stack.ConfigFile;
        start.Environment["Dashboard__RegionProbeInterval"] = "00:00:01";
        start.Environment["Dashboard__RevalidationInterval"] = "00:00:02";
        foreach (var (key, value) in TestUsers.Environment().Concat(environment ?? new Dictionary<string, string>()))
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the dashboard.");
        var server = new DashboardServer(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // Sized for a loaded 2-core machine: start-up (JIT, migrations, seeding) and one /healthz probe of every region
        // both take several times longer there than on an idle one (at load average 130, over 120 s to schema-ready).
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        var startTimeout = TimeSpan.FromSeconds(300);
        var deadline = DateTime.UtcNow + startTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                process.WaitForExit();
                var message = $"The dashboard exited with code {process.ExitCode}:\n{server.Output}";
                throw server.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase)
                    ? new PortTakenException(message)
                    : new InvalidOperationException(message);
            }
            try
            {
                using var response = await http.GetAsync(new Uri(server.BaseAddress, DashboardUrls.HealthzPath), cancellationToken);
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable
                    && (await response.Content.ReadAsStringAsync(cancellationToken)).Contains("\"schema\":{\"ready\":true", StringComparison.Ordinal))
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Listening, but this /healthz took longer than the client's timeout: still starting, ask again.
            }
            await Task.Delay(200, cancellationToken);
        }
        await server.DisposeAsync();
        throw new TimeoutException($"The dashboard did not answer /healthz within {startTimeout.TotalSeconds} s:\n{server.Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>The host's build output (not the test's copy): it carries the static web assets manifest.</summary>
    private static string AppDirectory()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dir = Path.Combine(RepoPaths.Root, "src", "Dashboard", "bin", configuration, "net10.0");
        return File.Exists(Path.Combine(dir, "Dashboard.dll"))
            ? dir
            : throw new InvalidOperationException($"Dashboard.dll not found in {dir}; build the solution first.");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Whether the process is still running.</summary>
    public bool IsRunning => Volatile.Read(ref _disposed) == 0 && !_process.HasExited;

    /// <summary>Stops the process with SIGKILL (kill -9: no shutdown, sessions cut); a second call does nothing (a test that restarts a server disposes it twice).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
