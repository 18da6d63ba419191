using System.Diagnostics;
using System.Net;
using Dashboard.Client.Live;
using Dashboard.Client.Wallboard;
using Dashboard.Configuration;
using Dashboard.Data;
using Dashboard.Features.Lag;
using Dashboard.Features.Propagation;
using Dashboard.TestSupport;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Benchmarks;

/// <summary>
/// Issue #12's table. Two real dashboard instances with a real Redis backplane behind a real HAProxy (as
/// <c>./run.sh --instances 2</c>), and <see cref="Clients"/> hub clients connected through HAProxy (balanced, sticky,
/// each with the wallboard's own retry policy, <see cref="ForeverRetryPolicy"/>):
/// <list type="bullet">
/// <item>fan-out: for <see cref="Rounds"/> sampling rounds, from the moment a round was sampled (its samples' time, on
/// the leader's clock, the same machine's) to each client receiving it;</item>
/// <item>the leader instance killed (SIGKILL) with its half of the clients on it, <see cref="Kills"/> times: until every
/// client is live again (reconnected and a round sampled after the kill received), until another instance holds the
/// role and writes the heartbeat again, and the gap in the samples the clients saw;</item>
/// <item>on a five-region stack of its own (<c>BENCH_FIVE_STACK_DIR</c>, brought up by bench.sh): COMMIT to confirmed by
/// DNS in all five regions, by the product's proof (<see cref="PropagationTracker"/>), no lag injected.</item>
/// </list>
/// </summary>
public sealed class ScaleoutBenchmark : IBenchmark
{
    private const int Clients = 1_000;
    private const int Rounds = 30;
    private const int Kills = 3;
    private const int FiveRegionTrials = 200;
    private const int FiveWarmupBatch = 50;
    private const int WarmupRounds = 5;
    private const string UserName = "scaleout-bench-oncall";
    private const string Password = "scaleout-bench-local-password";

    public string Name => "scaleout";
    public string Description => $"{Clients:N0} hub clients over 2 instances behind HAProxy: sample-to-client latency, leader killed (x{Kills}): clients live again and role taken over; five regions: COMMIT to confirmed in all";

