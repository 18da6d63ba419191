using System.Diagnostics;
using Dashboard.Configuration;
using Dashboard.Data;
using Dashboard.Features.Checks;
using Dashboard.Features.Propagation;
using Dashboard.PowerDns;
using Dashboard.TestSupport;
using DnsClient;
using DnsClient.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NpgsqlTypes;

namespace Dashboard.Benchmarks;

/// <summary>
/// The lag race, measured: from COMMIT on the primary to the new name being answered by each region's PowerDNS,
/// using the LSN gate + cache flush; and, for contrast, how often a naive probe right after COMMIT gets NXDOMAIN.
/// Each propagation is broken into its steps, so that a regression explains itself: the commit (a single-row insert),
/// reading the primary's LSN, then per region the replay wait (<see cref="ReplicationGate.WaitForReplayAsync"/>, the
/// shared watcher), the cache flush (one PowerDNS API call) and the DNS query that sees the name.
/// Then the product's own proof (<see cref="PropagationTracker"/>: replay, flush, then a DNS answer compared with the
/// primary) on the same kind of write, as a ratio to the sum of those unavoidable steps measured above (one commit on
/// each side, as the target is written; the ratio after COMMIT alone is recorded beside it); the same proof
/// with 500 ms of replay delay injected on the first replica (its p99 against the delay, the other regions against the
/// run without lag); and, without lag and with it, the proof beside a naive checker (ask each replica's PowerDNS at
/// once after COMMIT, again every 100 ms until it answers): time to visible, and how many changes each left poisoned.
/// Every proof's DNS replies go through <see cref="CountingResolver"/>, so the NXDOMAINs the dashboard's own probes
/// drew for committed names are counted, not assumed.
/// Uses throwaway names under the free zone, deletes them afterwards, and flushes the names the naive checker poisoned.
/// </summary>
public sealed class PropagationBenchmark : IBenchmark
{
    private const int Trials = 100;
    private const int NaiveTrials = 50;
    private const int ProofTrials = 50;
    private const int ProofWarmupBatch = 25;
    private const int SideBySideChanges = 100;
    internal const string Zone = "free.tunnel.test";

    /// <summary>The replay delay injected on the first replica (<c>scripts/stack.sh lag</c>: recovery_min_apply_delay).</summary>
    private static readonly TimeSpan InjectedLag = TimeSpan.FromMilliseconds(500);

    /// <summary>The naive checker's pace, and when it stops waiting (a poisoned miss was measured at 65 s).</summary>
    private static readonly TimeSpan NaiveRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan NaiveGiveUp = TimeSpan.FromSeconds(120);

    public string Name => "propagation";
    public string Description => $"COMMIT-to-answer per region with the LSN gate ({Trials} writes); the proof, without lag and with {InjectedLag.TotalMilliseconds:0} ms on the first replica; beside a naive checker: time to visible and poisonings per 100 changes";

    public async Task<IReadOnlyList<Measurement>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        await using var services = AppServices.Build(context.Stack);
        var gate = services.GetRequiredService<ReplicationGate>();
        var powerDns = services.GetRequiredService<PowerDnsApiClient>();
        var sources = services.GetRequiredService<RegionDataSources>();
        var regions = context.Stack.Options.Regions;
        var resolvers = regions.ToDictionary(r => r.Name, StackDns.For);
        var run = Guid.NewGuid().ToString("N")[..8];
        var domainId = await ZoneIdAsync(sources, cancellationToken);
        var (trials, proofTrials, naiveTrials, sideBySide) = (context.Trials(Trials), context.Trials(ProofTrials), context.Trials(NaiveTrials), context.Trials(SideBySideChanges));
        // The product's tracker, built as the container builds it but with every DNS reply counted on the way.
        var counting = new CountingResolver(services.GetRequiredService<ICheckResolver>());
        using var tracker = new PropagationTracker(gate, counting, services.GetRequiredService<ICheckExpectations>(),
            services.GetRequiredService<PropagationLog>(), services.GetRequiredService<PropagationAlerts>(), services.GetRequiredService<ZoneChangeNotices>(), services.GetRequiredService<IOptions<DashboardOptions>>(),
            services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<PropagationTracker>>());
        var lagged = regions.First(r => r.Role == RegionRole.Replica);
        var replicas = regions.Where(r => r.Role == RegionRole.Replica).ToList();
        var samples = regions.ToDictionary(r => r.Name, _ => new List<double>());
        var commits = new List<double>();
        var lsnReads = new List<double>();
        var steps = regions.ToDictionary(r => r.Name, _ => (Replay: new List<double>(), Flush: new List<double>(), Dns: new List<double>()));
        var misses = 0;

