namespace Dashboard.Live;

/// <summary>
/// One value that changes over time, for everyone in the process who shows or forwards it: the kernel of every live
/// feature (regions, the primary's availability, replica lag, alerts). Thread-safe.
/// <list type="bullet">
/// <item><see cref="Subscribe"/> registers first and only then should the caller read <see cref="Current"/>: a change
/// published in between is delivered, never lost.</item>
/// <item>Callbacks get the latest value, never on the publisher's thread, one at a time per subscription, at most once
/// per throttle interval (about 250 ms: the first change at once, later ones within the interval coalesced into one
/// trailing call). A slow subscriber never delays the publisher or other subscribers.</item>
/// <item>Each callback runs in the execution context captured at <see cref="Subscribe"/> (culture, async locals).</item>
/// <item>Disposing the subscription stops later calls (a call already running finishes); disposing twice is harmless.</item>
/// </list>
/// </summary>
public class LiveStore<T> where T : class
{
    public static readonly TimeSpan DefaultThrottle = TimeSpan.FromMilliseconds(250);

    private readonly Lock _lock = new();
    private readonly List<Subscription> _subscriptions = [];
    /// <summary>The clock the store throttles by; subclasses stamp their values with it too.</summary>
    protected TimeProvider Time { get; }
    private readonly TimeSpan _throttle;
    private T _current;
    private long _version;

    public LiveStore(T initial, TimeProvider time, TimeSpan? throttle = null)
    {
        _current = initial;
        Time = time;
        _throttle = throttle ?? DefaultThrottle;
    }

    public T Current => Volatile.Read(ref _current);

    /// <summary>How many times the value changed; 0 until the first publish.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Raised when a callback throws (the store keeps going); for logging by the owner.</summary>
    public event Action<Exception>? CallbackFailed;

    public void Publish(T value) => Update(_ => value);

    /// <summary>
    /// Replaces the value with <paramref name="change"/>'s result, atomically with respect to other updates. Returning the
    /// same instance means "no change": nothing is published. Returns whether the value changed.
    /// </summary>
    public bool Update(Func<T, T> change)
    {
        Subscription[] subscriptions;
        lock (_lock)
        {
            var next = change(_current);
            if (ReferenceEquals(next, _current))
            {
                return false;
            }
            Volatile.Write(ref _current, next);
            Interlocked.Increment(ref _version);
            subscriptions = [.. _subscriptions];
        }
        foreach (var subscription in subscriptions)
        {
            subscription.Signal();
        }
        return true;
    }

    public IDisposable Subscribe(Action<T> onChanged)
    {
        var subscription = new Subscription(this, onChanged, ExecutionContext.Capture());
        lock (_lock)
        {
            _subscriptions.Add(subscription);
        }
        return subscription;
    }

    /// <summary>Number of live subscriptions (for tests and metrics).</summary>
    public int SubscriberCount
    {
        get { lock (_lock) { return _subscriptions.Count; } }
    }

    private void Remove(Subscription subscription)
    {
        lock (_lock)
        {
            _subscriptions.Remove(subscription);
        }
    }

    private sealed class Subscription(LiveStore<T> store, Action<T> onChanged, ExecutionContext? context) : IDisposable
    {
        private int _dirty;
        private int _running;
        private int _disposed;
        private long _lastDelivery = long.MinValue;

        public void Signal()
        {
            Volatile.Write(ref _dirty, 1);
            if (Interlocked.CompareExchange(ref _running, 1, 0) == 0)
            {
                _ = Task.Run(DeliverAsync);
            }
        }

        private async Task DeliverAsync()
        {
            while (true)
            {
                if (_lastDelivery != long.MinValue)
                {
                    var wait = store._throttle - store.Time.GetElapsedTime(_lastDelivery);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, store.Time).ConfigureAwait(false);
                    }
                }
                Volatile.Write(ref _dirty, 0);
                if (Volatile.Read(ref _disposed) == 1)
                {
                    Volatile.Write(ref _running, 0);
                    return;
                }
                _lastDelivery = store.Time.GetTimestamp();
                Invoke(store.Current);

                // Done unless a change came in meanwhile; re-check after releasing, so a Signal racing the release
                // either sees _running == 0 and starts a new loop, or its _dirty is seen here.
                if (Volatile.Read(ref _dirty) == 0)
                {
                    Volatile.Write(ref _running, 0);
                    if (Volatile.Read(ref _dirty) == 0 || Interlocked.CompareExchange(ref _running, 1, 0) != 0)
                    {
                        return;
                    }
                }
            }
        }

        private void Invoke(T value)
        {
            try
            {
                if (context is null)
                {
                    onChanged(value);
                }
                else
                {
                    ExecutionContext.Run(context, static state =>
                    {
                        var (callback, v) = ((Action<T>, T))state!;
                        callback(v);
                    }, (onChanged, value));
                }
            }
            catch (Exception ex)
            {
                store.CallbackFailed?.Invoke(ex);
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                store.Remove(this);
            }
        }
    }
}
