using System.Diagnostics;
using Dashboard.Configuration;
using Dashboard.Data;
using Dashboard.Features.Auth;
using Dashboard.Features.Propagation;
using Dashboard.Features.Takedowns;
using Dashboard.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Dashboard.Benchmarks;

/// <summary>
/// Abuse takedowns on a throwaway free-tier zone: one takedown from the call (the button) to NXDOMAIN confirmed by DNS
/// in every region, broken into the COMMIT and each region's confirmation; then held names re-created through direct
/// SQL at a paced 1,000 attempts a second, counting what the database let through (the target is none).
/// Then 10,000 names taken down at once: the time to COMMIT, and to NXDOMAIN confirmed everywhere.
/// </summary>
public sealed class TakedownsBenchmark : IBenchmark
{
    private const int Trials = 100;
    private const int AttemptsPerSecond = 1_000;
    private const int BulkNames = 10_000;
    private static readonly TimeSpan HammerFor = TimeSpan.FromSeconds(5);

    public string Name => "takedowns";
    public string Description => $"one takedown, call to NXDOMAIN confirmed in every region ({Trials} names); held names re-created by SQL at {AttemptsPerSecond}/s for {HammerFor.TotalSeconds:0} s";

    public async Task<IReadOnlyList<Measurement>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        await using var services = AppServices.Build(context.Stack);
        var commands = services.GetRequiredService<TakedownCommands>();
        var primary = services.GetRequiredService<RegionDataSources>().Primary;
        var trials = context.Trials(Trials);
        await using var zone = await ThrowawayZone.CreateAsync(services, Actor.System, ZoneTier.Free, prefix: "bench-td", ct: cancellationToken);
        var names = Enumerable.Range(0, trials).Select(i => zone.Fqdn($"phish-{i}")).ToList();
        try
        {
            foreach (var name in names)
            {
                await zone.AddAsync(name, "A", "192.0.2.66", 30);
            }
            // The names exist everywhere before the first takedown, as a live phishing page's name does.
            await ThrowawayZone.ShouldBeVisibleEverywhereAsync(await services.GetRequiredService<PropagationTracker>().StartCommittedAsync(
                new PropagationTarget(zone.Name, null, [.. names.Select(n => new Dns.RRsetKey(n, Dns.RecordType.A))], [zone.Name]), cancellationToken));

            var total = new List<double>();
            var commit = new List<double>();
            var regions = context.Stack.Options.Regions.ToDictionary(r => r.Name, _ => new List<double>());
            for (var i = 0; i < trials; i++)
            {
                var clicked = Stopwatch.StartNew();
                var result = await commands.TakeDownAsync(Actor.System, new TakedownRequest(names[i], TakedownReason.Phishing, ["https://reports.example/bench"], "benchmark"), cancellationToken);
                var done = result as TakedownResult.Done ?? throw new InvalidOperationException($"{names[i]}: {string.Join("; ", ((TakedownResult.Invalid)result).Errors)}");
                commit.Add(clicked.Elapsed.TotalMilliseconds);
                var ended = await done.Propagation.Ended.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
                total.Add(clicked.Elapsed.TotalMilliseconds);
                foreach (var region in ended.Regions)
                {
                    if (region.State != PropagationState.Visible)
                    {
                        throw new InvalidOperationException($"{names[i]} in {region.Region}: {region.State} ({region.Detail})");
                    }
                    regions[region.Region].Add(region.Visible!.Value.TotalMilliseconds);
                }
            }

            // Held names asked for again, by SQL, paced to the rate, by four writers at once.
            var (accepted, refused, failed, attempts) = (0, 0, 0, 0);
            var pacing = Stopwatch.StartNew();
            var interval = TimeSpan.FromSeconds(4.0 / AttemptsPerSecond);
            await Task.WhenAll(Enumerable.Range(0, 4).Select(async writer =>
            {
                for (var n = 0; pacing.Elapsed < HammerFor; n++)
                {
                    var due = interval * n;
                    if (due > pacing.Elapsed)
                    {
                        await Task.Delay(due - pacing.Elapsed, cancellationToken);
                    }
                    Interlocked.Increment(ref attempts);
                    try
                    {
                        await using var insert = primary.CreateCommand(
                            "INSERT INTO records (domain_id, name, type, content, ttl, disabled, auth) SELECT id, $2, 'A', '203.0.113.66', 30, false, true FROM domains WHERE name = $1");
                        insert.Parameters.AddWithValue(zone.Name);
                        insert.Parameters.AddWithValue(names[(n * 4 + writer) % names.Count]);
                        await insert.ExecuteNonQueryAsync(cancellationToken);
                        Interlocked.Increment(ref accepted);
                    }
                    catch (PostgresException ex) when (ex.SqlState == NameHolds.HeldSqlState)
                    {
                        Interlocked.Increment(ref refused);
                    }
                    catch (PostgresException)
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
            }));
            var rate = attempts / pacing.Elapsed.TotalSeconds;

            // Bulk: 10,000 names pointing at one target, taken down at once (one zone: one transaction).
            var bulkNames = Enumerable.Range(0, BulkNames).Select(i => zone.Fqdn($"bulk-{i}")).ToArray();
            await using (var insert = primary.CreateCommand(
                "INSERT INTO records (domain_id, name, type, content, ttl, disabled, auth) SELECT d.id, n, 'A', '192.0.2.77', 30, false, true FROM domains d, unnest($2::text[]) n WHERE d.name = $1"))
            {
                insert.Parameters.AddWithValue(zone.Name);
                insert.Parameters.AddWithValue(bulkNames);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            var bulkClicked = Stopwatch.StartNew();
            var bulk = await commands.TakeDownManyAsync(Actor.System, new BulkTakedownRequest(bulkNames, TakedownReason.Malware, ["https://reports.example/bench-bulk"], "benchmark"), cancellationToken)
                as BulkTakedownResult.Done ?? throw new InvalidOperationException("the bulk takedown was refused");
            var bulkCommitted = bulkClicked.Elapsed.TotalMilliseconds;
            var bulkEnded = await bulk.Zones.Single().Propagation.Ended.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
            var bulkVerified = bulkClicked.Elapsed.TotalMilliseconds;
            if (bulk.Count != BulkNames || !bulkEnded.AllVisible)
            {
                throw new InvalidOperationException($"bulk: {bulk.Count} of {BulkNames} taken down; {string.Join("; ", bulkEnded.Regions.Select(r => $"{r.Region} {r.State} {r.Detail}"))}");
            }
            Console.WriteLine($"  bulk takedown of {BulkNames:N0} names: committed {bulkCommitted:F0} ms, verified everywhere {bulkVerified:F0} ms");
            Console.WriteLine($"  takedown: COMMIT p50 {Statistics.Percentile(commit, 50):F1} ms; confirmed everywhere p50 {Statistics.Percentile(total, 50):F1} ms, p99 {Statistics.Percentile(total, 99):F1} ms");
            Console.WriteLine($"  held names re-created by SQL: {attempts} attempts at {rate:F0}/s, {accepted} accepted, {refused} refused (DH001), {failed} other errors");
            var results = new List<Measurement>
            {
                new("takedown_commit_p50", Statistics.Percentile(commit, 50), "ms"),
                new("takedown_confirmed_everywhere_p50", Statistics.Percentile(total, 50), "ms"),
                new("takedown_confirmed_everywhere_p99", Statistics.Percentile(total, 99), "ms", "<= 100", 100),
            };
            foreach (var (region, samples) in regions)
            {
                results.Add(new($"takedown_nxdomain_{region}_p50", Statistics.Percentile(samples, 50), "ms"));
                results.Add(new($"takedown_nxdomain_{region}_p99", Statistics.Percentile(samples, 99), "ms"));
            }
            results.Add(new("bulk_10000_commit", bulkCommitted, "ms", "<= 3000", 3000));
            results.Add(new("bulk_10000_verified_everywhere", bulkVerified, "ms"));
            results.Add(new("held_recreate_attempt_rate", rate, "attempts/s"));
            results.Add(new("held_recreate_accepted", accepted, "count", "= 0", 0));
            results.Add(new("held_recreate_refused", refused, "count"));
            return results;
        }
        finally
        {
            // The bench's takedowns and holds go with its zone (the zone's rows go when it is disposed).
            foreach (var sql in (string[])["DELETE FROM public.name_holds WHERE zone = $1", "DELETE FROM dashboard.takedowns WHERE zone = $1"])
            {
                await using var cleanup = primary.CreateCommand(sql);
                cleanup.Parameters.AddWithValue(zone.Name);
                await cleanup.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
    }
}
