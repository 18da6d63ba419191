using Dashboard.Configuration;
using Dashboard.Data;
using Dashboard.Features.Audit;
using Dashboard.Features.Auth;
using Dashboard.Route53;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Routing;

/// <summary>
/// Follows every accepted routing change until Route 53 reports it INSYNC: GetChange for each PENDING change, the first
/// <see cref="RoutingOptions.FirstPoll"/> after it was submitted, then twice as late each time up to
/// <see cref="RoutingOptions.MaxPoll"/> (the client's throttle keeps the whole dashboard within Route 53's rate). The
/// change then becomes Insync with its time, audited as <c>routing.insync</c> by whichever instance saw it first (the
/// update is conditional, so the entry is written once). At start, a change left "sending" by a dashboard that stopped
/// mid-way is marked unknown, in words.
/// </summary>
public sealed class RoutingChangeWatcher(
    IDbContextFactory<DashboardDbContext> contexts,
    IRoute53Client client,
    RoutingZone zone,
    AuditLog audit,
    IOptions<DashboardOptions> options,
    TimeProvider time,
    ILogger<RoutingChangeWatcher> logger) : BackgroundService
{
    /// <summary>A change still "sending" this long after it was written was left by a dashboard that stopped.</summary>
    public static readonly TimeSpan SendingGivenUpAfter = TimeSpan.FromMinutes(2);

    private readonly Dictionary<long, (DateTimeOffset Due, TimeSpan Delay)> _next = [];
    private DateTimeOffset _sweptAt = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var routing = options.Value.Routing;
        if (!routing.IsConfigured)
        {
            return;
        }
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollOnceAsync(stoppingToken);
                if (failures > 0)
                {
                    logger.LogInformation("Following Route 53 changes works again after {Failures} failed round(s)", failures);
                }
                failures = 0;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Said once, then every tenth round: an hour without Route 53 or the database is not 3,600 warnings.
                failures++;
                if (failures == 1 || failures % 10 == 0)
                {
                    logger.LogWarning(ex, "Following Route 53 changes failed ({Failures} round(s) in a row); trying again", failures);
                }
            }
            try
            {
                await Task.Delay(RoundDelay(routing.WatchInterval, failures), time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The next round's delay: the interval, doubled for each failed round in a row, at most a minute.</summary>
    public static TimeSpan RoundDelay(TimeSpan interval, int failures) =>
        TimeSpan.FromTicks(Math.Min(interval.Ticks << Math.Min(failures, 16), Math.Max(interval.Ticks, TimeSpan.FromMinutes(1).Ticks)));

    /// <summary>One round: every PENDING change that is due asked about once. Returns how many turned INSYNC.</summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        var routing = options.Value.Routing;
        var now = time.GetUtcNow();
        List<RoutingChangeRow> pending;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (now - _sweptAt >= SendingGivenUpAfter / 2)
            {
                _sweptAt = now;
                var cutoff = now - SendingGivenUpAfter;
                await db.RoutingChanges
                    .Where(c => c.Status == RoutingChangeStatus.Sending && c.CreatedAt < cutoff)
                    .ExecuteUpdateAsync(u => u
                        .SetProperty(c => c.Status, RoutingChangeStatus.Unknown)
                        .SetProperty(c => c.Error, "The dashboard stopped while sending this change: Route 53 may or may not have it. Reload the Routing page to see the records as they are."), cancellationToken);
            }
            // This dashboard's hosted zone only: a change sent to another (configured before) is not Route 53's here to answer.
            var zoneId = await zone.IdAsync(cancellationToken);
            pending = await db.RoutingChanges.AsNoTracking()
                .Where(c => c.Status == RoutingChangeStatus.Pending && c.HostedZoneId == zoneId).OrderBy(c => c.Id).Take(50).ToListAsync(cancellationToken);
        }
        foreach (var gone in _next.Keys.Except(pending.Select(p => p.Id)).ToList())
        {
            _next.Remove(gone);
        }
        var synced = 0;
        foreach (var change in pending)
        {
            var (due, delay) = _next.TryGetValue(change.Id, out var next) ? next : ((change.SubmittedAt ?? change.CreatedAt) + routing.FirstPoll, routing.FirstPoll);
            if (now < due || change.ChangeId is null)
            {
                _next[change.Id] = (due, delay);
                continue;
            }
            ChangeInfo info;
            try
            {
                info = await client.GetChangeAsync(change.ChangeId, cancellationToken);
            }
            catch (Route53Exception ex) when (ex.Code == "NoSuchChange")
            {
                // Route 53 keeps changes for a while only (or this one was never its own): say so, once.
                _next.Remove(change.Id);
                await MarkUnknownAsync(change, $"Route 53 no longer knows change {change.ChangeId} ({ex.Code}): whether it was applied cannot be told from here. Reload the Routing page to see the records as they are.", cancellationToken);
                continue;
            }
            catch (Exception ex) when (ex is Route53Exception or HttpRequestException or TimeoutException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // One change Route 53 will not tell about now must not keep the others from being followed.
                logger.LogWarning(ex, "GetChange {ChangeId} failed; asking again later", change.ChangeId);
                AskAgainLater(change.Id, delay, routing.MaxPoll);
                continue;
            }
            if (info.Status == ChangeStatus.Insync)
            {
                _next.Remove(change.Id);
                synced += await MarkInsyncAsync(change, cancellationToken);
                continue;
            }
            AskAgainLater(change.Id, delay, routing.MaxPoll);
        }
        return synced;
    }

    /// <summary>The change is asked about again twice as late as last time, at most <paramref name="maxPoll"/> later.</summary>
    private void AskAgainLater(long id, TimeSpan delay, TimeSpan maxPoll)
    {
        var later = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, maxPoll.Ticks));
        _next[id] = (time.GetUtcNow() + later, later);
    }

    private Task MarkUnknownAsync(RoutingChangeRow change, string words, CancellationToken cancellationToken) =>
        EndAsync(change, RoutingChangeStatus.Unknown, at: null, words, AuditActions.RoutingUnknown, $"{words}\n{change.Summary}", cancellationToken);

    private async Task<int> MarkInsyncAsync(RoutingChangeRow change, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var took = at - (change.SubmittedAt ?? change.CreatedAt);
        var ended = await EndAsync(change, RoutingChangeStatus.Insync, at, error: null, AuditActions.RoutingInsync,
            $"Route 53 change {change.ChangeId} INSYNC {took.TotalSeconds:0} s after it was submitted (by {change.ActorName}): {change.Summary}", cancellationToken);
        if (ended)
        {
            logger.LogInformation("Route 53 change {ChangeId} in sync after {Seconds:0.0} s", change.ChangeId, took.TotalSeconds);
        }
        return ended ? 1 : 0;
    }

    /// <summary>
    /// Ends a PENDING change as <paramref name="status"/> with its audit entry, in one transaction. Conditional on it
    /// still being PENDING, so that of several instances seeing the same answer only one writes it; returns whether this one did.
    /// </summary>
    private async Task<bool> EndAsync(RoutingChangeRow change, RoutingChangeStatus status, DateTimeOffset? at, string? error, string action, string words, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var updated = await db.RoutingChanges
            .Where(c => c.Id == change.Id && c.Status == RoutingChangeStatus.Pending)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, status).SetProperty(c => c.InsyncAt, at).SetProperty(c => c.Error, error), cancellationToken);
        if (updated == 0)
        {
            return false;
        }
        await audit.WriteAsync(db, Actor.System, action, zone.Name, RoutingWords.EntryNames(RoutingWords.FromJson<ChangeBatch>(change.Batch)), null, null, words, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
