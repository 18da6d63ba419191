using System.Diagnostics;
using Dashboard.Configuration;
using Dashboard.Data;
using Dashboard.Features.Propagation;
using Dashboard.TestSupport;
using DnsClient;
using DnsClient.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Benchmarks;

/// <summary>
/// The lag race, measured: from COMMIT on the primary to the new name being answered by each region's PowerDNS,
/// using the LSN gate + cache flush; and, for contrast, how often a naive probe right after COMMIT gets NXDOMAIN.
/// Each propagation is broken into its steps, so that a regression explains itself: the commit (a single-row insert),
/// reading the primary's LSN, then per region the replay wait (<see cref="ReplicationGate.WaitForReplayAsync"/>, the
/// shared watcher), the cache flush (one PowerDNS API call) and the DNS query that sees the name.
/// Then the product's own proof (<see cref="PropagationTracker"/>: replay, flush, then a DNS answer compared with the
/// primary) on the same kind of write, as a ratio to the sum of those unavoidable steps measured above.
/// Uses throwaway names under the free zone and deletes them afterwards.
/// </summary>
public sealed class PropagationBenchmark : IBenchmark
{
    private const int Trials = 100;
    private const int NaiveTrials = 50;
    private const int ProofTrials = 50;
    private const string Zone = "free.tunnel.test";

    public string Name => "propagation";
    public string Description => $"COMMIT-to-answer per region with the LSN gate ({Trials} writes), and the naive probe's NXDOMAIN rate ({NaiveTrials})";

    public async Task<IReadOnlyList<Measurement>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        await using var services = AppServices.Build(context.Stack);
        var gate = services.GetRequiredService<ReplicationGate>();
        var powerDns = services.GetRequiredService<Dashboard.PowerDns.PowerDnsApiClient>();
        var sources = services.GetRequiredService<RegionDataSources>();
        var regions = context.Stack.Options.Regions;
        var resolvers = regions.ToDictionary(r => r.Name, StackDns.For);
        var run = Guid.NewGuid().ToString("N")[..8];
        var domainId = await ZoneIdAsync(sources, cancellationToken);
        var samples = regions.ToDictionary(r => r.Name, _ => new List<double>());
        var commits = new List<double>();
        var lsnReads = new List<double>();
        var steps = regions.ToDictionary(r => r.Name, _ => (Replay: new List<double>(), Flush: new List<double>(), Dns: new List<double>()));
        var misses = 0;

