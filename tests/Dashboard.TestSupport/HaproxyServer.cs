using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Dashboard.TestSupport;

/// <summary>
/// A real HAProxy (Debian's package) in front of dashboard instances, configured as <c>./run.sh --instances N</c>
/// configures it: sticky by cookie <see cref="CookieName"/> (server names d1, d2, … in the order given), health by
/// <c>/livez</c> every second, redispatch when an instance is gone.
/// </summary>
public sealed class HaproxyServer : IAsyncDisposable
{
    public const string CookieName = "DASHBOARD_INSTANCE";

    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _output = new();

    private HaproxyServer(Process process, string directory, Uri baseAddress)
    {
        _process = process;
        _directory = directory;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The cookie value that pins a browser to <paramref name="instance"/> (its 0-based position in the list given at start): "d1", "d2", …</summary>
    public static string ServerName(int instance) => $"d{instance + 1}";

    public static async Task<HaproxyServer> StartAsync(IReadOnlyList<DashboardServer> instances, CancellationToken cancellationToken = default)
    {
        var port = DashboardServer.FreePort();
        var directory = Directory.CreateTempSubdirectory("dashboard-haproxy-").FullName;
        var config = new StringBuilder($"""
            global
              maxconn 4000
            defaults
              mode http
              option forwardfor
              timeout connect 2s
              timeout client 60s
              timeout server 60s
              timeout tunnel 1h
              timeout client-fin 5s
            frontend dashboard
              bind 127.0.0.1:{port}
              default_backend instances
            backend instances
              balance roundrobin
              cookie {CookieName} insert indirect nocache httponly
              option redispatch 1
              retries 2
              option httpchk
              http-check send meth GET uri /livez
              default-server check inter 1s fall 2 rise 2

            """);
        for (var i = 0; i < instances.Count; i++)
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"  server {ServerName(i)} 127.0.0.1:{instances[i].BaseAddress.Port} cookie {ServerName(i)}");
        }
        var file = Path.Combine(directory, "haproxy.cfg");
        await File.WriteAllTextAsync(file, config.ToString(), cancellationToken);

        var start = new ProcessStartInfo("haproxy") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-f", file, "-db" })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start haproxy (scripts/install-deps.sh installs it).");
        var server = new HaproxyServer(process, directory, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

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

    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
