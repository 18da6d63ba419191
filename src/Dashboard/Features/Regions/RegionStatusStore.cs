using Dashboard.Live;

namespace Dashboard.Features.Regions;

/// <summary>
/// The latest status of every region. Singleton, thread-safe. Subscribers are called on the publishing thread and
/// must marshal to their own context (components: <c>InvokeAsync</c>); disposing the subscription unsubscribes.
/// </summary>
public sealed class RegionStatusStore
{
    private readonly Lock _lock = new();
    private readonly Subscribers _subscribers = new();
    private IReadOnlyList<RegionStatus> _current = [];

    public IReadOnlyList<RegionStatus> Current => Volatile.Read(ref _current);

    /// <summary>When the first probe of all regions finished; null until then.</summary>
    public DateTimeOffset? LastUpdated { get; private set; }

    public void Publish(IReadOnlyList<RegionStatus> statuses, DateTimeOffset at)
    {
        lock (_lock)
        {
            Volatile.Write(ref _current, statuses);
            LastUpdated = at;
        }
        _subscribers.Notify();
    }

    public IDisposable Subscribe(Action onChanged) => _subscribers.Subscribe(onChanged);
}
