using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace TunnelSimulator;

public sealed record SimulatorOptions
{
    public string Zone { get; init; } = "free.tunnel.test";

    /// <summary>Changes (creates plus removes) per second.</summary>
    public double Rate { get; init; } = 20;

    /// <summary>The bound on live tunnels (<see cref="PopulationPolicy"/>).</summary>
    public int MaxLive { get; init; } = 500;

    /// <summary>TTL of a tunnel's records (the demo free zone's tunnels have 30).</summary>
    public int Ttl { get; init; } = 30;

    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Every this many creates, the simulator tries to re-create a name held after an abuse takedown (one of the zone's
    /// <c>public.name_holds</c>), as a tunnel service asked for that name again would: the database refuses it (SQLSTATE
    /// DH001), which is logged, and it carries on. 0: never.
    /// </summary>
    public int HeldRetryEvery { get; init; } = 25;
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>Counters since start; read from any thread.</summary>
public sealed class SimulatorStats
{
    private long _created, _removed, _refused, _errors, _skipped;
    private int _live;

    public long Created => Interlocked.Read(ref _created);
    public long Removed => Interlocked.Read(ref _removed);
    public long Refused => Interlocked.Read(ref _refused);
    public long Errors => Interlocked.Read(ref _errors);
    public long Skipped => Interlocked.Read(ref _skipped);
    public int Live => Volatile.Read(ref _live);

    internal void Create() => Interlocked.Increment(ref _created);
    internal void Remove() => Interlocked.Increment(ref _removed);
    internal void Refuse() => Interlocked.Increment(ref _refused);
    internal void Error() => Interlocked.Increment(ref _errors);
    internal void Skip() => Interlocked.Increment(ref _skipped);
    internal void SetLive(int live) => Volatile.Write(ref _live, live);
}

/// <summary>
/// The tunnel core stand-in: creates and removes tunnels in <see cref="SimulatorOptions.Zone"/> at
/// <see cref="SimulatorOptions.Rate"/>, one transaction each (<see cref="TunnelStore"/>), keeping at most
/// <see cref="SimulatorOptions.MaxLive"/> alive. Never throws out of <see cref="RunAsync"/> but on a stop request:
/// a statement the database refuses (a constraint, a trigger such as a future takedown hold) is logged as
/// "refused: SQLSTATE message" and it goes on; a database it cannot reach is logged and retried with a back-off from
/// <see cref="SimulatorOptions.FirstBackoff"/> doubling up to <see cref="SimulatorOptions.MaxBackoff"/>.
/// </summary>
public sealed class Simulator(SimulatorOptions options, NpgsqlDataSource primary, Action<string> log, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly PopulationPolicy _policy = new(options.MaxLive);

    public SimulatorStats Stats { get; } = new();

    public async Task RunAsync(CancellationToken stop)
    {
        var store = new TunnelStore(primary, options.Zone, _time);
        using var statusCts = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var status = StatusLoopAsync(statusCts.Token);
        log($"tunnel simulator: zone {options.Zone}, {options.Rate.ToString(CultureInfo.InvariantCulture)} changes/s, at most {options.MaxLive} live tunnels");
        try
        {
            await LoopAsync(store, stop);
        }
        finally
        {
            await statusCts.CancelAsync();
            await status;
            log($"stopped: {StatusLine(null)}");
        }
    }

    private async Task LoopAsync(TunnelStore store, CancellationToken stop)
    {
        List<string>? live = null;
        IReadOnlyList<Edge> edges = [];
        RatePacer? pacer = null;
        var backoff = options.FirstBackoff;
        var started = Stopwatch.StartNew();
        long creates = 0;
        while (!stop.IsCancellationRequested)
        {
            var action = "load the zone";
            string? name = null;
            try
            {
                if (live is null)
                {
                    // (Re)read what is there: after an outage a COMMIT in doubt may or may not have happened.
                    edges = (await store.LoadEdgesAsync(stop)).Where(e => e.A is not null || e.Aaaa is not null).ToList();
                    if (edges.Count == 0)
                    {
                        throw new InvalidOperationException($"zone {options.Zone} is missing, or has no <region>.edge.{options.Zone} A/AAAA records to point tunnels at");
                    }
                    live = await store.LoadLiveAsync(stop);
                    Stats.SetLive(live.Count);
                    log($"zone {options.Zone}: {live.Count} live tunnels, edges {string.Join(", ", edges.Select(e => $"{e.Region} {e.A}/{e.Aaaa}"))}");
                    pacer = new RatePacer(options.Rate, started.Elapsed);
                }

                var wait = pacer!.Next(started.Elapsed);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, stop);
                }

                if (_policy.Decide(live.Count) == TunnelAction.Create)
                {
                    creates++;
                    name = options.HeldRetryEvery > 0 && creates % options.HeldRetryEvery == 0 && await store.HeldNameAsync(stop) is { } held
                        ? held
                        : TunnelNames.New(options.Zone);
                    action = "create";
                    var edge = edges[Random.Shared.Next(edges.Count)];
                    switch (await store.CreateAsync(name, edge, options.Ttl))
                    {
                        case ChangeOutcome.Done:
                            live.Add(name);
                            Stats.Create();
                            break;
                        case ChangeOutcome.Skipped:
                            Stats.Skip();
                            log($"create {name}: the name is taken, skipped");
                            break;
                        case ChangeOutcome.NoZone:
                            throw new InvalidOperationException($"zone {options.Zone} or its apex SOA is missing");
                    }
                }
                else
                {
                    var index = Random.Shared.Next(live.Count);
                    name = live[index];
                    action = "remove";
                    var outcome = await store.RemoveAsync(name);
                    if (outcome == ChangeOutcome.NoZone)
                    {
                        throw new InvalidOperationException($"zone {options.Zone} or its apex SOA is missing");
                    }
                    live[index] = live[^1];
                    live.RemoveAt(live.Count - 1);
                    if (outcome == ChangeOutcome.Done)
                    {
                        Stats.Remove();
                    }
                    else
                    {
                        Stats.Skip();
                        log($"remove {name}: already gone (someone else removed it), skipped");
                    }
                }
                Stats.SetLive(live.Count);
                backoff = options.FirstBackoff;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (PostgresException ex) when (!IsUnavailable(ex))
            {
                // The database answered and said no: a constraint, a trigger (a takedown hold), a deadlock victim.
                if (action == "create")
                {
                    Stats.Refuse();
                    log($"refused: {ex.SqlState} {ex.MessageText} (create {name}); carrying on");
                }
                else
                {
                    Stats.Error();
                    log($"failed: {ex.SqlState} {ex.MessageText} ({action} {name})");
                }
            }
            catch (Exception ex)
            {
                Stats.Error();
                log($"database error ({action}{(name is null ? "" : " " + name)}): {Describe(ex)}; retrying in {backoff.TotalSeconds:0.#} s");
                live = null;
                try
                {
                    await Task.Delay(backoff, _time, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                backoff = backoff * 2 > options.MaxBackoff ? options.MaxBackoff : backoff * 2;
            }
        }
    }

    /// <summary>The server is going away or cannot take writes (shutdown, connection, resources, read-only): wait and retry.</summary>
    internal static bool IsUnavailable(PostgresException ex) =>
        ex.SqlState.StartsWith("08", StringComparison.Ordinal)
        || ex.SqlState.StartsWith("53", StringComparison.Ordinal)
        || ex.SqlState.StartsWith("57", StringComparison.Ordinal)
        || ex.SqlState.StartsWith("58", StringComparison.Ordinal)
        || ex.SqlState == PostgresErrorCodes.ReadOnlySqlTransaction;

    private static string Describe(Exception ex) => ex switch
    {
        PostgresException pg => $"{pg.SqlState} {pg.MessageText}",
        NpgsqlException { InnerException: { } inner } npg => $"{npg.Message} ({inner.Message})",
        _ => ex.Message,
    };

    private async Task StatusLoopAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(options.StatusInterval, _time);
        var last = (Changes: 0L, At: _time.GetTimestamp());
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var now = (Changes: Stats.Created + Stats.Removed, At: _time.GetTimestamp());
                var seconds = _time.GetElapsedTime(last.At, now.At).TotalSeconds;
                log($"status: {StatusLine(seconds > 0 ? (now.Changes - last.Changes) / seconds : null)}");
                last = now;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private string StatusLine(double? rate) =>
        $"created {Stats.Created}, removed {Stats.Removed}, live {Stats.Live}, refused {Stats.Refused}, errors {Stats.Errors}, skipped {Stats.Skipped}"
        + (rate is { } r ? $", {r.ToString("0.0", CultureInfo.InvariantCulture)} changes/s (target {options.Rate.ToString(CultureInfo.InvariantCulture)})" : "");
}
