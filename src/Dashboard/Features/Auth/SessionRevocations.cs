using Dashboard.Live;

namespace Dashboard.Features.Auth;

/// <summary>
/// Tells this instance's open circuits that a user's sign-in may have been revoked (disabled, roles changed, password
/// reset, signed out), so they re-check at once instead of at their next periodic check. Signalled after the change
/// has committed; circuits subscribe per user. It carries no verdict: each circuit asks <see cref="ActorResolver"/>,
/// so a signal for a session that is still valid changes nothing. Other dashboard instances do not hear it; their
/// periodic check (<see cref="AuthOptions.RevalidationInterval"/>) is the guarantee across instances. Singleton,
/// thread-safe; callbacks run on the signalling thread and must not block (circuits hand off to their own work).
/// </summary>
public sealed class SessionRevocations
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Subscribers> _byUser = new(StringComparer.Ordinal);

    /// <summary>Calls <paramref name="onRevoked"/> whenever <paramref name="userId"/>'s sessions change; disposing unsubscribes.</summary>
    public IDisposable Subscribe(string userId, Action onRevoked)
    {
        lock (_lock)
        {
            if (!_byUser.TryGetValue(userId, out var subscribers))
            {
                _byUser[userId] = subscribers = new Subscribers();
            }
            return new Subscription(this, userId, subscribers.Subscribe(onRevoked));
        }
    }

    /// <summary>Asks every open circuit of <paramref name="userId"/> on this instance to re-check now. Call after the change committed.</summary>
    public void Revoked(string userId)
    {
        Subscribers? subscribers;
        lock (_lock)
        {
            _byUser.TryGetValue(userId, out subscribers);
        }
        subscribers?.Notify();
    }

    /// <summary>How many users have a circuit listening (for tests: closed circuits must leave nothing behind).</summary>
    internal int WatchedUsers
    {
        get { lock (_lock) { return _byUser.Count; } }
    }

    private void Unsubscribe(string userId, IDisposable inner)
    {
        lock (_lock)
        {
            inner.Dispose();
            if (_byUser.TryGetValue(userId, out var subscribers) && subscribers.IsEmpty)
            {
                _byUser.Remove(userId);
            }
        }
    }

    private sealed class Subscription(SessionRevocations owner, string userId, IDisposable inner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(userId, inner);
            }
        }
    }
}