        try
        {
            // The proof runs in this process, which has just started: changes are proved until its JIT is quiet, as in a
            // dashboard that has run for a while (Warmup; the scale-out benchmark's five regions do the same). The steps
            // below share most of that code (replay watcher, flush, DNS). One proof alone used to be the warm-up.
            var warmup = await Warmup.UntilJitQuietAsync(
                batch => ProofAsync(tracker, sources, domainId, $"bench-{run}-warm{batch}", ProofWarmupBatch, null, cancellationToken),
                ProofWarmupBatch, Warmup.OwnJit, context.Quick ? 2 : 60);
            Console.WriteLine($"  proof {warmup}");
            for (var i = 0; i < trials; i++)
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
                    Console.Error.WriteLine($"  propagation: {i + 1}/{trials} writes, last took {committed.Elapsed.TotalMilliseconds:0.0} ms");
                }
            }

            // The product's proof: the tracker's run for the same kind of write, COMMIT to confirmed by DNS per region.
            var proofRuns = await ProofAsync(tracker, sources, domainId, $"bench-{run}-proof", proofTrials, null, cancellationToken);
            var proof = regions.ToDictionary(r => r.Name, r => proofRuns.Select(t => t.Visible(r.Name)).ToList());
            var proofAttempts = proofRuns.SelectMany(t => t.Regions).Max(r => r.Attempts);

            // The naive way: ask a replica's PowerDNS straight after COMMIT, as a careless checker would.
            var naiveMisses = 0;
            var replica = regions.First(r => r.Role == RegionRole.Replica);
            for (var i = 0; i < naiveTrials; i++)
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
                new("proof_warmup_changes", warmup.Repetitions, "changes"),
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
                // The unavoidable steps of one propagation, trial by trial, as the target defines them: one commit + the
                // region's replay wait + one flush + one DNS query; against the proof's trials from the start of their
                // own commit to confirmed. The same without the commit on either side is printed and recorded beside it.
                var unavoidable = replay.Select((r, n) => commits[n] + r + flush[n] + dns[n]).ToList();
                var afterCommit = replay.Select((r, n) => r + flush[n] + dns[n]).ToList();
                var confirmed = proof[region.Name];
                var fromCommit = proofRuns.Select(t => t.CommitMs + t.Visible(region.Name)).ToList();
                var (p50, p99) = (Statistics.Percentile(confirmed, 50), Statistics.Percentile(confirmed, 99));
                var (c50, c99) = (Statistics.Percentile(fromCommit, 50), Statistics.Percentile(fromCommit, 99));
                var (base50, base99) = (Statistics.Percentile(unavoidable, 50), Statistics.Percentile(unavoidable, 99));
                var (after50, after99) = (Statistics.Percentile(afterCommit, 50), Statistics.Percentile(afterCommit, 99));
                Console.WriteLine($"  {region.Name}: commit + proof (replay, flush, DNS answer compared) p50 {c50:F1} ms, p99 {c99:F1}; commit + unavoidable steps p50 {base50:F1}, p99 {base99:F1}; ratio p50 {c50 / base50:F2}x, p99 {c99 / base99:F2}x");
                Console.WriteLine($"  {region.Name}: after COMMIT only: proof p50 {p50:F1} ms, p99 {p99:F1}; steps p50 {after50:F1}, p99 {after99:F1}; ratio p50 {p50 / after50:F2}x, p99 {p99 / after99:F2}x");
                var marks = proofRuns.Select(t => t.Region(region.Name)).ToList();
                Console.WriteLine($"  {region.Name}: proof's own marks after COMMIT p50: replayed {Statistics.Percentile([.. marks.Select(m => m.Replayed!.Value.TotalMilliseconds)], 50):F1} ms, flushed {Statistics.Percentile([.. marks.Select(m => m.Flushed!.Value.TotalMilliseconds)], 50):F1} ms, visible {p50:F1} ms");
                results.Add(new($"proof_confirmed_{region.Name}_p50", p50, "ms"));
                results.Add(new($"proof_confirmed_{region.Name}_p99", p99, "ms"));
                results.Add(new($"proof_ratio_to_steps_{region.Name}_p50", c50 / base50, "x", "<= 1.2", 1.2));
                results.Add(new($"proof_ratio_to_steps_{region.Name}_p99", c99 / base99, "x", "<= 1.5", 1.5));
                results.Add(new($"proof_ratio_after_commit_{region.Name}_p50", p50 / after50, "x"));
                results.Add(new($"proof_ratio_after_commit_{region.Name}_p99", p99 / after99, "x"));
            }
            results.Add(new("proof_max_attempts", proofAttempts, "attempts"));
            results.Add(new("gated_misses", misses, "count", "= 0", 0));
            results.Add(new($"naive_probe_nxdomain_{replica.Name}", naiveMisses * 100.0 / naiveTrials, "%"));

            // Side by side without lag: the proof and a naive checker, on the same kind of change.
            results.AddRange(await SideBySideAsync("no_lag", tracker, gate, powerDns, sources, domainId, replicas, $"bench-{run}-sbs", sideBySide, cancellationToken));

            // The same with the replay delay injected on one replica: the proof alone first (the target), then side by side.
            var lagName = $"{lagged.Name}_lag_{InjectedLag.TotalMilliseconds:0}ms";
            try
            {
                // Inside the try: a script that set the delay and then failed still has it removed.
                await context.Stack.RunScriptAsync("lag", lagged.Name, $"{InjectedLag.TotalMilliseconds:0}ms");
                await WaitForDelayInEffectAsync(gate, sources, domainId, lagged, $"bench-{run}-lagwarm", cancellationToken);
                var laggedRuns = await ProofAsync(tracker, sources, domainId, $"bench-{run}-lagproof", proofTrials, null, cancellationToken);
                foreach (var region in regions)
                {
                    var visible = laggedRuns.Select(t => t.Visible(region.Name)).ToList();
                    var (p50, p99) = (Statistics.Percentile(visible, 50), Statistics.Percentile(visible, 99));
                    var (free50, free99) = (Statistics.Percentile(proof[region.Name], 50), Statistics.Percentile(proof[region.Name], 99));
                    var target = region.Name == lagged.Name ? $"<= {InjectedLag.TotalMilliseconds + 20:0}" : null;
                    Console.WriteLine($"  {lagName}: {region.Name} proof confirmed p50 {p50:F1} ms, p99 {p99:F1} (without lag p50 {free50:F1}, p99 {free99:F1})");
                    results.Add(new($"{lagName}_proof_confirmed_{region.Name}_p50", p50, "ms"));
                    results.Add(new($"{lagName}_proof_confirmed_{region.Name}_p99", p99, "ms", target, target is null ? null : InjectedLag.TotalMilliseconds + 20));
                    if (region.Name != lagged.Name)
                    {
                        // "Unaffected": the same region's proof with another replica lagging, against the run without lag.
                        results.Add(new($"{lagName}_proof_confirmed_{region.Name}_p50_vs_no_lag", p50 / free50, "x"));
                        results.Add(new($"{lagName}_proof_confirmed_{region.Name}_p99_vs_no_lag", p99 / free99, "x"));
                    }
                }
                // Where the lagged region's time goes: the replay (the injected delay itself), then flush and answer.
                var replayed = laggedRuns.Select(t => t.Region(lagged.Name).Replayed!.Value.TotalMilliseconds).ToList();
                var afterReplay = laggedRuns.Select(t => t.Visible(lagged.Name) - t.Region(lagged.Name).Replayed!.Value.TotalMilliseconds).ToList();
                Console.WriteLine($"  {lagName}: {lagged.Name} replayed p50 {Statistics.Percentile(replayed, 50):F1} ms; replayed to confirmed (flush, DNS answer compared) p50 {Statistics.Percentile(afterReplay, 50):F1}, p99 {Statistics.Percentile(afterReplay, 99):F1} ms");
                results.Add(new($"{lagName}_proof_replayed_{lagged.Name}_p50", Statistics.Percentile(replayed, 50), "ms"));
                results.Add(new($"{lagName}_proof_replayed_to_confirmed_{lagged.Name}_p50", Statistics.Percentile(afterReplay, 50), "ms"));
                results.Add(new($"{lagName}_proof_replayed_to_confirmed_{lagged.Name}_p99", Statistics.Percentile(afterReplay, 99), "ms"));

                results.AddRange(await SideBySideAsync(lagName, tracker, gate, powerDns, sources, domainId, replicas, $"bench-{run}-lagsbs", sideBySide, cancellationToken));
            }
            finally
            {
                await context.Stack.RunScriptAsync("lag", lagged.Name, "off");
            }

            // Every proof above: the NXDOMAINs its own queries drew for names that were committed before it asked.
            Console.WriteLine($"  proof queries: {counting.Queries} DNS queries, {counting.NxDomains} NXDOMAIN (every proof above)");
            results.Add(new("proof_nxdomain_drawn", counting.NxDomains, "answers", "= 0", 0));
            results.Add(new("proof_queries", counting.Queries, "queries"));
            return results;
        }
        finally
        {
            await using var cleanup = sources.Primary.CreateCommand("DELETE FROM records WHERE name LIKE $1");
            cleanup.Parameters.AddWithValue($"bench-{run}-%");
            await cleanup.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>One proof: each region's progress, the replicas found poisoned, how long its COMMIT took, and when it began (UTC).</summary>
    internal sealed record ProofTrial(IReadOnlyList<RegionProgress> Regions, IReadOnlySet<string> Poisoned, double CommitMs = 0, DateTimeOffset Began = default)
    {
        public RegionProgress Region(string name) => Regions.Single(r => r.Region == name);

        public double Visible(string name) => Region(name).Visible!.Value.TotalMilliseconds;
    }

    /// <summary>
    /// <paramref name="count"/> proofs, one after the other: insert a new name, start the tracker's run, wait until it ended
    /// (every region must be visible). With <paramref name="poisonProbes"/>, each replica is also asked once as soon as it
    /// has replayed the commit (<see cref="PoisonedAsync"/>), the check applied to the naive checker.
    /// </summary>
    internal static async Task<List<ProofTrial>> ProofAsync(
        PropagationTracker tracker, RegionDataSources sources, int domainId, string prefix, int count,
        (ReplicationGate Gate, IReadOnlyList<RegionOptions> Replicas)? poisonProbes, CancellationToken cancellationToken)
    {
        var trials = new List<ProofTrial>();
        for (var i = 0; i < count; i++)
        {
            var name = $"{prefix}-{i}.{Zone}";
            var began = DateTimeOffset.UtcNow;
            var commit = Stopwatch.StartNew();
            await InsertAsync(sources, domainId, name, cancellationToken);
            var commitMs = commit.Elapsed.TotalMilliseconds;
            var target = new PropagationTarget(Zone, null, [new Dashboard.Dns.RRsetKey(name, Dashboard.Dns.RecordType.A)], [name]);
            var started = tracker.StartCommittedAsync(target, cancellationToken);
            var poisoned = new HashSet<string>();
            if (poisonProbes is var (gate, replicas))
            {
                var lsn = await gate.CurrentPrimaryLsnAsync(cancellationToken);
                var found = await Task.WhenAll(replicas.Select(r => PoisonedAsync(gate, r, StackDns.For(r), lsn, name, cancellationToken)));
                poisoned.UnionWith(replicas.Where((_, k) => found[k]).Select(r => r.Name));
            }
            var ended = await (await started).Ended.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            foreach (var region in ended.Regions)
            {
                if (region.State != PropagationState.Visible)
                {
                    throw new InvalidOperationException($"{region.Region}: not confirmed ({region.State}: {region.Detail})");
                }
            }
            trials.Add(new ProofTrial(ended.Regions, poisoned, commitMs, began));
        }
        return trials;
    }

    /// <summary>
    /// Side by side, under one condition (<paramref name="label"/>): <paramref name="count"/> changes confirmed by the proof,
    /// then <paramref name="count"/> other changes watched by a naive checker (<see cref="NaiveVisibleAsync"/>) on every
    /// replica. Per replica: time from COMMIT to visible (p50, p99), and poisonings per 100 changes: a change is poisoned
    /// in a region when, once that region has replayed it, a fresh query (no flush) still gets NXDOMAIN, i.e. a miss
    /// drawn before replay sits in PowerDNS's cache. The proof flushes right after replay, so this probe could miss a
    /// poisoning it healed; the proof's own NXDOMAINs are counted apart (<see cref="CountingResolver"/>).
    /// Changes do not overlap: the next one starts when every replica has answered it or was found poisoned (the poisoned
    /// checkers keep polling in the background, up to <see cref="NaiveGiveUp"/>). What the naive checker poisoned is flushed.
    /// </summary>
    private static async Task<List<Measurement>> SideBySideAsync(
        string label, PropagationTracker tracker, ReplicationGate gate, PowerDnsApiClient powerDns, RegionDataSources sources,
        int domainId, IReadOnlyList<RegionOptions> replicas, string prefix, int count, CancellationToken cancellationToken)
    {
        var results = new List<Measurement>();
        var proofRuns = await ProofAsync(tracker, sources, domainId, $"{prefix}-proof", count, (gate, replicas), cancellationToken);

        var resolvers = replicas.ToDictionary(r => r.Name, StackDns.For);
        var naive = replicas.ToDictionary(r => r.Name, _ => new List<Task<double?>>());
        var poisoned = replicas.ToDictionary(r => r.Name, _ => 0);
        // Every name a naive probe may have poisoned, until a fresh query after replay shows it did not: flushed at the end.
        var suspects = new HashSet<(RegionOptions Region, string Name)>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var name = $"{prefix}-naive-{i}.{Zone}";
                await InsertAsync(sources, domainId, name, cancellationToken);
                var committed = Stopwatch.GetTimestamp();
                var checkers = replicas.Select(r => NaiveVisibleAsync(resolvers[r.Name], name, committed, cancellationToken)).ToList();
                suspects.UnionWith(replicas.Select(r => (r, name)));
                var lsn = await gate.CurrentPrimaryLsnAsync(cancellationToken);
                var found = await Task.WhenAll(replicas.Select(r => PoisonedAsync(gate, r, resolvers[r.Name], lsn, name, cancellationToken)));
                for (var k = 0; k < replicas.Count; k++)
                {
                    naive[replicas[k].Name].Add(checkers[k]);
                    if (found[k])
                    {
                        poisoned[replicas[k].Name]++;
                    }
                    else
                    {
                        suspects.Remove((replicas[k], name));
                    }
                }
                await Task.WhenAll(checkers.Where((_, k) => !found[k]));
                if ((i + 1) % 20 == 0)
                {
                    Console.Error.WriteLine($"  {label}: naive checker {i + 1}/{count} changes, poisoned so far {string.Join(", ", poisoned.Select(p => $"{p.Key} {p.Value}"))}");
                }
            }
            Console.Error.WriteLine($"  {label}: waiting for the naive checker's poisoned names to answer (up to {NaiveGiveUp.TotalSeconds:0} s)");
            await Task.WhenAll(naive.Values.SelectMany(t => t));
        }
        finally
        {
            // Undo what the naive checker cached (and anything not known to be clean if this ended early).
            await Parallel.ForEachAsync(suspects, new ParallelOptions { MaxDegreeOfParallelism = 8 },
                async (suspect, _) => await powerDns.FlushCacheAsync(suspect.Region, suspect.Name, CancellationToken.None));
        }

        foreach (var region in replicas)
        {
            var times = naive[region.Name].Select(t => t.Result).ToList();
            var late = times.Count(t => t is null);
            var naiveMs = times.Select(t => t ?? NaiveGiveUp.TotalMilliseconds).ToList();
            var proofMs = proofRuns.Select(t => t.Visible(region.Name)).ToList();
            var proofPoisoned = proofRuns.Count(t => t.Poisoned.Contains(region.Name));
            Console.WriteLine($"  {label}: {region.Name} naive visible p50 {Statistics.Percentile(naiveMs, 50):F1} ms, p99 {Statistics.Percentile(naiveMs, 99):F1}, poisoned {poisoned[region.Name]} of {count}{(late > 0 ? $", {late} not visible within {NaiveGiveUp.TotalSeconds:0} s" : "")}; proof visible p50 {Statistics.Percentile(proofMs, 50):F1} ms, p99 {Statistics.Percentile(proofMs, 99):F1}, poisoned {proofPoisoned} of {count}");
            results.Add(new($"{label}_naive_visible_{region.Name}_p50", Statistics.Percentile(naiveMs, 50), "ms"));
            results.Add(new($"{label}_naive_visible_{region.Name}_p99", Statistics.Percentile(naiveMs, 99), "ms"));
            results.Add(new($"{label}_naive_poisoned_{region.Name}", poisoned[region.Name] * 100.0 / count, "per 100 changes"));
            if (late > 0)
            {
                results.Add(new($"{label}_naive_not_visible_within_{NaiveGiveUp.TotalSeconds:0}s_{region.Name}", late, "changes"));
            }
            results.Add(new($"{label}_proof_visible_{region.Name}_p50", Statistics.Percentile(proofMs, 50), "ms"));
            results.Add(new($"{label}_proof_visible_{region.Name}_p99", Statistics.Percentile(proofMs, 99), "ms"));
            results.Add(new($"{label}_proof_poisoned_{region.Name}", proofPoisoned * 100.0 / count, "per 100 changes", "= 0", 0));
        }
        return results;
    }

    /// <summary>
    /// The naive checker: asks at once, then every <see cref="NaiveRetry"/>, until the name's A record is answered. Returns
    /// the time from <paramref name="committed"/> to that answer, or null past <see cref="NaiveGiveUp"/>.
    /// </summary>
    private static async Task<double?> NaiveVisibleAsync(LookupClient dns, string name, long committed, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                var response = await dns.QueryAsync(name, QueryType.A, QueryClass.IN, cancellationToken);
                if (response.Answers.OfType<ARecord>().Any())
                {
                    return Stopwatch.GetElapsedTime(committed).TotalMilliseconds;
                }
            }
            catch (DnsResponseException)
            {
                // No answer in time: a naive checker just asks again.
            }
            if (Stopwatch.GetElapsedTime(committed) >= NaiveGiveUp)
            {
                return null;
            }
            await Task.Delay(NaiveRetry, cancellationToken);
        }
    }

    /// <summary>
    /// Waits until <paramref name="region"/> has replayed <paramref name="lsn"/> (the shared watcher; no flush), then asks
    /// once (RD=0, no client cache): NXDOMAIN now can only come from PowerDNS's cache, a miss drawn before replay.
    /// </summary>
    private static async Task<bool> PoisonedAsync(ReplicationGate gate, RegionOptions region, LookupClient dns, NpgsqlLogSequenceNumber lsn, string name, CancellationToken cancellationToken)
    {
        var replay = await gate.WaitForReplayAsync(region, lsn, TimeSpan.FromSeconds(10), cancellationToken);
        if (replay.Replayed is null)
        {
            throw new InvalidOperationException($"{region.Name}: not replayed within 10 s ({replay.LastError})");
        }
        var response = await dns.QueryAsync(name, QueryType.A, QueryClass.IN, cancellationToken);
        return response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain;
    }

    /// <summary>
    /// pg_reload_conf() reaches the replica's startup process a moment after a new session sees the setting: writes until
    /// one replays at least 80 % of the injected delay late on <paramref name="region"/>, so no lagged trial runs unlagged.
    /// </summary>
    private static async Task WaitForDelayInEffectAsync(ReplicationGate gate, RegionDataSources sources, int domainId, RegionOptions region, string prefix, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 20; i++)
        {
            await InsertAsync(sources, domainId, $"{prefix}-{i}.{Zone}", cancellationToken);
            var started = Stopwatch.GetTimestamp();
            var lsn = await gate.CurrentPrimaryLsnAsync(cancellationToken);
            _ = await gate.WaitForReplayAsync(region, lsn, TimeSpan.FromSeconds(10), cancellationToken);
            if (Stopwatch.GetElapsedTime(started) >= InjectedLag * 0.8)
            {
                return;
            }
        }
        throw new InvalidOperationException($"{region.Name} still replays at once after recovery_min_apply_delay = {InjectedLag.TotalMilliseconds:0}ms");
    }

    /// <summary>
    /// The proof's resolver (the product's <see cref="DnsCheckResolver"/>) with every reply counted: the NXDOMAINs the
    /// dashboard's own probes drew. The benchmark only asks it for names committed before their run started.
    /// </summary>
    private sealed class CountingResolver(ICheckResolver inner) : ICheckResolver
    {
        private int _queries;
        private int _nxDomains;

        public int Queries => Volatile.Read(ref _queries);
        public int NxDomains => Volatile.Read(ref _nxDomains);

        public async Task<DnsReply> QueryAsync(RegionOptions region, string name, Dashboard.Dns.RecordType type, CancellationToken cancellationToken)
        {
            var reply = await inner.QueryAsync(region, name, type, cancellationToken);
            Interlocked.Increment(ref _queries);
            if (reply.Outcome == CheckOutcome.NxDomain)
            {
                Interlocked.Increment(ref _nxDomains);
            }
            return reply;
        }
    }

    internal static async Task<int> ZoneIdAsync(RegionDataSources sources, CancellationToken cancellationToken)
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
