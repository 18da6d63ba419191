using System.Net.Sockets;
using System.Text;

namespace Dashboard.TestSupport;

/// <summary>A real redis-server (Debian's package) on a free loopback port, nothing kept on disk: the live hub's backplane for tests of several instances.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private RedisServer(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string (<c>Dashboard:Scaleout:Redis</c>).</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public string Output => _process.Output;

    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var port = DashboardServer.FreePort();
        var process = ChildProcess.Start("redis-server",
            ["--bind", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no", "--dir", Path.GetTempPath()],
            "scripts/install-deps.sh installs it");
        var server = new RedisServer(process, port);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {process.ExitCode}:\n{server.Output}");
            }
            if (await server.PingAsync(cancellationToken))
            {
                return server;
            }
            await Task.Delay(100, cancellationToken);
        }
        await server.DisposeAsync();
        throw new TimeoutException($"redis-server did not answer PING within 60 s:\n{server.Output}");
    }

    private async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port, cancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, cancellationToken);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
