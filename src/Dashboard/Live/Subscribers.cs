namespace Dashboard.Live;

/// <summary>
/// The change callbacks of one in-process store. Thread-safe. <see cref="Notify"/> calls a snapshot of them on the
/// caller's thread, outside any lock, so subscribers must marshal to their own context (components:
/// <c>InvokeAsync</c>). Disposing a subscription unsubscribes it; disposing twice is harmless.
/// </summary>
public sealed class Subscribers
{
    private readonly Lock _lock = new();
    private readonly List<Action> _callbacks = [];

    public IDisposable Subscribe(Action onChanged)
    {
        lock (_lock)
        {
            _callbacks.Add(onChanged);
        }
        return new Subscription(this, onChanged);
    }

    /// <summary>True when nobody is subscribed.</summary>
    public bool IsEmpty
    {
        get { lock (_lock) { return _callbacks.Count == 0; } }
    }

    public void Notify()
    {
        Action[] callbacks;
        lock (_lock)
        {
            callbacks = [.. _callbacks];
        }
        foreach (var callback in callbacks)
        {
            callback();
        }
    }

    private void Unsubscribe(Action onChanged)
    {
        lock (_lock)
        {
            _callbacks.Remove(onChanged);
        }
    }

    private sealed class Subscription(Subscribers owner, Action onChanged) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(onChanged);
            }
        }
    }
}
