using System.Net.Http.Json;
using System.Text.Json;

namespace Dashboard.TestSupport;

/// <summary>
/// Several real dashboard processes against one stack, sharing a real Redis as the live hub's backplane: what
/// <c>./run.sh --instances N</c> runs, without HAProxy (tests address each instance directly).
/// </summary>
public sealed class ScaledOutDashboard : IAsyncDisposable
{
    private readonly TestStack _stack;
    private readonly List<DashboardServer> _instances = [];
    private int _started;

    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly bool _ownsRedis;

    private ScaledOutDashboard(TestStack stack, RedisServer redis, bool ownsRedis, IReadOnlyDictionary<string, string>? environment)
    {
        _stack = stack;
        Redis = redis;
        _ownsRedis = ownsRedis;
        _environment = environment ?? new Dictionary<string, string>();
    }

    public RedisServer Redis { get; }

    /// <summary>Prefixes the instances' names (e.g. "scaleout-"), to tell them from other instances of the same deployment.</summary>
    public string NamePrefix { get; init; } = "";

    /// <summary>Every instance started so far, killed ones included (see <see cref="DashboardServer.IsRunning"/>).</summary>
    public IReadOnlyList<DashboardServer> Instances => _instances;

    /// <param name="environment">Settings every instance gets besides the scale-out ones (e.g. seeded users).</param>
    /// <param name="sharedRedis">A backplane other instances already use (they join this deployment); a new one when null, stopped with this.</param>
    public static async Task<ScaledOutDashboard> StartAsync(TestStack stack, int instances, CancellationToken cancellationToken = default, IReadOnlyDictionary<string, string>? environment = null, RedisServer? sharedRedis = null)
    {
        var redis = sharedRedis ?? await RedisServer.StartAsync(cancellationToken);
        var scaled = new ScaledOutDashboard(stack, redis, ownsRedis: sharedRedis is null, environment);
        try
        {
            // All at once, as a deployment starts them (each migrates, seeds and contends for the leader role at the
            // same moment), and a start each rather than one after another. Named d1, d2, … in list order.
            var names = Enumerable.Range(0, instances).Select(_ => scaled.NextName()).ToList();
            var starting = names.Select(name => DashboardServer.StartAsync(stack, scaled.Environment(name), cancellationToken)).ToList();
            try
            {
                await Task.WhenAll(starting);
            }
            finally
            {
                // Whatever started is kept, so that disposing stops it even when another failed to start.
                scaled._instances.AddRange(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
            }
            return scaled;
        }
        catch
        {
            await scaled.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more instance (named d1, d2, … in start order).</summary>
    public async Task<DashboardServer> StartInstanceAsync(CancellationToken cancellationToken = default)
    {
        var name = NextName();
        var server = await DashboardServer.StartAsync(_stack, Environment(name), cancellationToken);
        _instances.Add(server);
        return server;
    }

    private string NextName() => $"{NamePrefix}d{Interlocked.Increment(ref _started)}";

    /// <summary>Starts a killed instance again on its port and under its name (where a load balancer expects it).</summary>
    public async Task<DashboardServer> RestartAsync(int instance, CancellationToken cancellationToken = default)
    {
        var old = _instances[instance];
        await old.DisposeAsync();
        var server = await DashboardServer.StartAsync(_stack, Environment($"{NamePrefix}d{instance + 1}"), cancellationToken, port: old.BaseAddress.Port);
        _instances[instance] = server;
        return server;
    }

    private Dictionary<string, string> Environment(string name) => new(_environment)
    {
        ["Dashboard__Scaleout__Redis"] = Redis.Configuration,
        ["Dashboard__Scaleout__InstanceName"] = name,
    };

    /// <summary>What <c>/livez</c> of <paramref name="server"/> says: its name and whether it leads; null when it does not answer.</summary>
    public static async Task<InstanceState?> StateAsync(DashboardServer server, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            return await http.GetFromJsonAsync<InstanceState>(DashboardUrls.LivezPath, new JsonSerializerOptions(JsonSerializerDefaults.Web), cancellationToken);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>Waits until exactly one running instance says it leads; returns it and the others.</summary>
    public async Task<(DashboardServer Leader, IReadOnlyList<DashboardServer> Followers)> WaitForOneLeaderAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        var seen = "";
        while (DateTime.UtcNow < deadline)
        {
            var running = _instances.Where(i => i.IsRunning).ToList();
            var states = new List<(DashboardServer Server, InstanceState? State)>();
            foreach (var instance in running)
            {
                states.Add((instance, await StateAsync(instance, cancellationToken)));
            }
            var leaders = states.Where(s => s.State?.Leader == true).Select(s => s.Server).ToList();
            if (leaders.Count == 1 && states.All(s => s.State is not null))
            {
                return (leaders[0], running.Where(r => r != leaders[0]).ToList());
            }
            seen = string.Join(", ", states.Select(s => $"{s.Server.BaseAddress.Port}: {s.State?.ToString() ?? "no answer"}"));
            await Task.Delay(100, cancellationToken);
        }
        throw new TimeoutException($"Waited {timeout} for exactly one leader among the running instances; last seen {seen}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
        if (_ownsRedis)
        {
            await Redis.DisposeAsync();
        }
    }

    public sealed record InstanceState(string Name, bool Leader, bool Backplane);
}
