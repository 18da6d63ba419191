using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Features.ApiKeys;
using Dashboard.Features.Auth;
using Dashboard.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Dashboard.Benchmarks;

/// <summary>
/// The HTTP API (issue #13) against a real dashboard process on the local stack, called over loopback HTTP with an API
/// key: a change set of 100 changes from submit to the applied answer (<c>wait=0</c>: the answer at COMMIT; the next set
/// is sent once the last one's propagation settled), beside the same set applied in process, and 1,000
/// resolution-check requests of 10 names each (every region, A), 20 at a time: throughput and latency.
/// </summary>
public sealed class ApiBenchmark : IBenchmark
{
    private const string Zone = "free.tunnel.test";
    private const int ChangeSets = 100;
    private const int ChangesPerSet = 100;
    private const int CheckRequests = 1000;
    private const int NamesPerCheck = 10;
    private const int CheckConcurrency = 20;
    private const int WarmupBatch = 20;
    private const int MaxWarmupBatches = 40;

    public string Name => "api";
    public string Description => $"HTTP API: change set of {ChangesPerSet} changes, submit to applied; {CheckRequests:N0} check requests of {NamesPerCheck} names, {CheckConcurrency} at a time";

    public async Task<IReadOnlyList<Measurement>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var stack = context.Stack;
        // The per-key rate limit would stop a benchmark that means to load the server; it is not what is measured.
        await using var server = await DashboardServer.StartAsync(stack, DeployedIntervals.With(new Dictionary<string, string> { ["Dashboard__Api__RateLimitPermits"] = "1000000" }), cancellationToken);
        await using var app = await AppServices.StartAsync(stack, cancellationToken);
        var key = await KeyAsync(app, cancellationToken);
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var prefix = $"bench-api-{Guid.NewGuid():N}"[..18];
        // A quick run (BENCH_QUICK) warms briefly: it is not recorded.
        var maxWarmupBatches = context.Quick ? 2 : MaxWarmupBatches;
        try
        {
            var results = new List<Measurement>();
            try
            {
                results.AddRange(await ChangeSetsAsync(http, DashboardProcess.Find(server), prefix, context.Trials(ChangeSets), maxWarmupBatches, cancellationToken));
            }
            catch (InvalidOperationException ex)
            {
                // The server's own account of a failed request (its log), not only the status the client saw.
                var output = server.Output;
                throw new InvalidOperationException($"{ex.Message}\nthe dashboard's output, last 4,000 characters:\n{output[^Math.Min(4000, output.Length)..]}", ex);
            }
            results.AddRange(await InProcessAsync(app, $"{prefix}-p", context.Trials(ChangeSets), maxWarmupBatches, cancellationToken));
            results.AddRange(await ChecksAsync(http, await NamesAsync(stack, prefix, cancellationToken), context.Trials(CheckRequests), cancellationToken));
            return results;
        }
        finally
        {
            await using var dataSource = NpgsqlDataSource.Create(stack.Primary.ConnectionString);
            await using var cleanup = dataSource.CreateCommand("DELETE FROM records WHERE name LIKE $1");
            cleanup.Parameters.AddWithValue($"{prefix}%");
            await cleanup.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static async Task<IReadOnlyList<Measurement>> ChangeSetsAsync(HttpClient http, string pid, string prefix, int count, int maxWarmupBatches, CancellationToken cancellationToken)
    {
        // The dashboard has just started: sets are sent until its JIT is quiet, as in a dashboard that has run for a while.
        // What the sets right after a start see is printed and recorded too (the first is left out: first connections).
        var cold = new List<double>();
        var warmup = await Warmup.UntilJitQuietAsync(async batch =>
        {
            for (var i = 0; i < WarmupBatch; i++)
            {
                cold.Add(await SendSetAsync(http, $"{prefix}-w{batch}-{i}", cancellationToken));
            }
        }, WarmupBatch, Warmup.TieredCompilerCpu(pid), maxWarmupBatches);
        var coldP95 = Statistics.Percentile(cold[1..], 95);
        Console.WriteLine($"  the dashboard's {warmup}; those sets, just after its start: p50 {Statistics.Percentile(cold[1..], 50):F1} ms, p95 {coldP95:F1} ms");
        var samples = new List<double>();
        for (var run = 0; run < count; run++)
        {
            samples.Add(await SendSetAsync(http, $"{prefix}-{run}", cancellationToken));
        }
        var (p50, p95, max) = (Statistics.Percentile(samples, 50), Statistics.Percentile(samples, 95), samples.Max());
        Console.WriteLine($"  change set of {ChangesPerSet} changes over the API, submit to applied ({count} sets): p50 {p50:F1} ms, p95 {p95:F1} ms, max {max:F1} ms");
        return
        [
            new("changeset_100_warmup_sets", warmup.Repetitions, "sets"),
            new("changeset_100_during_warmup_p95", coldP95, "ms"),
            new("changeset_100_submit_to_applied_p50", p50, "ms"),
            new("changeset_100_submit_to_applied_p95", p95, "ms", "<= 60", 60),
            new("changeset_100_submit_to_applied_max", max, "ms"),
        ];
    }

    /// <summary>
    /// One set of <see cref="ChangesPerSet"/> new names under <paramref name="names"/>, sent and timed from submit to the
    /// applied answer; then, not timed, its propagation proof is waited for.
    /// </summary>
    private static async Task<double> SendSetAsync(HttpClient http, string names, CancellationToken cancellationToken)
    {
        var body = new
        {
            rrsets = Enumerable.Range(0, ChangesPerSet).Select(i => new
            {
                name = $"{names}-{i}.{Zone}",
                type = "A",
                ttl = 60,
                // 198.18.0.0/15 is for benchmarks (RFC 2544): no demo name points there.
                records = new[] { new { content = $"198.18.0.{i % 250 + 1}" } },
            }).ToArray(),
            reason = "api benchmark",
        };
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/zones/{Zone}/changesets?wait=0") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await http.SendAsync(request, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"change set {names}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
        var applied = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement;
        if (applied.GetProperty("recordChanges").GetInt32() != ChangesPerSet)
        {
            throw new InvalidOperationException($"change set {names} applied {applied.GetProperty("recordChanges")} changes, not {ChangesPerSet}");
        }
        // Not timed: the change's propagation proof (a flush and a DNS question per name and region) runs on after the
        // answer; the next set waits for it, so each set is measured on a server that is not still proving the last.
        await SettledAsync(http, applied.GetProperty("follow").GetString()!, cancellationToken);
        return elapsed;
    }

    /// <summary>
    /// The same kind of 100-change set, applied in this process by the commands the endpoint calls (reads, the API's
    /// builder, <see cref="Dashboard.Features.Zones.ChangeSetCommands"/>), without HTTP, authentication or JSON: what the
    /// API adds is the difference.
    /// </summary>
    private static async Task<IReadOnlyList<Measurement>> InProcessAsync(AppServices app, string prefix, int count, int maxWarmupBatches, CancellationToken cancellationToken)
    {
        var actor = new Actor("api-bench-inprocess", "api-bench-inprocess", new HashSet<string> { Roles.Operator });
        await TestActors.EnsureUsersAsync(app.Get<Dashboard.Data.RegionDataSources>().Primary, [actor], cancellationToken);
        var reads = app.Get<Dashboard.Features.Zones.ZoneEditingReads>();
        var commands = app.Get<Dashboard.Features.Zones.ChangeSetCommands>();
        // This process compiles the commands now: warmed as the dashboard is, until its own JIT is quiet.
        var warmup = await Warmup.UntilJitQuietAsync(async batch =>
        {
            for (var i = 0; i < WarmupBatch; i++)
            {
                await ApplyAsync($"{prefix}-w{batch}-{i}");
            }
        }, WarmupBatch, Warmup.OwnJit, maxWarmupBatches);
        Console.WriteLine($"  in process, {warmup}");
        var (total, committed) = (new List<double>(), new List<double>());
        for (var run = 0; run < count; run++)
        {
            var (elapsed, commit) = await ApplyAsync($"{prefix}-{run}");
            total.Add(elapsed);
            committed.Add(commit);
        }
        Console.WriteLine($"  the same in process (reads, builder, apply; no HTTP): p50 {Statistics.Percentile(total, 50):F1} ms, p95 {Statistics.Percentile(total, 95):F1} ms; of which apply to COMMIT p50 {Statistics.Percentile(committed, 50):F1} ms");
        return
        [
            new("changeset_100_in_process_p50", Statistics.Percentile(total, 50), "ms"),
            new("changeset_100_in_process_p95", Statistics.Percentile(total, 95), "ms"),
            new("changeset_100_in_process_commit_p50", Statistics.Percentile(committed, 50), "ms"),
        ];

        // One set of new names: submit to applied, and apply to COMMIT; then, not timed, its propagation proof.
        async Task<(double Elapsed, double Committed)> ApplyAsync(string names)
        {
            var request = new Dashboard.Features.Api.ChangeSetRequestDto(
                [.. Enumerable.Range(0, ChangesPerSet).Select(i => new Dashboard.Features.Api.RRsetChangeDto(
                    $"{names}-{i}.{Zone}", "A", 60, null, [new Dashboard.Features.Api.RecordChangeDto($"198.18.0.{i % 250 + 1}")]))], "api benchmark, in process");
            var started = Stopwatch.GetTimestamp();
            // As the API reads them: at once.
            var policyRead = reads.PolicyAsync(actor, Zone, cancellationToken);
            var storedRead = reads.RRsetsAsync(actor, Zone, Dashboard.Features.Api.ApiChangeSetBuilder.NamesOf(Zone, request), cancellationToken);
            var (policy, stored) = (await policyRead, await storedRead);
            var built = Dashboard.Features.Api.ApiChangeSetBuilder.Build(Zone, policy!, request, stored, 1000);
            var result = await commands.ApplyAsync(actor, Zone, built.Set!, request.Reason, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (result is not Dashboard.Features.Zones.ApplyResult.Applied applied)
            {
                throw new InvalidOperationException($"in-process set {names}: {result}");
            }
            await applied.Propagation.Settled.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            return (elapsed, applied.Committed.TotalMilliseconds);
        }
    }

    private static async Task SettledAsync(HttpClient http, string follow, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 60;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            using var response = await http.GetAsync(follow, cancellationToken);
            if (response.IsSuccessStatusCode
                && JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.GetProperty("propagation").GetProperty("settled").GetBoolean())
            {
                return;
            }
            await Task.Delay(20, cancellationToken);
        }
        throw new TimeoutException($"{follow} did not settle within 60 s");
    }

    private static async Task<IReadOnlyList<Measurement>> ChecksAsync(HttpClient http, string[] names, int count, CancellationToken cancellationToken)
    {
        var latencies = new double[count];
        var next = -1;
        var wall = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, CheckConcurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var batch = Enumerable.Range(0, NamesPerCheck).Select(k => names[(i * NamesPerCheck + k) % names.Length]).ToArray();
                var started = Stopwatch.GetTimestamp();
                using var response = await http.PostAsJsonAsync("/api/v1/checks", new { names = batch, types = new[] { "A" } }, cancellationToken);
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"check {i}: {(int)response.StatusCode} {text}");
                }
            }
        }).ToList();
        await Task.WhenAll(workers);
        wall.Stop();
        var throughput = count / wall.Elapsed.TotalSeconds;
        var (p50, p99) = (Statistics.Percentile(latencies, 50), Statistics.Percentile(latencies, 99));
        Console.WriteLine($"  {count:N0} check requests of {NamesPerCheck} names x every region x A, {CheckConcurrency} at a time: {throughput:F1} requests/s ({throughput * NamesPerCheck:F0} names/s), p50 {p50:F1} ms, p99 {p99:F1} ms");
        return
        [
            new("checks_10_names_requests_per_second", throughput, "requests/s", LowerIsBetter: false),
            new("checks_10_names_p50", p50, "ms"),
            new("checks_10_names_p99", p99, "ms"),
        ];
    }

    /// <summary>Names the benchmark's change sets created (they exist, so no check draws a miss to flush).</summary>
    private static async Task<string[]> NamesAsync(TestStack stack, string prefix, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(stack.Primary.ConnectionString);
        await using var command = dataSource.CreateCommand("SELECT name FROM records WHERE name LIKE $1 ORDER BY name LIMIT 2000");
        command.Parameters.AddWithValue($"{prefix}%");
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }
        return [.. names];
    }

    /// <summary>A key with every permission the API benchmark uses, of a bench user of its own (an Admin).</summary>
    private static async Task<string> KeyAsync(AppServices app, CancellationToken cancellationToken)
    {
        const string owner = "api-bench-owner";
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        if (await users.FindByNameAsync(owner) is null)
        {
            var created = await app.Get<UserCommands>().CreateAsync(Actor.System, owner, $"bench-{Guid.NewGuid():N}", [Roles.Admin], cancellationToken);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", created.Errors));
            }
        }
        var user = await users.FindByNameAsync(owner);
        var result = await app.Get<ApiKeyCommands>().CreateAsync(Actor.System,
            new ApiKeyRequest($"bench-{Guid.NewGuid():N}"[..20], user!.Id, [Permission.ReadZones, Permission.EditDns, Permission.RunChecks], [], DateTimeOffset.UtcNow.AddDays(1)), cancellationToken);
        return result is ApiKeyResult.Created key ? key.Key : throw new InvalidOperationException($"No bench key: {result}");
    }
}
