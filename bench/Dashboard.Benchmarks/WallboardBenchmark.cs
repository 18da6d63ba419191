using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dashboard.Client.Live;
using Dashboard.Client.Wallboard;
using Dashboard.Configuration;
using Dashboard.TestSupport;
using Microsoft.Playwright;

namespace Dashboard.Benchmarks;

/// <summary>
/// Issue #8's wallboard row: does the wallboard tab's memory stay flat over 2 hours of 4 Hz samples? Run in accelerated
/// time. A dashboard sampling every 250 ms serves the real wallboard in Chromium, whose hub WebSocket is routed through
/// Playwright: every frame is forwarded both ways except the server's <c>LagSampled</c> invocations, which the
/// benchmark sends itself instead. 2 hours of them, one per 250 ms of simulated time with one sample per replica (a
/// random walk of 5..800 ms, with disconnected and unreachable stretches), in bursts: the next burst goes once the page
/// shows the last one's figures, so the page takes them as fast as it can. Every batch is its own invocation, so the
/// page applies and renders each one, as a tab open for 2 hours does. Everything else (regions, alerts, pings, the
/// wallboard's own calls) is the real server's.
/// <para>
/// The simulated 2 hours start just after now and end 2 hours ahead of the clock, not 2 hours back: the wallboard keeps
/// only samples newer than the newest it holds (a late push is ignored), and on connect it holds the server's samples of
/// the moment, so a batch from the past would be dropped unseen. The clock ahead does not matter to it: a chart's right
/// edge is the newest sample, not the browser's clock.
/// </para>
/// <para>
/// Measured at the start (wallboard live, JS heap collected), after every tenth of the batches and at the end: the JS
/// heap in use, the .NET runtime's WebAssembly memory, the DOM nodes and JS event listeners, and the page's main-thread
/// script time (what one sample costs the kiosk's CPU, the limit of the acceleration).
/// </para>
/// </summary>
public sealed class WallboardBenchmark : IBenchmark
{
    private const string UserName = "wallboard-bench-oncall";
    private const string Password = "wallboard-bench-local-password";
    private const char RecordSeparator = '\u001e';
    private const int Seed = 8;
    private const int Snapshots = 10;
    private const double Megabyte = 1024 * 1024;

    /// <summary>Batches sent before waiting for the page to show the last one: 10 s of samples.</summary>
    private const int Burst = 40;

    /// <summary>
    /// "Flat" for the JS heap: at most 1 MB more after the run than before (about a fifth of the wallboard's heap). Forced
    /// collections leave a few hundred KB of noise; a leak of 36 bytes per render (28,800 of them) or 18 per sample
    /// (57,600) would cross it, and a leak a kiosk would notice in days is far larger.
    /// </summary>
    private const double JsHeapFlatMb = 1;

    /// <summary>
    /// "Flat" for the WebAssembly memory: at most 10 % above the start. The runtime adds linear memory in steps when its
    /// heap fills and never gives it back, so this is the coarse measure (a leak of megabytes); the JS heap and the DOM
    /// are the fine ones.
    /// </summary>
    private const double WasmFlatShare = 0.1;

    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Simulated = TimeSpan.FromHours(2);
    private static readonly int Batches = (int)(Simulated / SampleInterval);

    /// <summary>A fresh context downloads and starts the .NET WebAssembly runtime first: slow on a loaded 2-core machine (see WallboardTests).</summary>
    private static readonly TimeSpan WebAssemblyStart = TimeSpan.FromSeconds(240);

    /// <summary>As SignalR's JSON hub protocol writes payloads by default: camelCase, enums as numbers.</summary>
    private static readonly JsonSerializerOptions HubJson = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public string Name => "wallboard";
    public string Description => "wallboard tab's JS heap, WebAssembly memory and DOM over 2 h of 4 Hz lag samples, in accelerated time";

