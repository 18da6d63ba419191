using NpgsqlTypes;

namespace Dashboard.Features.Propagation;

/// <summary>
/// One replica's replay position, watched for everyone who waits on it. Waiters register the LSN they need; one loop
/// reads the replica's position every <see cref="PollInterval"/> while anyone waits, releases every waiter whose LSN is
/// reached, and stops when nobody is left. So a hundred concurrent applies cost one query per interval, not a hundred,
/// and an idle dashboard polls nothing. A failed read is kept (<see cref="ReplayWait.LastError"/>) and retried after
/// <see cref="RetryAfterError"/> while waiters remain; each waiter ends at its own deadline.
/// </summary>
public sealed class ReplayWatcher(Func<CancellationToken, Task<NpgsqlLogSequenceNumber?>> readReplayed, TimeProvider time)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(2);
    public static readonly TimeSpan RetryAfterError = TimeSpan.FromMilliseconds(200);

    private readonly Lock _gate = new();
    private readonly List<Waiter> _waiters = [];
    private bool _polling;
    private long _reads;
    private string? _lastError;

    /// <summary>How many times the replica's position was read since start (for tests and benchmarks).</summary>
    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>Waits until the replica has replayed <paramref name="lsn"/>, or <paramref name="timeout"/> passes.</summary>
    public async Task<ReplayWait> WaitAsync(NpgsqlLogSequenceNumber lsn, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(lsn);
        lock (_gate)
        {
            _waiters.Add(waiter);
            if (!_polling)
            {
                _polling = true;
                _ = Task.Run(PollAsync, CancellationToken.None);
            }
        }
        try
        {
            return new ReplayWait(await waiter.Released.Task.WaitAsync(timeout, time, cancellationToken), null);
        }
        catch (TimeoutException)
        {
            return new ReplayWait(null, Volatile.Read(ref _lastError));
        }
        finally
        {
            lock (_gate)
            {
                _waiters.Remove(waiter);
            }
        }
    }

    private async Task PollAsync()
    {
        while (true)
        {
            NpgsqlLogSequenceNumber? replayed = null;
            try
            {
                Interlocked.Increment(ref _reads);
                replayed = await readReplayed(CancellationToken.None);
                Volatile.Write(ref _lastError, replayed is null ? "it reports no replay position (is it still a replica?)" : null);
            }
            catch (Exception ex)
            {
                Volatile.Write(ref _lastError, Data.DatabaseFaults.IsUnavailable(ex) ? Data.DatabaseFaults.Describe(ex) : ex.Message);
            }
            lock (_gate)
            {
                if (replayed is { } position)
                {
                    foreach (var waiter in _waiters.Where(w => w.Lsn <= position))
                    {
                        waiter.Released.TrySetResult(position);
                    }
                    _waiters.RemoveAll(w => w.Released.Task.IsCompleted);
                }
                if (_waiters.Count == 0)
                {
                    _polling = false;
                    return;
                }
            }
            await Task.Delay(replayed is null ? RetryAfterError : PollInterval, time);
        }
    }

    private sealed class Waiter(NpgsqlLogSequenceNumber lsn)
    {
        public NpgsqlLogSequenceNumber Lsn { get; } = lsn;
        public TaskCompletionSource<NpgsqlLogSequenceNumber> Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>The replayed position once it reached the wait's LSN (null: not within the timeout), and the last read error meanwhile.</summary>
public sealed record ReplayWait(NpgsqlLogSequenceNumber? Replayed, string? LastError);