        try
        {
            for (var i = 0; i < Trials; i++)
            {
                var name = $"bench-{run}-{i}.{Zone}";
                var committed = Stopwatch.StartNew();
                await InsertAsync(sources, domainId, name, cancellationToken);
                commits.Add(committed.Elapsed.TotalMilliseconds);
                var lsnStarted = Stopwatch.GetTimestamp();
                var lsn = await gate.CurrentPrimaryLsnAsync(cancellationToken);
                lsnReads.Add(Stopwatch.GetElapsedTime(lsnStarted).TotalMilliseconds);
                await Task.WhenAll(regions.Select(async region =>
                {
                    var step = Stopwatch.GetTimestamp();
                    var replay = await gate.WaitForReplayAsync(region, lsn, TimeSpan.FromSeconds(10), cancellationToken);
                    var replayMs = Stopwatch.GetElapsedTime(step).TotalMilliseconds;
                    if (replay.Replayed is null)
                    {
                        throw new InvalidOperationException($"{region.Name}: not replayed within 10 s ({replay.LastError})");
                    }
                    step = Stopwatch.GetTimestamp();
                    await powerDns.FlushCacheAsync(region, name, cancellationToken);
                    var flushMs = Stopwatch.GetElapsedTime(step).TotalMilliseconds;
                    step = Stopwatch.GetTimestamp();
                    var response = await resolvers[region.Name].QueryAsync(name, QueryType.A, QueryClass.IN, cancellationToken);
                    var dnsMs = Stopwatch.GetElapsedTime(step).TotalMilliseconds;
                    var elapsed = committed.Elapsed.TotalMilliseconds;
                    if (response.Answers.OfType<ARecord>().Any())
                    {
                        lock (samples)
                        {
                            samples[region.Name].Add(elapsed);
                            steps[region.Name].Replay.Add(replayMs);
                            steps[region.Name].Flush.Add(flushMs);
                            steps[region.Name].Dns.Add(dnsMs);
                        }
                    }
                    else
                    {
                        Interlocked.Increment(ref misses);
                    }
                }));
                if ((i + 1) % 10 == 0)
                {
                    Console.Error.WriteLine($"  propagation: {i + 1}/{Trials} writes, last took {committed.Elapsed.TotalMilliseconds:0.0} ms");
                }
            }

            // The product's proof: the tracker's run for the same kind of write, COMMIT to confirmed by DNS per region.
            var tracker = services.GetRequiredService<PropagationTracker>();
            var proof = regions.ToDictionary(r => r.Name, _ => new List<double>());
            var proofAttempts = 0;
            for (var i = 0; i < ProofTrials; i++)
            {
                var name = $"bench-{run}-proof-{i}.{Zone}";
                await InsertAsync(sources, domainId, name, cancellationToken);
                var target = new PropagationTarget(Zone, null, [new Dashboard.Dns.RRsetKey(name, Dashboard.Dns.RecordType.A)], [name]);
                var ended = await (await tracker.StartCommittedAsync(target, cancellationToken)).Ended.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
                foreach (var region in ended.Regions)
                {
                    if (region.State != PropagationState.Visible)
                    {
                        throw new InvalidOperationException($"{region.Region}: not confirmed ({region.State}: {region.Detail})");
                    }
                    proof[region.Region].Add(region.Visible!.Value.TotalMilliseconds);
                    proofAttempts = Math.Max(proofAttempts, region.Attempts);
                }
            }

            // The naive way: ask a replica's PowerDNS straight after COMMIT, as a careless checker would.
            var naiveMisses = 0;
            var replica = regions.First(r => r.Role == RegionRole.Replica);
            for (var i = 0; i < NaiveTrials; i++)
            {
                var name = $"bench-{run}-naive-{i}.{Zone}";
                await InsertAsync(sources, domainId, name, cancellationToken);
                var response = await resolvers[replica.Name].QueryAsync(name, QueryType.A, QueryClass.IN, cancellationToken);
                if (!response.Answers.OfType<ARecord>().Any())
                {
                    naiveMisses++;
                }
            }

            var results = new List<Measurement>
            {
                new("step_commit_p50", Statistics.Percentile(commits, 50), "ms"),
                new("step_commit_p95", Statistics.Percentile(commits, 95), "ms"),
                new("step_lsn_read_p50", Statistics.Percentile(lsnReads, 50), "ms"),
            };
            Console.WriteLine($"  steps: commit p50 {Statistics.Percentile(commits, 50):F1} ms, p95 {Statistics.Percentile(commits, 95):F1}; LSN read p50 {Statistics.Percentile(lsnReads, 50):F1} ms");
            foreach (var region in regions)
            {
                var s = samples[region.Name];
                var (replay, flush, dns) = steps[region.Name];
                Console.WriteLine($"  {region.Name}: commit to answer p50 {Statistics.Percentile(s, 50):F1} ms, p95 {Statistics.Percentile(s, 95):F1}; replay wait p50 {Statistics.Percentile(replay, 50):F1}, flush p50 {Statistics.Percentile(flush, 50):F1}, DNS p50 {Statistics.Percentile(dns, 50):F1} ms");
                results.Add(new($"commit_to_answer_{region.Name}_p50", Statistics.Percentile(s, 50), "ms"));
                results.Add(new($"commit_to_answer_{region.Name}_p95", Statistics.Percentile(s, 95), "ms", "<= 50", 50));
                results.Add(new($"commit_to_answer_{region.Name}_max", s.Max(), "ms"));
                results.Add(new($"step_replay_wait_{region.Name}_p50", Statistics.Percentile(replay, 50), "ms"));
                results.Add(new($"step_flush_{region.Name}_p50", Statistics.Percentile(flush, 50), "ms"));
                results.Add(new($"step_dns_{region.Name}_p50", Statistics.Percentile(dns, 50), "ms"));
                // The unavoidable steps of one propagation, trial by trial: replay wait + one flush + one DNS query.
                var unavoidable = replay.Select((r, n) => r + flush[n] + dns[n]).ToList();
                var confirmed = proof[region.Name];
                var (p50, p99) = (Statistics.Percentile(confirmed, 50), Statistics.Percentile(confirmed, 99));
                var (base50, base99) = (Statistics.Percentile(unavoidable, 50), Statistics.Percentile(unavoidable, 99));
                Console.WriteLine($"  {region.Name}: proof (replay, flush, DNS answer compared) p50 {p50:F1} ms, p99 {p99:F1}; unavoidable steps p50 {base50:F1}, p99 {base99:F1}; ratio p50 {p50 / base50:F2}x, p99 {p99 / base99:F2}x");
                results.Add(new($"proof_confirmed_{region.Name}_p50", p50, "ms"));
                results.Add(new($"proof_confirmed_{region.Name}_p99", p99, "ms"));
                results.Add(new($"proof_ratio_to_steps_{region.Name}_p50", p50 / base50, "x", "<= 1.2", 1.2));
                results.Add(new($"proof_ratio_to_steps_{region.Name}_p99", p99 / base99, "x", "<= 1.5", 1.5));
            }
            results.Add(new("proof_max_attempts", proofAttempts, "attempts"));
            results.Add(new("gated_misses", misses, "count", "= 0", 0));
            results.Add(new($"naive_probe_nxdomain_{replica.Name}", naiveMisses * 100.0 / NaiveTrials, "%"));
            return results;
        }
        finally
        {
            await using var cleanup = sources.Primary.CreateCommand("DELETE FROM records WHERE name LIKE $1");
            cleanup.Parameters.AddWithValue($"bench-{run}-%");
            await cleanup.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static async Task<int> ZoneIdAsync(RegionDataSources sources, CancellationToken cancellationToken)
    {
        await using var command = sources.Primary.CreateCommand("SELECT id FROM domains WHERE name = $1");
        command.Parameters.AddWithValue(Zone);
        return (int)(await command.ExecuteScalarAsync(cancellationToken) ?? throw new InvalidOperationException($"Zone {Zone} is missing: run scripts/stack.sh seed."));
    }

    private static async Task InsertAsync(RegionDataSources sources, int domainId, string name, CancellationToken cancellationToken)
    {
        await using var command = sources.Primary.CreateCommand(
            "INSERT INTO records (domain_id, name, type, content, ttl, disabled, auth) VALUES ($1, $2, 'A', '192.0.2.99', 30, false, true)");
        command.Parameters.AddWithValue(domainId);
        command.Parameters.AddWithValue(name);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
