namespace Dashboard.Route53;

/// <summary>
/// A token bucket of one token, refilled every <c>spacing</c>: each caller reserves the next free moment in turn
/// (first come, first served) and waits for it on the <see cref="TimeProvider"/>, so requests leave evenly spaced and
/// tests drive the clock. Written instead of System.Threading.RateLimiting's TokenBucketRateLimiter because that one
/// measures replenishment with Stopwatch, which a FakeTimeProvider cannot move. A caller cancelled while waiting keeps
/// its reserved moment unused; the next caller still waits for its own.
/// </summary>
internal sealed class RequestPacer(TimeProvider time, TimeSpan spacing, int maxWaiting)
{
    private readonly Lock _gate = new();
    private TimeSpan _nextFree = TimeSpan.MinValue;

    public TimeSpan Spacing => spacing;

    /// <summary>Waits for this caller's turn. Throws when <c>maxWaiting</c> callers are ahead already, rather than queueing without end.</summary>
    public async Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_gate)
        {
            var now = Now();
            var turn = _nextFree > now ? _nextFree : now;
            wait = turn - now;
            if (wait > spacing * maxWaiting)
            {
                throw new InvalidOperationException($"More than {maxWaiting} Route 53 requests are waiting their turn; this one was not sent.");
            }
            _nextFree = turn + spacing;
        }
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    // Monotonic, from the provider's timestamp (not its wall clock, which may step).
    private TimeSpan Now() => time.GetElapsedTime(0);
}
