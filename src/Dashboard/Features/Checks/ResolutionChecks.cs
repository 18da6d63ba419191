using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Dashboard.Configuration;
using Dashboard.Dns;
using Dashboard.Features.Auth;
using Dashboard.PowerDns;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Checks;

/// <summary>
/// Runs resolution checks: every name × type × region asked of that region's PowerDNS directly, compared with the
/// primary database, streamed as the answers arrive. <b>A check leaves no trace</b>: every name that drew a miss (or
/// no answer) from a region is flushed from that region's caches before the stream ends, so a name created a moment
/// after its check is served at once (PowerDNS would otherwise keep the miss for its negative cache TTL, 60 s).
/// Singleton; each call is independent.
/// </summary>
public sealed class ResolutionChecks(
    ICheckResolver resolver,
    ICheckExpectations expectations,
    PowerDnsApiClient api,
    IOptions<DashboardOptions> options,
    ILogger<ResolutionChecks> logger)
{
    private ChecksOptions Settings => options.Value.Checks;

    /// <summary>Validates a check's input against the configured regions and limits (no permission needed to be told what is wrong).</summary>
    public CheckValidation Validate(IEnumerable<string> names, IEnumerable<string> types, IEnumerable<string> regions) =>
        CheckPlan.Validate(names, types, regions, options.Value.Regions, Settings.MaxNames);

    /// <summary>
    /// Runs <paramref name="plan"/> for <paramref name="actor"/> (demands <see cref="Permission.RunChecks"/> before anything
    /// is sent). Yields each cell as it is answered, then one <see cref="MissesFlushed"/> per cache flush; the stream ends
    /// when every flush has ended. Cancelling (or abandoning the stream) stops new queries; the misses already drawn, and
    /// the names of the questions it cut short (their miss may be cached all the same), are still flushed, in the background.
    /// </summary>
    public IAsyncEnumerable<CheckEvent> RunAsync(Actor actor, CheckPlan plan, CancellationToken cancellationToken)
    {
        actor.Demand(Permission.RunChecks);
        ArgumentNullException.ThrowIfNull(plan);
        return StreamAsync(plan, cancellationToken);
    }

    private async IAsyncEnumerable<CheckEvent> StreamAsync(CheckPlan plan, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var events = Channel.CreateUnbounded<CheckEvent>(new UnboundedChannelOptions { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = RunCoreAsync(plan, events.Writer, stop.Token);
        try
        {
            await foreach (var item in events.Reader.ReadAllAsync(cancellationToken))
            {
                yield return item;
            }
            await work;
        }
        finally
        {
            // Left early: no new queries; the flushes of the misses already drawn still run to their end.
            stop.Cancel();
            if (!work.IsCompleted)
            {
                _ = work.ContinueWith(t => logger.LogWarning(t.Exception, "A check abandoned by its reader failed while flushing"),
                    CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }
        }
    }

    private async Task RunCoreAsync(CheckPlan plan, ChannelWriter<CheckEvent> events, CancellationToken cancellationToken)
    {
        var misses = new ConcurrentDictionary<(string Region, string Name), string?>();
        Exception? failure = null;
        try
        {
            var expected = expectations.ReadAsync(plan.Names, plan.Types, cancellationToken);
            // Answers that arrive before the primary's rows are compared once the rows are read, off the query slots: a slot
            // held per early answer stalled every query for as long as the read took (30 to 90 ms for 1,000 names on the
            // 2-core bench machine; a round trip or more where the primary is far from the dashboard).
            var early = new ConcurrentQueue<Task>();
            var jobs = plan.Names.SelectMany(n => plan.Types.SelectMany(t => plan.Regions.Select(r => (Name: n, Type: t, Region: r))));
            await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = Settings.MaxConcurrentQueries, CancellationToken = cancellationToken },
                async (job, token) =>
                {
                    DnsReply reply;
                    try
                    {
                        reply = await resolver.QueryAsync(job.Region, job.Name, job.Type, token);
                    }
                    catch (OperationCanceledException)
                    {
                        // Stopped while asking: the question may already have reached PowerDNS, and its miss be cached
                        // there. Flushed like a timeout (by name: no answer said which zone).
                        misses.TryAdd((job.Region.Name, job.Name), null);
                        throw;
                    }
                    // The miss is noted from the reply itself, before its cell is made: whatever happens next, it is flushed.
                    if (CheckRules.LeavesMiss(reply.Outcome))
                    {
                        misses.TryAdd((job.Region.Name, job.Name), CheckRules.AnsweringZone(reply));
                    }
                    if (expected.IsCompleted)
                    {
                        // Read (or failed: awaiting it throws, and the check stops as it always did).
                        Emit(job.Name, job.Type, job.Region.Name, reply, await expected);
                    }
                    else
                    {
                        early.Enqueue(EmitWhenReadAsync(job.Name, job.Type, job.Region.Name, reply));
                    }
                });
            await Task.WhenAll(early);

            async Task EmitWhenReadAsync(string name, RecordType type, string region, DnsReply reply) =>
                Emit(name, type, region, reply, await expected);

            void Emit(string name, RecordType type, string region, DnsReply reply, IReadOnlyDictionary<string, CheckRules.Expected> rows) =>
                events.TryWrite(new CellChecked(CheckRules.Cell(name, type, region, reply, rows[name])));
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        finally
        {
            // Whatever happened to the queries, the misses they drew are undone.
            await FlushAsync(plan, misses, events);
            events.TryComplete(failure is OperationCanceledException ? null : failure);
        }
    }

    /// <summary>
    /// One flush per name × region that drew a miss; when more than <see cref="ChecksOptions.ZoneFlushThreshold"/> names of
    /// one zone did in one region, one flush of the zone's apex instead (PowerDNS's flush drops the name and everything
    /// below it). In parallel, bounded; never cancelled by the reader: a miss left behind would be the outage.
    /// </summary>
    private async Task FlushAsync(CheckPlan plan, ConcurrentDictionary<(string Region, string Name), string?> misses, ChannelWriter<CheckEvent> events)
    {
        if (misses.IsEmpty)
        {
            return;
        }
        var targets = FlushTargets(misses.Select(m => (m.Key.Region, m.Key.Name, Zone: m.Value)), Settings.ZoneFlushThreshold);
        var regions = plan.Regions.ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);
        var failures = new ConcurrentDictionary<string, (int Count, string Error)>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(targets, new ParallelOptions { MaxDegreeOfParallelism = Settings.MaxConcurrentFlushes },
            async (target, _) =>
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await api.FlushCacheAsync(regions[target.Region], target.Target, CancellationToken.None);
                    events.TryWrite(new MissesFlushed(target.Region, target.Target, target.Names, true, null, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
                }
                catch (Exception ex) when (ex is PowerDnsApiException or HttpRequestException)
                {
                    failures.AddOrUpdate(target.Region, (1, ex.Message), (_, f) => (f.Count + 1, f.Error));
                    events.TryWrite(new MissesFlushed(target.Region, target.Target, target.Names, false, Describe(ex), Stopwatch.GetElapsedTime(started).TotalMilliseconds));
                }
            });
        // One line per region: a region whose API is down fails every flush of the check the same way.
        foreach (var (region, (count, error)) in failures)
        {
            logger.LogWarning("Check: {Count} cache flush(es) on {Region} failed (a miss may stay cached there): {Error}", count, region, error);
        }
    }

    private static string Describe(Exception ex) =>
        ex is HttpRequestException { InnerException: System.Net.Sockets.SocketException } ? "PowerDNS API: connection refused" : ex.Message;

    /// <summary>The flushes that undo <paramref name="misses"/>: per name, or per zone apex past <paramref name="zoneThreshold"/> names.</summary>
    public static IReadOnlyList<FlushTarget> FlushTargets(IEnumerable<(string Region, string Name, string? Zone)> misses, int zoneThreshold)
    {
        var targets = new List<FlushTarget>();
        foreach (var group in misses.GroupBy(m => (m.Region, m.Zone)).OrderBy(g => g.Key.Region, StringComparer.Ordinal))
        {
            var names = group.Select(m => m.Name).Distinct().Order(StringComparer.Ordinal).ToList();
            // A name is flushed alone unless its zone is known, lies above it and has many misses.
            if (group.Key.Zone is { } zone && names.Count > zoneThreshold && names.All(n => Dns.DnsName.IsInZone(n, zone)))
            {
                targets.Add(new FlushTarget(group.Key.Region, zone, names));
            }
            else
            {
                targets.AddRange(names.Select(n => new FlushTarget(group.Key.Region, n, [n])));
            }
        }
        return targets;
    }
}

/// <summary>One cache flush: the name (or zone apex) flushed on a region, and the checked names it covers.</summary>
public sealed record FlushTarget(string Region, string Target, IReadOnlyList<string> Names);
