namespace Dashboard.Data;

/// <summary>
/// A database read whose answer is waited for at most a bound. A cancelled token does not end a statement on a server
/// that has stopped answering (a paused or hung postmaster) at once: Npgsql asks that same server to cancel it, over a
/// new connection, and waits for the answer, which such a server never gives; measured here, a names read bounded at
/// 1 s ended after about 20 s. So the caller gets its verdict at the bound (a <see cref="TimeoutException"/>), and the
/// read is left to end on its own; its failure is observed, never unobserved, and its token source disposed after it.
/// </summary>
public static class BoundedRead
{
    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> read, TimeSpan bound, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(bound);
        Task<T> reading;
        try
        {
            reading = read(timeout.Token);
        }
        catch
        {
            timeout.Dispose();
            throw;
        }
        // The read owns the token source until it ends (a disposed source would never cancel it).
        _ = reading.ContinueWith(t =>
        {
            timeout.Dispose();
            return t.Exception;
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return await reading.WaitAsync(bound, time, cancellationToken);
    }
}
