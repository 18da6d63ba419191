namespace Dashboard.Features.Regions;

/// <summary>
/// The latest status of every region. Singleton, thread-safe. Subscribers are called on the publishing thread and
/// must marshal to their own context (components: <c>InvokeAsync</c>); disposing the subscription unsubscribes.
/// </summary>
public sealed class RegionStatusStore
{
    private readonly Lock _lock = new();
    private readonly List<Action> _subscribers = [];
    private IReadOnlyList<RegionStatus> _current = [];

    public IReadOnlyList<RegionStatus> Current => Volatile.Read(ref _current);

    /// <summary>When the first probe of all regions finished; null until then.</summary>
    public DateTimeOffset? LastUpdated { get; private set; }

    public void Publish(IReadOnlyList<RegionStatus> statuses, DateTimeOffset at)
    {
        Action[] subscribers;
        lock (_lock)
        {
            Volatile.Write(ref _current, statuses);
            LastUpdated = at;
            subscribers = [.. _subscribers];
        }
        foreach (var subscriber in subscribers)
        {
            subscriber();
        }
    }

    public IDisposable Subscribe(Action onChanged)
    {
        lock (_lock)
        {
            _subscribers.Add(onChanged);
        }
        return new Subscription(this, onChanged);
    }

    private void Unsubscribe(Action onChanged)
    {
        lock (_lock)
        {
            _subscribers.Remove(onChanged);
        }
    }

    private sealed class Subscription(RegionStatusStore store, Action onChanged) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                store.Unsubscribe(onChanged);
            }
        }
    }
}