    public async Task<IReadOnlyList<Measurement>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        // BENCH_SCALEOUT_PARTS=fanout or =five runs one part (while working on it); both by default.
        var parts = (Environment.GetEnvironmentVariable("BENCH_SCALEOUT_PARTS") is { Length: > 0 } only ? only : "fanout,five").Split(',', StringSplitOptions.TrimEntries);
        var results = new List<Measurement>();
        if (parts.Contains("fanout"))
        {
            results.AddRange(await FanOutAndKillsAsync(context, cancellationToken));
        }
        if (!parts.Contains("five"))
        {
            return results;
        }
        // Only once both instances, HAProxy and Redis are stopped: their sampling and heartbeats on the other stack
        // would otherwise share the two cores with the five-region stack being measured.
        if (Environment.GetEnvironmentVariable("BENCH_FIVE_STACK_DIR") is { Length: > 0 } fiveDir)
        {
            results.AddRange(await FiveRegionsAsync(TestStack.Load(fiveDir), context.Trials(FiveRegionTrials), context.Quick ? 2 : 30, cancellationToken));
        }
        else
        {
            Console.WriteLine("  five regions: skipped (BENCH_FIVE_STACK_DIR not set; ./bench.sh scaleout sets it)");
        }
        return results;
    }

    /// <summary>The fan-out to <see cref="Clients"/> clients and the leader kills, on two instances that stop when it returns.</summary>
    private static async Task<IReadOnlyList<Measurement>> FanOutAndKillsAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var results = new List<Measurement>();
        var (rounds, kills) = (context.Trials(Rounds), context.Quick ? 1 : Kills);
        await using var scaled = await ScaledOutDashboard.StartAsync(context.Stack, 2, cancellationToken, DeployedIntervals.With(new Dictionary<string, string>
        {
            ["Dashboard__SeedUsers__0__UserName"] = UserName,
            ["Dashboard__SeedUsers__0__Password"] = Password,
            ["Dashboard__SeedUsers__0__Roles__0"] = "OnCall",
        }));
        await using var haproxy = await HaproxyServer.StartAsync(scaled.Instances, cancellationToken);
        // The session cookie only: HAProxy's own cookie from the sign-in would pin every client to one instance.
        var cookie = string.Join("; ", (await HttpSignIn.CookieAsync(haproxy.BaseAddress, new TestUsers.TestUser(UserName, Password, "OnCall"), cancellationToken))
            .Split("; ").Where(c => !c.StartsWith(HaproxyServer.CookieName + "=", StringComparison.Ordinal)));
        await using var primary = AppServices.Build(context.Stack);
        var sources = primary.Get<RegionDataSources>();

        var fanOut = new List<double>();
        // Per round: to the first client (the sample's reads and the servers' path), and from the first client to the last (the spread).
        var toFirst = new List<double>();
        var spread = new List<double>();
        var liveAgain = new List<double>();
        var takeover = new List<double>();
        var heartbeatBack = new List<double>();
        var gaps = new List<double>();
        for (var kill = 0; kill < kills; kill++)
        {
            var (leader, _) = await scaled.WaitForOneLeaderAsync(TimeSpan.FromSeconds(120), cancellationToken);
            var clients = await ConnectAsync(haproxy.BaseAddress, cookie, cancellationToken);
            try
            {
                var byInstance = clients.GroupBy(c => c.Instance).ToDictionary(g => g.Key, g => g.Count());
                Console.WriteLine($"  trial {kill + 1}: {clients.Count} clients connected ({string.Join(", ", byInstance.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}"))}); leader on port {leader.BaseAddress.Port}");

                // Both instances (one just restarted after a kill) and the clients here compile the push path for its first
                // rounds: rounds go by until their JIT is quiet, as on instances that have run for a while (Warmup).
                var compilers = scaled.Instances.Where(i => i.IsRunning).Select(i => Warmup.TieredCompilerCpu(DashboardProcess.Find(i))).ToList();
                var warmup = await Warmup.UntilJitQuietAsync(_ => Task.Delay(TimeSpan.FromSeconds(WarmupRounds), cancellationToken), WarmupRounds,
                    () => compilers.Aggregate(Warmup.OwnJit(), (sum, compiler) => sum + compiler()), context.Quick ? 1 : 12);
                Console.WriteLine($"  trial {kill + 1}: {warmup} (seconds, a round each)");

                // Fan-out: every client's latency for each of the next rounds.
                var fromRound = clients.Max(c => c.LatestAt);
                await WaitAsync(() => clients.All(c => c.CountAfter(fromRound) >= rounds), TimeSpan.FromSeconds(rounds * 3 + 60), $"{rounds} rounds at every client", cancellationToken);
                var latencies = clients.SelectMany(c => c.LatenciesAfter(fromRound).Take(rounds)).ToList();
                fanOut.AddRange(latencies);
                Console.WriteLine($"  trial {kill + 1}: sample to client over {rounds} rounds x {clients.Count} clients: p50 {Statistics.Percentile(latencies, 50):F1} ms, p99 {Statistics.Percentile(latencies, 99):F1} ms, max {latencies.Max():F1} ms");
                // Where the time goes: to the first client of each round (the servers' path), and from the first to the last (the fan-out).
                var byRound = clients.SelectMany(c => c.LatenciesByRoundAfter(fromRound).Take(rounds)).GroupBy(r => r.At).Select(g => (First: g.Min(r => r.Ms), Spread: g.Max(r => r.Ms) - g.Min(r => r.Ms))).ToList();
                toFirst.AddRange(byRound.Select(r => r.First));
                spread.AddRange(byRound.Select(r => r.Spread));
                Console.WriteLine($"  trial {kill + 1}: per round, to the first client p50 {Statistics.Percentile([.. byRound.Select(r => r.First)], 50):F1} ms, p99 {Statistics.Percentile([.. byRound.Select(r => r.First)], 99):F1}; first to last client p50 {Statistics.Percentile([.. byRound.Select(r => r.Spread)], 50):F1} ms, p99 {Statistics.Percentile([.. byRound.Select(r => r.Spread)], 99):F1}");

                // The leader killed: its clients reconnect through HAProxy to the other instance, which takes the role.
                var leaderName = (await ScaledOutDashboard.StateAsync(leader, cancellationToken))!.Name;
                var lastBeat = await HeartbeatAsync(sources, cancellationToken);
                var lastAt = clients.Max(c => c.LatestAt);
                var killStarted = DateTimeOffset.UtcNow;
                var killed = Stopwatch.StartNew();
                await leader.DisposeAsync();
                // Once the process is gone: a round it sampled while being killed must not count as "live again".
                var killedAt = DateTimeOffset.UtcNow;
                var killMs = killed.Elapsed.TotalMilliseconds;
                var follower = scaled.Instances.Single(i => i.IsRunning);
                double? tookOver = null, beatAgain = null;
                while (tookOver is null || beatAgain is null || !clients.All(c => c.LiveAgain(killStarted, killedAt) is not null))
                {
                    if (killed.Elapsed > TimeSpan.FromSeconds(120))
                    {
                        var notLive = clients.Where(c => c.LiveAgain(killStarted, killedAt) is null).ToList();
                        var why = string.Join("; ", notLive.GroupBy(c => $"{c.State} ({c.Problem})").Select(g => $"{g.Count()} x {g.Key}"));
                        throw new TimeoutException($"After 120 s: role {(tookOver is null ? "not taken" : "taken")}, heartbeat {(beatAgain is null ? "not written" : "written")}, {notLive.Count} clients not live: {why}");
                    }
                    tookOver ??= (await ScaledOutDashboard.StateAsync(follower, cancellationToken))?.Leader == true ? killed.Elapsed.TotalMilliseconds : null;
                    beatAgain ??= (await HeartbeatAsync(sources, cancellationToken)).Seq > lastBeat.Seq ? killed.Elapsed.TotalMilliseconds : null;
                    await Task.Delay(20, cancellationToken);
                }
                // Each client's moment, read once: the figures and the slowest clients below come from the same readings.
                var liveAt = clients.Select(c => (Client: c, At: c.LiveAgain(killStarted, killedAt)!.Value)).ToList();
                var live = liveAt.Select(c => killMs + (c.At - killedAt).TotalMilliseconds).ToList();
                var allLive = live.Max();
                Console.WriteLine($"  trial {kill + 1}: clients live again after the kill: p50 {Statistics.Percentile(live, 50):F0} ms, p90 {Statistics.Percentile(live, 90):F0}, p99 {Statistics.Percentile(live, 99):F0}, max {allLive:F0}; {clients.Count(c => c.Problems.Count > 0)} dropped");
                if (Environment.GetEnvironmentVariable("BENCH_SCALEOUT_LOG") == "1")
                {
                    var lines = follower.Output.Split('\n');
                    var notable = lines.Select((l, n) => (l, n)).Where(x => x.l.StartsWith("warn:") || x.l.StartsWith("fail:")).Select(x => x.l.Trim() + " " + (x.n + 1 < lines.Length ? lines[x.n + 1].Trim() : "")).ToList();
                    Console.WriteLine($"    survivor's log: {notable.Count} warnings and failures; by kind:");
                    foreach (var kind in notable.GroupBy(l => l.Length > 150 ? l[..150] : l).OrderByDescending(g => g.Count()).Take(8))
                    {
                        Console.WriteLine($"      {kind.Count()} x {kind.Key}");
                    }
                }
                foreach (var slow in liveAt.OrderByDescending(c => c.At).Take(2).Select(c => c.Client))
                {
                    Console.WriteLine($"    slowest: {string.Join(" | ", slow.Problems.Select(p => p.Length > 160 ? p[..160] : p))}");
                }
                var gap = (clients.Min(c => c.FirstAtAfter(killedAt)) - lastAt).TotalMilliseconds;
                liveAgain.Add(allLive);
                takeover.Add(tookOver.Value);
                heartbeatBack.Add(beatAgain.Value);
                gaps.Add(gap);
                Console.WriteLine($"  trial {kill + 1}: killed the leader ({leaderName}) with {byInstance.GetValueOrDefault(leaderName)} clients on it: role taken after {tookOver:F0} ms, heartbeat again after {beatAgain:F0} ms, every client live again after {allLive:F0} ms; gap in samples {gap:F0} ms");
            }
            finally
            {
                await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
            }
            var dead = scaled.Instances.ToList().FindIndex(i => !i.IsRunning);
            await scaled.RestartAsync(dead, cancellationToken);
        }

        results.Add(new("hub_clients", Clients, "clients"));
        results.Add(new("sample_to_client_p50", Statistics.Percentile(fanOut, 50), "ms"));
        results.Add(new("sample_to_client_p99", Statistics.Percentile(fanOut, 99), "ms", "<= 150", 150));
        results.Add(new("sample_to_client_max", fanOut.Max(), "ms"));
        results.Add(new("sample_to_first_client_p50", Statistics.Percentile(toFirst, 50), "ms"));
        results.Add(new("sample_to_first_client_p99", Statistics.Percentile(toFirst, 99), "ms"));
        results.Add(new("first_to_last_client_p50", Statistics.Percentile(spread, 50), "ms"));
        results.Add(new("first_to_last_client_p99", Statistics.Percentile(spread, 99), "ms"));
        results.Add(new("kill_leader_all_clients_live_again_max", liveAgain.Max(), "ms", "<= 5000", 5000));
        results.Add(new("kill_leader_all_clients_live_again_median", Statistics.Percentile(liveAgain, 50), "ms"));
        results.Add(new("kill_leader_role_taken_max", takeover.Max(), "ms", "<= 5000", 5000));
        results.Add(new("kill_leader_heartbeat_again_max", heartbeatBack.Max(), "ms", "<= 5000", 5000));
        results.Add(new("kill_leader_sample_gap_max", gaps.Max(), "ms"));
        return results;
    }

    /// <summary>COMMIT to confirmed by DNS in every region of a five-region stack, by the product's own tracker: the slowest region of each change.</summary>
    private static async Task<IReadOnlyList<Measurement>> FiveRegionsAsync(TestStack five, int trials, int warmupBatches, CancellationToken cancellationToken)
    {
        if (five.Options.Regions.Count != 5)
        {
            throw new InvalidOperationException($"The five-region stack has {five.Options.Regions.Count} regions.");
        }
        await Dashboard.Data.SchemaMigrator.MigrateAsync(five.Options.Database.MigrationConnectionString, cancellationToken);
        await using var services = AppServices.Build(five);
        var sources = services.Get<RegionDataSources>();
        var tracker = services.Get<PropagationTracker>();
        var domainId = await PropagationBenchmark.ZoneIdAsync(sources, cancellationToken);
        var prefix = $"bench-five-{Guid.NewGuid():N}"[..19];
        try
        {
            // The tracker runs in this process, which has just started: changes are proved until its JIT is quiet, as in a
            // dashboard that has run for a while (Warmup). Without it, JIT took a core for the whole run (p99 41 to 77 ms).
            var cold = new List<double>();
            var warmup = await Warmup.UntilJitQuietAsync(async batch =>
            {
                var warm = await PropagationBenchmark.ProofAsync(tracker, sources, domainId, $"{prefix}-w{batch}", FiveWarmupBatch, null, cancellationToken);
                cold.AddRange(warm.Select(t => t.CommitMs + five.Options.Regions.Max(r => t.Visible(r.Name))));
            }, FiveWarmupBatch, Warmup.OwnJit, warmupBatches);
            // The first change is left out (first connections); the rest is what changes right after a start see.
            var coldP99 = Statistics.Percentile(cold[1..], 99);
            Console.WriteLine($"    {warmup}; those changes, just after the start: p50 {Statistics.Percentile(cold[1..], 50):F1} ms, p99 {coldP99:F1} ms");
            var (pauseBefore, gcBefore, jitBefore) = (GC.GetTotalPauseDuration(), Enumerable.Range(0, 3).Select(GC.CollectionCount).ToArray(), Warmup.OwnJit());
            var runs = await PropagationBenchmark.ProofAsync(tracker, sources, domainId, prefix, trials, null, cancellationToken);
            // This process's garbage collections and JIT meanwhile (the tracker runs here): either stops or slows every region's proof at once.
            Console.WriteLine($"    this process's GC during the {trials} changes: {string.Join(", ", Enumerable.Range(0, 3).Select(g => $"gen{g} {GC.CollectionCount(g) - gcBefore[g]}"))}; paused {(GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds:F0} ms in all; JIT {(Warmup.OwnJit() - jitBefore).TotalMilliseconds:F0} ms");
            var all = runs.Select(t => t.CommitMs + five.Options.Regions.Max(r => t.Visible(r.Name))).ToList();
            Console.WriteLine($"  five regions ({string.Join(", ", five.Options.Regions.Select(r => r.Name))}): COMMIT to confirmed in all, {trials} changes: p50 {Statistics.Percentile(all, 50):F1} ms, p99 {Statistics.Percentile(all, 99):F1} ms, max {all.Max():F1} ms");
            // BENCH_FIVE_TRIALS_CSV=path: every change's start (UTC, Unix seconds) and COMMIT-to-confirmed-in-all, to set
            // beside a trace of the same seconds (CPU or IO pressure, a scheduler trace).
            if (Environment.GetEnvironmentVariable("BENCH_FIVE_TRIALS_CSV") is { Length: > 0 } csv)
            {
                await File.WriteAllLinesAsync(csv, ["began_unix_s,commit_to_all_ms", .. runs.Select((t, i) => FormattableString.Invariant($"{t.Began.ToUnixTimeMilliseconds() / 1000.0:F3},{all[i]:F1}"))], cancellationToken);
            }
            var retried = runs.Count(t => t.Regions.Any(r => r.Attempts > 1));
            Console.WriteLine($"    changes confirmed at a second attempt or later in some region: {retried} of {runs.Count}");
            var commits = runs.Select(t => t.CommitMs).ToList();
            Console.WriteLine($"    COMMIT: p50 {Statistics.Percentile(commits, 50):F1} ms, p99 {Statistics.Percentile(commits, 99):F1} ms");
            // The slowest changes step by step (ms after COMMIT: replayed, flushed, visible; attempts when more than one), so that a tail explains itself.
            foreach (var (trial, index) in runs.Select((t, i) => (t, i)).OrderByDescending(x => all[x.i]).Take(5))
            {
                Console.WriteLine($"    slow change #{index} (began {trial.Began:HH:mm:ss.fff} UTC): COMMIT {trial.CommitMs:F1}; " + string.Join("; ", trial.Regions.Select(r => $"{r.Region} {r.Replayed?.TotalMilliseconds:F1}/{r.Flushed?.TotalMilliseconds:F1}/{r.Visible?.TotalMilliseconds:F1}" + (r.Attempts > 1 ? $" ({r.Attempts} attempts)" : ""))));
            }
            foreach (var region in five.Options.Regions)
            {
                var confirmed = runs.Select(t => t.CommitMs + t.Visible(region.Name)).ToList();
                Console.WriteLine($"    {region.Name}: p50 {Statistics.Percentile(confirmed, 50):F1} ms, p99 {Statistics.Percentile(confirmed, 99):F1} ms");
            }
            return
            [
                new("five_regions_warmup_changes", warmup.Repetitions, "changes"),
                new("five_regions_during_warmup_p99", coldP99, "ms"),
                new("five_regions_commit_to_confirmed_all_p50", Statistics.Percentile(all, 50), "ms"),
                new("five_regions_commit_to_confirmed_all_p99", Statistics.Percentile(all, 99), "ms", "<= 25", 25),
                new("five_regions_commit_to_confirmed_all_max", all.Max(), "ms"),
            ];
        }
        finally
        {
            await using var cleanup = sources.Primary.CreateCommand("DELETE FROM records WHERE name LIKE $1");
            cleanup.Parameters.AddWithValue($"{prefix}%");
            await cleanup.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static async Task<(long Seq, DateTimeOffset At)> HeartbeatAsync(RegionDataSources sources, CancellationToken cancellationToken)
    {
        await using var command = sources.Primary.CreateCommand($"SELECT seq, at FROM {LagDatabase.HeartbeatTable} WHERE id = 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1));
    }

    /// <summary>Connects <see cref="Clients"/> clients through HAProxy, 50 at a time, each with its own cookies (HAProxy's stickiness included).</summary>
    private static async Task<List<BenchClient>> ConnectAsync(Uri haproxy, string authCookie, CancellationToken cancellationToken)
    {
        var clients = new List<BenchClient>();
        using var gate = new SemaphoreSlim(50);
        var tasks = Enumerable.Range(0, Clients).Select(async i =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                return await BenchClient.ConnectAsync(haproxy, authCookie, cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        });
        clients.AddRange(await Task.WhenAll(tasks));
        return clients;
    }

    private static async Task WaitAsync(Func<bool> done, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (!done())
        {
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"Waited {timeout} for {what}.");
            }
            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>
    /// One hub client, as the wallboard connects: the live hub, the wallboard's retry policy, its LagSampled pushes timed
    /// on arrival, and its refill (regions, lag overview, 5 minutes of lag history) after every start and reconnect.
    /// </summary>
    private sealed class BenchClient : IAsyncDisposable
    {
        private readonly Lock _lock = new();
        private readonly List<(DateTimeOffset At, DateTimeOffset Received)> _pushes = [];
        private readonly HubConnection _connection;

        public string Instance { get; private set; } = "";

        public HubConnectionState State => _connection.State;

        private readonly List<string> _problems = [];

        /// <summary>The last reason the connection dropped or closed, if any; every one is kept (<see cref="Problems"/>).</summary>
        public string? Problem
        {
            get { lock (_lock) { return _problems.Count == 0 ? null : _problems[^1]; } }
            private set { lock (_lock) { _problems.Add($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {value}"); } }
        }

        public IReadOnlyList<string> Problems
        {
            get { lock (_lock) { return [.. _problems]; } }
        }

        public DateTimeOffset LatestAt
        {
            get { lock (_lock) { return _pushes.Count == 0 ? DateTimeOffset.MinValue : _pushes[^1].At; } }
        }

        public static async Task<BenchClient> ConnectAsync(Uri haproxy, string authCookie, CancellationToken cancellationToken)
        {
            var cookies = new CookieContainer();
            cookies.SetCookies(haproxy, authCookie.Replace("; ", ",", StringComparison.Ordinal));
            var client = new BenchClient(new HubConnectionBuilder()
                .WithUrl(new Uri(haproxy, LiveHubPaths.Hub), o => o.Cookies = cookies)
                .WithAutomaticReconnect(new ForeverRetryPolicy())
                .Build());
            client._connection.On<IReadOnlyList<LagSampleDto>>(nameof(ILiveHubClient.LagSampled), samples =>
            {
                var received = DateTimeOffset.UtcNow;
                if (samples.Count > 0)
                {
                    lock (client._lock)
                    {
                        client._pushes.Add((samples[0].At, received));
                    }
                }
            });
            client._connection.Reconnecting += ex => { client.Dropped($"reconnecting: {ex?.GetType().Name} {ex?.Message}"); return Task.CompletedTask; };
            client._connection.Reconnected += _ => { client.Problem = "reconnected"; return client.RefillAsync(); };
            // As the wallboard does: a connection closed for good (the server refused it, or the retries ran out) is
            // started again, after the policy's delays, unless the sign-in is over.
            client._connection.Closed += ex =>
            {
                client.Dropped($"closed: {ex?.GetType().Name} {ex?.Message}");
                if (!client._disposed && !ForeverRetryPolicy.IsSignInOver(ex))
                {
                    _ = client.StartAgainAsync();
                }
                return Task.CompletedTask;
            };
            await client._connection.StartAsync(cancellationToken);
            client.Instance = cookies.GetCookies(haproxy)[HaproxyServer.CookieName]?.Value ?? "?";
            await client.RefillAsync();
            return client;
        }

        private readonly LiveHubClient _hub;
        private DateTimeOffset _droppedAt = DateTimeOffset.MinValue;
        private DateTimeOffset _refilledAt = DateTimeOffset.MinValue;

        private BenchClient(HubConnection connection)
        {
            _connection = connection;
            _hub = new LiveHubClient(connection);
        }

        private void Dropped(string why)
        {
            lock (_lock) { _droppedAt = DateTimeOffset.UtcNow; }
            Problem = why;
        }

        /// <summary>What the wallboard asks for once connected (Wallboard.RefillAsync); a failure is kept as a problem, as the wallboard logs it.</summary>
        private async Task RefillAsync()
        {
            try
            {
                await _hub.GetRegions();
                await _hub.GetLag();
                await _hub.GetLagHistory(5);
                lock (_lock) { _refilledAt = DateTimeOffset.UtcNow; }
            }
            catch (Exception ex)
            {
                Problem = $"refill failed: {ex.GetType().Name} {ex.Message}";
            }
        }

        /// <summary>
        /// When this client was live again after a kill that began at <paramref name="killStarted"/> and ended at
        /// <paramref name="killedAt"/>: a push sampled after the kill has arrived and, if the connection dropped since the
        /// kill began, the refill after it is done (the wallboard shows "connected" then). Null: not yet.
        /// </summary>
        public DateTimeOffset? LiveAgain(DateTimeOffset killStarted, DateTimeOffset killedAt)
        {
            lock (_lock)
            {
                var push = _pushes.FirstOrDefault(p => p.At > killedAt);
                if (push == default)
                {
                    return null;
                }
                if (_droppedAt < killStarted)
                {
                    return push.Received;
                }
                return _refilledAt > _droppedAt ? (_refilledAt > push.Received ? _refilledAt : push.Received) : null;
            }
        }

        public int CountAfter(DateTimeOffset at)
        {
            lock (_lock) { return _pushes.Count(p => p.At > at); }
        }

        public IEnumerable<double> LatenciesAfter(DateTimeOffset at)
        {
            lock (_lock) { return _pushes.Where(p => p.At > at).Select(p => (p.Received - p.At).TotalMilliseconds).ToList(); }
        }

        public IEnumerable<(DateTimeOffset At, double Ms)> LatenciesByRoundAfter(DateTimeOffset at)
        {
            lock (_lock) { return _pushes.Where(p => p.At > at).Select(p => (p.At, (p.Received - p.At).TotalMilliseconds)).ToList(); }
        }

        public DateTimeOffset FirstAtAfter(DateTimeOffset at)
        {
            lock (_lock) { return _pushes.First(p => p.At > at).At; }
        }

        private volatile bool _disposed;

        private async Task StartAgainAsync()
        {
            for (var attempt = 0L; !_disposed; attempt++)
            {
                await Task.Delay(ForeverRetryPolicy.Delay(attempt));
                try
                {
                    await _connection.StartAsync();
                    Problem = "started again";
                    await RefillAsync();
                    return;
                }
                catch (Exception ex) when (!ForeverRetryPolicy.IsSignInOver(ex))
                {
                    Problem = $"start again failed: {ex.GetType().Name} {ex.Message}";
                }
                catch (Exception ex)
                {
                    Problem = $"sign-in over: {ex.Message}";
                    return;
                }
            }
        }

        public ValueTask DisposeAsync()
        {
            _disposed = true;
            return _connection.DisposeAsync();
        }
    }
}
