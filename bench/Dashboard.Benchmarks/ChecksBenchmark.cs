using System.Diagnostics;
using Dashboard.Configuration;
using Dashboard.Features.Auth;
using Dashboard.Features.Checks;
using Dashboard.Features.Propagation;
using Dashboard.TestSupport;
using DnsClient;
using Npgsql;

namespace Dashboard.Benchmarks;

/// <summary>
/// Resolution checks (issue #9): 1,000 names × every region × A from the click on Run to the last cell shown in
/// Chromium (and the engine alone, in process); and the no-trace rule: names checked while they do not exist, created
/// 1 s after the check started, then asked of every region once replicated: how many first answers are NXDOMAIN.
/// </summary>
public sealed class ChecksBenchmark : IBenchmark
{
    private const int Runs = 5;
    private const int Names = 1000;
    private const string Zone = "free.tunnel.test";
    private const string UserName = "checks-bench-oncall";
    private const string Password = "checks-bench-local-password";

    public string Name => "checks";
    public string Description => "1,000 names x every region x A, click to last cell (browser) and engine alone; names created 1 s after their check: NXDOMAIN first answers";

    public async Task<IReadOnlyList<Measurement>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var stack = context.Stack;
        var names = await TunnelNamesAsync(stack, cancellationToken);
        var results = new List<Measurement>();
        foreach (var concurrency in new[] { 16, 32, 128, 256 })
        {
            await using var sweep = AppServices.Build(stack, new Dictionary<string, string?> { ["Dashboard:Checks:MaxConcurrentQueries"] = $"{concurrency}" });
            Console.WriteLine($"  MaxConcurrentQueries {concurrency}:");
            await EngineAsync(sweep, names, cancellationToken);
        }
        await using (var app = AppServices.Build(stack))
        {
            Console.WriteLine("  MaxConcurrentQueries default:");
            results.AddRange(await EngineAsync(app, names, cancellationToken));
            foreach (var count in new[] { 5, 100 })
            {
                results.AddRange(await NoTraceAsync(app, count, cancellationToken));
            }
        }
        results.AddRange(await BrowserAsync(stack, names, cancellationToken));
        return results;
    }

    private static async Task<IReadOnlyList<Measurement>> EngineAsync(AppServices app, string[] names, CancellationToken cancellationToken)
    {
        var checks = app.Get<ResolutionChecks>();
        var plan = checks.Validate(names, ["A"], []).Plan!;
        var actor = new Actor("bench", "bench", new HashSet<string> { Roles.OnCall });
        var samples = new List<double>();
        for (var run = 0; run <= Runs; run++)
        {
            var started = Stopwatch.GetTimestamp();
            var cells = 0;
            await foreach (var item in checks.RunAsync(actor, plan, cancellationToken))
            {
                cells += item is CellChecked ? 1 : 0;
            }
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (cells != plan.CellCount)
            {
                throw new InvalidOperationException($"engine run gave {cells} cells, not {plan.CellCount}");
            }
            // The first run warms the JIT and the connections; it is not counted.
            if (run > 0)
            {
                samples.Add(elapsed);
            }
            Console.WriteLine($"  engine run {run}: {plan.CellCount} cells in {elapsed:F0} ms{(run == 0 ? " (warm-up)" : "")}");
        }
        return
        [
            new("engine_1000x3_p50", Statistics.Percentile(samples, 50), "ms"),
            new("engine_1000x3_max", samples.Max(), "ms"),
        ];
    }

    private static async Task<IReadOnlyList<Measurement>> NoTraceAsync(AppServices app, int count, CancellationToken cancellationToken)
    {
        var stack = app.Stack;
        var checks = app.Get<ResolutionChecks>();
        var gate = app.Get<ReplicationGate>();
        var actor = new Actor("bench", "bench", new HashSet<string> { Roles.OnCall });
        var fresh = Enumerable.Range(0, count).Select(_ => $"cb-{Guid.NewGuid():N}"[..19] + "." + Zone).ToArray();
        var plan = checks.Validate(fresh, ["A"], []).Plan!;
        var started = Stopwatch.GetTimestamp();
        var create = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            await ExecuteAsync(stack, "INSERT INTO records (domain_id, name, type, content, ttl, disabled, auth) SELECT d.id, n, 'A', '198.51.100.99', 30, false, true FROM domains d, unnest($1::text[]) n WHERE d.name = $2", cancellationToken, fresh, Zone);
        }, cancellationToken);
        var misses = 0;
        var flushCalls = 0;
        double lastCellMs = 0;
        await foreach (var item in checks.RunAsync(actor, plan, cancellationToken))
        {
            switch (item)
            {
                case CellChecked { Cell: var cell }:
                    misses += cell.Outcome == CheckOutcome.NxDomain ? 1 : 0;
                    lastCellMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    break;
                case MissesFlushed:
                    flushCalls++;
                    break;
            }
        }
        var checkMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        try
        {
            await create;
            var lsn = await gate.CurrentPrimaryLsnAsync(cancellationToken);
            foreach (var replica in stack.Options.Regions.Where(r => r.Role == RegionRole.Replica))
            {
                _ = await gate.WaitForReplayAsync(replica, lsn, TimeSpan.FromSeconds(30), cancellationToken)
                    ?? throw new InvalidOperationException($"{replica.Name} did not replay the inserts within 30 s");
            }
            var nxdomain = 0;
            foreach (var region in stack.Options.Regions)
            {
                var dns = StackDns.For(region);
                foreach (var name in fresh)
                {
                    var response = await dns.QueryAsync(name, QueryType.A, QueryClass.IN, cancellationToken);
                    nxdomain += response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain ? 1 : 0;
                }
            }
            Console.WriteLine($"  no trace, {count} names: {misses} NXDOMAIN cells, last cell {lastCellMs:F0} ms, check with {flushCalls} flush call(s) {checkMs:F0} ms; after creation: {nxdomain} NXDOMAIN first answers");
            return
            [
                new($"notrace_{count}_first_answers_nxdomain", nxdomain, "answers", "0", 0),
                new($"notrace_{count}_check_with_flushes", checkMs, "ms"),
                new($"notrace_{count}_flush_calls", flushCalls, "calls"),
            ];
        }
        finally
        {
            await ExecuteAsync(stack, "DELETE FROM records WHERE name = ANY($1)", CancellationToken.None, new object[] { fresh });
        }
    }

    private static async Task<IReadOnlyList<Measurement>> BrowserAsync(TestStack stack, string[] names, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string>
        {
            ["Dashboard__SeedUsers__0__UserName"] = UserName,
            ["Dashboard__SeedUsers__0__Password"] = Password,
            ["Dashboard__SeedUsers__0__Roles__0"] = "OnCall",
        };
        await using var server = await DashboardServer.StartAsync(stack, environment, cancellationToken);
        await using var browser = await BenchmarkBrowser.LaunchAsync(server);
        var page = await browser.SignedInPageAsync(UserName, Password);
        await page.GotoAsync(DashboardUrls.ChecksPath);
        await page.Locator("[data-testid=user-name]").WaitForAsync();
        await page.FillAsync("[data-testid=check-names]", string.Join('\n', names));
        var total = names.Length * stack.Options.Regions.Count;
        var samples = new List<double>();
        for (var run = 0; run <= Runs; run++)
        {
            // The previous run's table stays until the next starts: wait for this run's number and its last cell.
            var started = Stopwatch.GetTimestamp();
            await page.ClickAsync("[data-testid=check-run]");
            await page.WaitForFunctionAsync(
                $"() => {{ const p = document.querySelector('[data-testid=check-progress]'); return p?.dataset.run === '{run + 1}' && p.textContent.startsWith('{total} of {total} cells'); }}",
                null, new() { PollingInterval = 5, Timeout = 120_000 });
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (run > 0)
            {
                samples.Add(elapsed);
            }
            Console.WriteLine($"  browser run {run}: click to last cell {elapsed:F0} ms{(run == 0 ? " (warm-up)" : "")}");
        }
        foreach (var line in server.Output.Split('\n').Where(l => l.Contains("Check of", StringComparison.Ordinal)))
        {
            Console.WriteLine($"  server: {line.Trim()}");
        }
        return
        [
            new("click_to_last_cell_1000x3_p50", Statistics.Percentile(samples, 50), "ms", "<= 1000", 1000),
            new("click_to_last_cell_1000x3_max", samples.Max(), "ms"),
        ];
    }

    private static async Task<string[]> TunnelNamesAsync(TestStack stack, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(stack.Primary.ConnectionString);
        await using var command = dataSource.CreateCommand($"SELECT name FROM records WHERE type = 'CNAME' AND NOT disabled AND name LIKE '%.{Zone}' ORDER BY name LIMIT {Names}");
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }
        return [.. names];
    }

    private static async Task ExecuteAsync(TestStack stack, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var dataSource = NpgsqlDataSource.Create(stack.Primary.ConnectionString);
        await using var command = dataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.AddWithValue(value);
        }
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
