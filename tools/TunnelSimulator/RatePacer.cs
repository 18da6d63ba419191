namespace TunnelSimulator;

/// <summary>
/// Spaces operations at <see cref="Rate"/> per second on a fixed schedule (the n-th is due at n / rate from the start),
/// so a slow operation is made up by a shorter wait after it. When it falls more than <see cref="MaxBacklog"/> behind
/// (the primary was down, the machine busy) the schedule restarts from now instead of bursting to catch up.
/// </summary>
public sealed class RatePacer
{
    public static readonly TimeSpan MaxBacklog = TimeSpan.FromSeconds(1);

    private TimeSpan _start;
    private long _issued;

    public RatePacer(double rate, TimeSpan now)
    {
        if (!(rate > 0) || double.IsInfinity(rate))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "The rate must be a positive number of changes per second.");
        }
        Rate = rate;
        _start = now;
    }

    public double Rate { get; }

    /// <summary>How long to wait, from <paramref name="now"/>, before the next operation; counts that operation as issued.</summary>
    public TimeSpan Next(TimeSpan now)
    {
        var due = _start + TimeSpan.FromSeconds(_issued / Rate);
        if (now - due > MaxBacklog)
        {
            _start = now;
            _issued = 0;
            due = now;
        }
        _issued++;
        return due > now ? due - now : TimeSpan.Zero;
    }
}
