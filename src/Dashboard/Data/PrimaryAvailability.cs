using Dashboard.Live;

namespace Dashboard.Data;

/// <summary>
/// Whether the primary database answers, as last seen by anyone who tried: the region monitor's probe, a session
/// check, a command. Every console page shows a banner from it while the primary is unreachable. Singleton,
/// thread-safe. Subscribers are called on the reporting thread only when the state changes, and must marshal to their
/// own context (components: <c>InvokeAsync</c>); disposing the subscription unsubscribes.
/// </summary>
public sealed class PrimaryAvailability(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Subscribers _subscribers = new();
    private PrimaryState _current = PrimaryState.Reachable;

    public PrimaryState Current
    {
        get { lock (_lock) { return _current; } }
    }

    public void ReportReachable() => Set(PrimaryState.Reachable);

    /// <summary>Records that the primary did not answer; <see cref="PrimaryState.Since"/> keeps the first time of this outage.</summary>
    public void ReportUnreachable(string reason) => Set(new PrimaryState(false, time.GetUtcNow(), reason));

    private void Set(PrimaryState state)
    {
        lock (_lock)
        {
            if (!state.IsReachable && !_current.IsReachable)
            {
                // The same outage, perhaps for a new reason: keep when it began.
                state = state with { Since = _current.Since };
            }
            if (_current == state)
            {
                return;
            }
            _current = state;
        }
        _subscribers.Notify();
    }

    public IDisposable Subscribe(Action onChanged) => _subscribers.Subscribe(onChanged);
}

/// <summary>The primary answers (<see cref="IsReachable"/>), or since when and why it does not.</summary>
public sealed record PrimaryState(bool IsReachable, DateTimeOffset? Since, string? Reason)
{
    public static readonly PrimaryState Reachable = new(true, null, null);
}
