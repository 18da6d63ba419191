using System.Collections.Concurrent;
using Dashboard.Data;
using Dashboard.Features.Auth;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Dashboard.Live;

/// <summary>
/// Keeps every open live-hub connection of this instance tied to the sign-in it came with, and closes the connection
/// when that sign-in ends: at once when <see cref="SessionRevocations"/> says the user's sessions changed on this
/// instance (signed out, signed out everywhere, disabled, roles changed, password reset), and on every
/// <see cref="AuthOptions.RevalidationInterval"/> (<see cref="HubSessionRevalidator"/>) as the guarantee across
/// instances, whose revocations this one does not hear. Each check asks <see cref="ActorResolver"/> (user, stamp and
/// session in the database), so a signal for a session that is still valid changes nothing.
/// </summary>
/// <remarks>
/// As for circuits, "cannot check" is not "revoked": while the primary is unreachable a connection stays open for at
/// most <see cref="AuthOptions.SessionOutageGrace"/> since its last successful check. Singleton, thread-safe.
/// </remarks>
public sealed class HubSessions(ActorResolver resolver, SessionRevocations revocations, IOptions<AuthOptions> options, TimeProvider time, ILogger<HubSessions> logger)
{
    private readonly ConcurrentDictionary<string, Tracked> _connections = new(StringComparer.Ordinal);

    /// <summary>Open connections being watched (for tests: a closed connection must leave nothing behind).</summary>
    public int Count => _connections.Count;

    /// <summary>Whether a connection is being watched (for tests).</summary>
    public bool IsTracked(string? connectionId) => connectionId is not null && _connections.ContainsKey(connectionId);

    /// <summary>Starts watching <paramref name="context"/>'s sign-in; call once its user was resolved.</summary>
    public void Track(HubCallerContext context, string userId)
    {
        var tracked = new Tracked(context, time.GetUtcNow());
        if (!_connections.TryAdd(context.ConnectionId, tracked))
        {
            return;
        }
        // The check runs off the signalling thread: that is the admin's request or circuit, which must not wait for it.
        tracked.Watch = revocations.Subscribe(userId, () => _ = Task.Run(() => CheckAsync(tracked, CancellationToken.None)));
        if (!_connections.ContainsKey(context.ConnectionId))
        {
            // Closed while subscribing: Forget ran before Watch was set.
            tracked.Watch.Dispose();
        }
    }

    /// <summary>Stops watching a connection (it closed).</summary>
    public void Forget(string connectionId)
    {
        if (_connections.TryRemove(connectionId, out var tracked))
        {
            tracked.Watch?.Dispose();
        }
    }

    /// <summary>Closes <paramref name="context"/>'s connection: its sign-in is over (a method call found it so).</summary>
    public void Close(HubCallerContext context, string reason)
    {
        logger.LogInformation("Closing live hub connection {Connection} of {User}: {Reason}", context.ConnectionId, context.User?.Identity?.Name, reason);
        Forget(context.ConnectionId);
        context.Abort();
    }

    /// <summary>Re-checks every open connection (the periodic guarantee).</summary>
    public async Task CheckAllAsync(CancellationToken cancellationToken)
    {
        foreach (var tracked in _connections.Values)
        {
            await CheckAsync(tracked, cancellationToken);
        }
    }

    private async Task CheckAsync(Tracked tracked, CancellationToken cancellationToken)
    {
        var context = tracked.Context;
        if (context.ConnectionAborted.IsCancellationRequested)
        {
            Forget(context.ConnectionId);
            return;
        }
        string? closeReason;
        try
        {
            var actor = await resolver.ResolveAsync(context.User, cancellationToken);
            closeReason = actor is null ? "its sign-in ended (signed out, disabled, roles changed or password reset)"
                : !actor.Can(Permission.ReadAll) ? "its user may no longer read"
                : null;
            if (closeReason is null)
            {
                tracked.VerifiedAt = time.GetUtcNow();
            }
        }
        catch (PrimaryUnavailableException ex)
        {
            var unverifiedFor = time.GetUtcNow() - tracked.VerifiedAt;
            closeReason = unverifiedFor < options.Value.SessionOutageGrace ? null : $"its sign-in could not be checked for {unverifiedFor} ({ex.Reason})";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            // As circuits do: a check that failed for an unknown reason keeps nobody connected.
            logger.LogError(ex, "Re-checking the sign-in of live hub connection {Connection} failed", context.ConnectionId);
            closeReason = "its sign-in could not be checked";
        }
        if (closeReason is not null)
        {
            Close(context, closeReason);
        }
    }

    private sealed class Tracked(HubCallerContext context, DateTimeOffset verifiedAt)
    {
        public HubCallerContext Context { get; } = context;
        public DateTimeOffset VerifiedAt { get; set; } = verifiedAt;
        public IDisposable? Watch { get; set; }
    }
}

/// <summary>Re-checks every open live-hub connection every <see cref="AuthOptions.RevalidationInterval"/>.</summary>
public sealed class HubSessionRevalidator(HubSessions sessions, IOptions<AuthOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RevalidationInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await sessions.CheckAllAsync(stoppingToken);
        }
    }
}
