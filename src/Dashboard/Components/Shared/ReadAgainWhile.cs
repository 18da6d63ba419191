namespace Dashboard.Components.Shared;

/// <summary>
/// A component's "read again every <see cref="Interval"/> while something is still being confirmed": one loop at a
/// time, each read on the component's dispatcher, ended when the component is disposed (<see cref="Stopped"/> cancels
/// the reads in flight too). Used by the pages that show a stored propagation timeline still being written.
/// </summary>
public sealed class ReadAgainWhile(TimeProvider time) : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _stopped = new();
    private bool _running;

    /// <summary>Cancelled when the component is disposed.</summary>
    public CancellationToken Stopped => _stopped.Token;

    /// <summary>
    /// Starts the loop if <paramref name="needed"/> holds and none runs: every <see cref="Interval"/>,
    /// <paramref name="read"/> through <paramref name="dispatch"/> (the component's InvokeAsync), until <paramref name="needed"/> no longer holds.
    /// </summary>
    public void StartIfNeeded(Func<bool> needed, Func<Func<Task>, Task> dispatch, Func<Task> read)
    {
        if (!_running && !_stopped.IsCancellationRequested && needed())
        {
            _ = RunAsync(needed, dispatch, read);
        }
    }

    private async Task RunAsync(Func<bool> needed, Func<Func<Task>, Task> dispatch, Func<Task> read)
    {
        _running = true;
        try
        {
            while (needed())
            {
                await Task.Delay(Interval, time, _stopped.Token);
                await dispatch(read);
            }
        }
        catch (OperationCanceledException)
        {
            // The component was disposed.
        }
        finally
        {
            _running = false;
        }
    }

    /// <summary>Stops the loop. The token source is not disposed: a read in flight still holds its token.</summary>
    public void Dispose() => _stopped.Cancel();
}
