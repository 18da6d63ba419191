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
/// Chromium (and the engine alone, in process, with its two parts apart: the primary's rows, and the DNS questions at
/// the configured concurrency); and the no-trace rule: names checked while they do not exist, created 1 s after the
/// check started (5 and 100 names) or 1 s after it ended (50 names), then asked of every region once it has replayed
/// the insert: how many first answers are NXDOMAIN.
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
        // The concurrency sweep only prints (the default is what is recorded); a quick run skips it.
        foreach (var concurrency in context.Quick ? [] : new[] { 16, 32, 128, 256 })
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
                results.AddRange(await NoTraceAsync(app, count, createdAfterEnd: false, cancellationToken));
            }
            results.AddRange(await NoTraceAsync(app, 50, createdAfterEnd: true, cancellationToken));
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
        // Its two parts alone: the primary's rows for every name, and every question at the configured concurrency.
        var expectations = app.Get<ICheckExpectations>();
        var resolver = app.Get<ICheckResolver>();
        var concurrency = app.Get<Microsoft.Extensions.Options.IOptions<DashboardOptions>>().Value.Checks.MaxConcurrentQueries;
        var jobs = plan.Names.SelectMany(n => plan.Types.SelectMany(t => plan.Regions.Select(r => (Name: n, Type: t, Region: r)))).ToList();
        var reads = new List<double>();
        var questions = new List<double>();
        for (var run = 0; run < Runs; run++)
        {
            var started = Stopwatch.GetTimestamp();
            _ = await expectations.ReadAsync(plan.Names, plan.Types, cancellationToken);
            reads.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            started = Stopwatch.GetTimestamp();
            await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
                async (job, token) => _ = await resolver.QueryAsync(job.Region, job.Name, job.Type, token));
            questions.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        Console.WriteLine($"  engine parts: primary's rows for {plan.Names.Count} names p50 {Statistics.Percentile(reads, 50):F0} ms; {jobs.Count} questions at {concurrency} in flight p50 {Statistics.Percentile(questions, 50):F0} ms");
        return
        [
            new("engine_1000x3_p50", Statistics.Percentile(samples, 50), "ms"),
            new("engine_1000x3_max", samples.Max(), "ms"),
            new("engine_part_primary_rows_1000_p50", Statistics.Percentile(reads, 50), "ms"),
            new("engine_part_questions_1000x3_p50", Statistics.Percentile(questions, 50), "ms"),
        ];
    }

    /// <summary>
    /// The no-trace rule: <paramref name="count"/> names that do not exist are checked (all regions, A), then created in
    /// one commit, 1 s after the check started or, with <paramref name="createdAfterEnd"/>, 1 s after its stream ended
    /// (every flush done); once each region has replayed the insert (<see cref="ReplicationGate"/>, no flush), each
    /// region's PowerDNS is asked once per name: an NXDOMAIN there is a miss the check left cached.
    /// </summary>
    private static async Task<IReadOnlyList<Measurement>> NoTraceAsync(AppServices app, int count, bool createdAfterEnd, CancellationToken cancellationToken)
    {
        var stack = app.Stack;
        var checks = app.Get<ResolutionChecks>();
        var gate = app.Get<ReplicationGate>();
        var actor = new Actor("bench", "bench", new HashSet<string> { Roles.OnCall });
        var fresh = Enumerable.Range(0, count).Select(_ => $"cb-{Guid.NewGuid():N}"[..19] + "." + Zone).ToArray();
        var plan = checks.Validate(fresh, ["A"], []).Plan!;
        var label = createdAfterEnd ? $"notrace_after_end_{count}" : $"notrace_{count}";
        const string insert = "INSERT INTO records (domain_id, name, type, content, ttl, disabled, auth) SELECT d.id, n, 'A', '198.51.100.99', 30, false, true FROM domains d, unnest($1::text[]) n WHERE d.name = $2";
        var started = Stopwatch.GetTimestamp();
        var create = createdAfterEnd ? null : Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            await ExecuteAsync(stack, insert, cancellationToken, fresh, Zone);
        }, cancellationToken);
        var misses = 0;
        var flushCalls = 0;
        double lastCellMs = 0;
        try
        {
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
            if (create is null)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                await ExecuteAsync(stack, insert, cancellationToken, fresh, Zone);
            }
            else
            {
                await create;
            }
            if (createdAfterEnd && misses != plan.CellCount)
            {
                // Every cell must have drawn its NXDOMAIN, or the names were not absent and this measures nothing.
                throw new InvalidOperationException($"{label}: {misses} of {plan.CellCount} cells were NXDOMAIN before the names were created");
            }
            var lsn = await gate.CurrentPrimaryLsnAsync(cancellationToken);
            foreach (var region in stack.Options.Regions)
            {
                var replay = await gate.WaitForReplayAsync(region, lsn, TimeSpan.FromSeconds(30), cancellationToken);
                if (replay.Replayed is null)
                {
                    throw new InvalidOperationException($"{region.Name} did not replay the inserts within 30 s ({replay.LastError})");
                }
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
            var when = createdAfterEnd ? "created 1 s after the check ended" : "created 1 s after the check started";
            Console.WriteLine($"  no trace, {count} names {when}: {misses} NXDOMAIN cells, last cell {lastCellMs:F0} ms, check with {flushCalls} flush call(s) {checkMs:F0} ms; after creation and replay: {nxdomain} NXDOMAIN first answers");
            var results = new List<Measurement>
            {
                new($"{label}_first_answers_nxdomain", nxdomain, "answers", "0", 0),
                new($"{label}_check_with_flushes", checkMs, "ms"),
                new($"{label}_flush_calls", flushCalls, "calls"),
            };
            if (createdAfterEnd)
            {
                results.Add(new($"{label}_nxdomain_cells_drawn", misses, "cells"));
            }
            return results;
        }
        finally
        {
            if (create is not null)
            {
                await create.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }
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