    public async Task<IReadOnlyList<Measurement>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var replicas = context.Stack.Options.Regions.Where(r => r.Role == RegionRole.Replica).Select(r => r.Name).ToArray();
        await using var server = await DashboardServer.StartAsync(context.Stack, new Dictionary<string, string>
        {
            ["Dashboard__SeedUsers__0__UserName"] = UserName,
            ["Dashboard__SeedUsers__0__Password"] = Password,
            ["Dashboard__SeedUsers__0__Roles__0"] = "OnCall",
            ["Dashboard__Lag__SampleInterval"] = "00:00:00.250",
        }, cancellationToken);
        await using var browser = await BenchmarkBrowser.LaunchAsync(server);
        var page = await browser.SignedInPageAsync(UserName, Password);
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);

        var hub = new HubRelay();
        await page.RouteWebSocketAsync(new Regex(Regex.Escape(LiveHubPaths.Hub) + @"(\?|$)"), hub.Accept);
        await page.GotoAsync(DashboardUrls.WallboardPath);
        await page.GetByTestId("wallboard-live").WaitForAsync(new() { Timeout = (float)WebAssemblyStart.TotalMilliseconds });
        foreach (var replica in replicas)
        {
            await Assertions.Expect(page.GetByTestId($"wallboard-lag-{replica}")).ToHaveTextAsync(new Regex(@"^\d+ ms$|^\d+\.\d s$"));
        }

        // The synthetic samples must look exactly as the server's: compare with a real one (the relay kept the first it dropped).
        var real = await hub.FirstLagSampled.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        var lag = new SyntheticLag(replicas, DateTimeOffset.UtcNow + SampleInterval, Seed);
        var synthetic = Invocation(lag.Peek());
        Console.WriteLine($"  a real LagSampled record (dropped by the relay): {real}");
        Console.WriteLine($"  a synthetic one:                               {synthetic.TrimEnd(RecordSeparator)}");
        if (Shape(real) != Shape(synthetic))
        {
            throw new InvalidOperationException($"The synthetic LagSampled does not have the server's shape:\n  server:    {Shape(real)}\n  synthetic: {Shape(synthetic)}");
        }

        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Performance.enable");
        var snapshots = new List<Snapshot> { await SnapshotAsync(cdp, page, 0, TimeSpan.Zero) };
        Console.WriteLine(Snapshot.Header);
        Console.WriteLine(snapshots[0]);
        var socket = hub.Page;
        var started = Stopwatch.GetTimestamp();
        LagSampleDto[] last = [];
        for (var sent = 0; sent < Batches;)
        {
            for (var i = 0; i < Burst && sent < Batches; i++, sent++)
            {
                last = lag.Next();
                socket.Send(Invocation(last));
            }
            await WaitForPageAsync(page, last);
            if (sent % (Batches / Snapshots) == 0)
            {
                snapshots.Add(await SnapshotAsync(cdp, page, sent, Stopwatch.GetElapsedTime(started)));
                Console.WriteLine(snapshots[^1]);
            }
        }
        var duration = Stopwatch.GetElapsedTime(started);
        var (first, end) = (snapshots[0], snapshots[^1]);
        var scriptPerBatch = (end.ScriptSeconds - first.ScriptSeconds) * 1000 / Batches;
        Console.WriteLine($"  {Batches:N0} batches ({Simulated.TotalHours:0} h at {1 / SampleInterval.TotalSeconds:0} Hz, {replicas.Length} replicas) in {duration.TotalSeconds:F0} s: {Simulated / duration:F1}x real time; the page's script {scriptPerBatch:F1} ms per batch");
        Console.WriteLine($"  hub WebSocket connections {hub.Connections}; the server's LagSampled dropped {hub.Dropped:N0}");
        await VerifyConsumedAsync(page, last, hub, errors);

        var wasmFlat = first.WasmMb * WasmFlatShare;
        return
        [
            new("js_heap_start", first.JsHeapMb, "MB"),
            new("js_heap_end", end.JsHeapMb, "MB"),
            new("js_heap_growth_2h_4hz", end.JsHeapMb - first.JsHeapMb, "MB", $"flat: <= {JsHeapFlatMb:0}", JsHeapFlatMb),
            new("wasm_memory_start", first.WasmMb, "MB"),
            new("wasm_memory_end", end.WasmMb, "MB"),
            new("wasm_memory_growth_2h_4hz", end.WasmMb - first.WasmMb, "MB", $"flat: <= {WasmFlatShare * 100:0} % of start ({wasmFlat:0.#})", wasmFlat),
            new("dom_nodes_start", first.Nodes, "nodes"),
            new("dom_nodes_end", end.Nodes, "nodes"),
            new("js_event_listeners_start", first.Listeners, "listeners"),
            new("js_event_listeners_end", end.Listeners, "listeners"),
            new("batches", Batches, "batches"),
            new("duration", duration.TotalSeconds, "s"),
            new("acceleration", Simulated / duration, "x real time"),
            new("page_script_per_batch", scriptPerBatch, "ms"),
        ];
    }

    /// <summary>Waits until every replica's tile shows the figure and state of <paramref name="batch"/>: the page has taken the burst.</summary>
    private static Task WaitForPageAsync(IPage page, IReadOnlyList<LagSampleDto> batch) =>
        page.WaitForFunctionAsync(
            """
            expected => expected.every(e =>
              document.querySelector(`[data-testid="wallboard-lag-${e.region}"]`)?.textContent.trim() === e.lag
              && document.querySelector(`[data-testid="wallboard-region-${e.region}"]`)?.dataset.state === e.state)
            """,
            batch.Select(s => new { region = s.Region, lag = LagFormat.Lag(s.HeartbeatLagMs), state = s.State.ToString().ToLowerInvariant() }).ToArray(),
            new() { Timeout = 120_000 });

    /// <summary>
    /// That the page took the samples and is still well: every replica's tile shows the last batch's figure and a chart,
    /// the wallboard is live on the one hub connection it opened, and the page logged no error.
    /// </summary>
    private static async Task VerifyConsumedAsync(IPage page, IReadOnlyList<LagSampleDto> last, HubRelay hub, List<string> errors)
    {
        foreach (var sample in last)
        {
            var tile = page.GetByTestId($"wallboard-lag-{sample.Region}");
            Console.WriteLine($"  {sample.Region}: last synthetic heartbeat lag {sample.HeartbeatLagMs} ms ({sample.State}); the tile shows \"{(await tile.TextContentAsync())?.Trim()}\"");
            await Assertions.Expect(tile).ToHaveTextAsync(LagFormat.Lag(sample.HeartbeatLagMs));
            await Assertions.Expect(page.GetByTestId($"wallboard-chart-{sample.Region}").Locator("svg")).ToBeVisibleAsync();
        }
        await Assertions.Expect(page.GetByTestId("wallboard")).ToHaveAttributeAsync("data-connection", "live");
        await Assertions.Expect(page.GetByTestId("wallboard-reconnecting")).ToHaveCountAsync(0);
        if (hub.Connections != 1 || errors.Count > 0)
        {
            throw new InvalidOperationException($"The wallboard opened {hub.Connections} hub connections and logged {errors.Count} errors:\n{string.Join('\n', errors)}");
        }
    }

    /// <summary>
    /// After a forced collection of the JS heap (<c>HeapProfiler.collectGarbage</c>): the JS heap in use
    /// (<c>Runtime.getHeapUsage</c>); the DOM nodes, event listeners and main-thread script time so far
    /// (<c>Performance.getMetrics</c>); and the .NET runtime's WebAssembly linear memory, read through the runtime's
    /// public JS API (<c>getDotnetRuntime(0).localHeapViewU8()</c>, as long as its emscripten <c>Module.HEAPU8</c>).
    /// Linear memory never shrinks: it is the managed heap's high-water mark, not what is in use.
    /// </summary>
    private static async Task<Snapshot> SnapshotAsync(ICDPSession cdp, IPage page, int batches, TimeSpan elapsed)
    {
        await cdp.SendAsync("HeapProfiler.collectGarbage");
        var heap = (await cdp.SendAsync("Runtime.getHeapUsage"))!.Value.GetProperty("usedSize").GetDouble();
        var metrics = (await cdp.SendAsync("Performance.getMetrics"))!.Value.GetProperty("metrics").EnumerateArray()
            .ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("value").GetDouble());
        var wasm = await page.EvaluateAsync<double>("() => globalThis.getDotnetRuntime(0).localHeapViewU8().length");
        return new Snapshot(batches, elapsed, heap / Megabyte, wasm / Megabyte, metrics["Nodes"], metrics["JSEventListeners"], metrics["ScriptDuration"]);
    }

    private sealed record Snapshot(int Batches, TimeSpan Elapsed, double JsHeapMb, double WasmMb, double Nodes, double Listeners, double ScriptSeconds)
    {
        public const string Header = "  batches  simulated  real s  JS heap MB  wasm MB  DOM nodes  listeners  page script s";

        public override string ToString() =>
            $"  {Batches,7:N0}  {SampleInterval * Batches,9:hh\\:mm\\:ss}  {Elapsed.TotalSeconds,6:F0}  {JsHeapMb,10:F2}  {WasmMb,7:F1}  {Nodes,9:F0}  {Listeners,9:F0}  {ScriptSeconds,13:F1}";
    }

    private static string Invocation(IReadOnlyList<LagSampleDto> samples) =>
        JsonSerializer.Serialize(new HubInvocation(1, nameof(ILiveHubClient.LagSampled), [samples]), HubJson) + RecordSeparator;

    private sealed record HubInvocation(int Type, string Target, object[] Arguments);

    /// <summary>The property names of a LagSampled record's first sample, in order.</summary>
    private static string Shape(string record)
    {
        using var json = JsonDocument.Parse(record.TrimEnd(RecordSeparator));
        return string.Join(",", json.RootElement.GetProperty("arguments")[0][0].EnumerateObject().Select(p => p.Name));
    }

    /// <summary>
    /// The wallboard's hub WebSocket through Playwright: frames from the page go to the server as they are; frames from
    /// the server go to the page without their <c>LagSampled</c> records (one frame may hold several records, each ended
    /// by the record separator). <see cref="Page"/> is the page's side, where the benchmark sends its own.
    /// </summary>
    private sealed class HubRelay
    {
        private readonly TaskCompletionSource<string> _firstLagSampled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private IWebSocketRoute? _page;
        private int _connections;
        private int _dropped;

        public IWebSocketRoute Page => Volatile.Read(ref _page) ?? throw new InvalidOperationException("The wallboard has not opened its hub WebSocket.");
        public int Connections => Volatile.Read(ref _connections);
        public int Dropped => Volatile.Read(ref _dropped);

        /// <summary>The first LagSampled record the server sent (dropped like the rest).</summary>
        public Task<string> FirstLagSampled => _firstLagSampled.Task;

        public void Accept(IWebSocketRoute page)
        {
            var server = page.ConnectToServer();
            page.OnMessage(frame =>
            {
                if (frame.Text is { } text)
                {
                    server.Send(text);
                }
                else
                {
                    server.Send(frame.Binary!);
                }
            });
            server.OnMessage(frame =>
            {
                if (frame.Text is not { } text)
                {
                    page.Send(frame.Binary!);
                }
                else if (WithoutLagSampled(text) is { Length: > 0 } kept)
                {
                    page.Send(kept);
                }
            });
            Volatile.Write(ref _page, page);
            Interlocked.Increment(ref _connections);
        }

        private string WithoutLagSampled(string frame)
        {
            var kept = new StringBuilder();
            foreach (var record in frame.Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                if (IsLagSampled(record))
                {
                    _firstLagSampled.TrySetResult(record);
                    Interlocked.Increment(ref _dropped);
                    continue;
                }
                kept.Append(record).Append(RecordSeparator);
            }
            return kept.ToString();
        }

        private static bool IsLagSampled(string record)
        {
            using var json = JsonDocument.Parse(record);
            return json.RootElement.TryGetProperty("target", out var target)
                && target.ValueKind == JsonValueKind.String
                && target.GetString() == nameof(ILiveHubClient.LagSampled);
        }
    }

    /// <summary>
    /// Samples as the sampler sends them, one batch per 250 ms of simulated time, filled as <c>LagSampleMapper</c> fills
    /// them: per replica a random walk of heartbeat lag between 5 and 800 ms, and now and then (about every 15 simulated
    /// minutes) a stretch of 5 s to 2 min with the replica disconnected or, one time in four, unreachable, its lag
    /// unknown. No stretch starts in the last 2 simulated minutes, so the end shows every replica streaming, as the
    /// start does.
    /// </summary>
    private sealed class SyntheticLag(IReadOnlyList<string> replicas, DateTimeOffset start, int seed)
    {
        private const double OutagesPerBatch = 1.0 / 3_600;
        private static readonly int CalmEnd = (int)(TimeSpan.FromMinutes(2) / SampleInterval);
        private readonly Random _random = new(seed);
        private readonly Replica[] _replicas = replicas.Select(r => new Replica(r)).ToArray();
        private int _batch;

        /// <summary>A batch like the first, without moving on (for the shape check).</summary>
        public LagSampleDto[] Peek() => _replicas.Select(r => r.Streaming(start, 0)).ToArray();

        public LagSampleDto[] Next()
        {
            var at = start + SampleInterval * _batch;
            var outagesAllowed = Batches - _batch > CalmEnd;
            _batch++;
            return _replicas.Select(r => r.Next(at, _random, outagesAllowed)).ToArray();
        }

        private sealed class Replica(string region)
        {
            private double _lag = 40;
            private int _outageLeft;
            private ReplicaState _outage;

            public LagSampleDto Next(DateTimeOffset at, Random random, bool outagesAllowed)
            {
                if (_outageLeft == 0 && outagesAllowed && random.NextDouble() < OutagesPerBatch)
                {
                    _outageLeft = random.Next(20, 480);
                    _outage = random.Next(4) == 0 ? ReplicaState.Unreachable : ReplicaState.Disconnected;
                }
                if (_outageLeft > 0)
                {
                    _outageLeft--;
                    return _outage == ReplicaState.Unreachable
                        ? new LagSampleDto(region, at, ReplicaState.Unreachable, null, null, null, null, null, null, null, "database not answering: Connection refused")
                        : new LagSampleDto(region, at, ReplicaState.Disconnected, null, null, null, null, null, 0, null, "WAL receiver not running");
                }
                _lag = Math.Clamp(_lag + (random.NextDouble() - 0.5) * 50, 5, 800);
                return Streaming(at, random.Next(0, 1 << 20));
            }

            public LagSampleDto Streaming(DateTimeOffset at, long byteLag) => new(
                region, at, ReplicaState.Streaming, Math.Round(_lag, 3), Math.Round(_lag * 0.94, 3), 0.4, 0.9, byteLag, byteLag / 2, "streaming", null);
        }
    }
}
