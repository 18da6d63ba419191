namespace Dashboard.Features.Lag;

/// <summary>Per-minute downsampling of heartbeat lag, and the retention cut-off. Pure.</summary>
public static class LagDownsampling
{
    public static DateTimeOffset MinuteOf(DateTimeOffset at) =>
        new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);

    /// <summary>
    /// One minute's figures from its samples' heartbeat lags (null = unknown: disconnected, unreachable, no heartbeat).
    /// Unknowns are counted, never averaged in as zero; p95 is the nearest-rank percentile of the known values.
    /// </summary>
    public static LagMinute Downsample(DateTimeOffset minute, IReadOnlyCollection<double?> lags)
    {
        var known = lags.Where(l => l.HasValue).Select(l => l!.Value).Order().ToArray();
        var unknown = lags.Count - known.Length;
        if (known.Length == 0)
        {
            return new LagMinute(minute, null, null, null, null, lags.Count, unknown);
        }
        var rank = (int)Math.Ceiling(0.95 * known.Length);
        return new LagMinute(minute, known[0], known.Average(), known[^1], known[rank - 1], lags.Count, unknown);
    }

    /// <summary>Minutes strictly before this are deleted: <paramref name="now"/> minus the retention, on a minute boundary.</summary>
    public static DateTimeOffset RetentionCutOff(DateTimeOffset now, TimeSpan retention) => MinuteOf(now - retention);
}

/// <summary>
/// Collects one replica's samples per minute and hands back each minute once a sample of a later minute arrives (or on
/// <see cref="Flush"/>). Not thread-safe: the sampler owns it.
/// </summary>
public sealed class MinuteAggregator
{
    private readonly Dictionary<string, (DateTimeOffset Minute, List<double?> Lags)> _open = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds a sample; returns the region's previous minute when this sample starts a new one.</summary>
    public (string Region, LagMinute Minute)? Add(string region, DateTimeOffset at, double? lag)
    {
        var minute = LagDownsampling.MinuteOf(at);
        (string, LagMinute)? finished = null;
        if (_open.TryGetValue(region, out var current))
        {
            if (current.Minute == minute)
            {
                current.Lags.Add(lag);
                return null;
            }
            finished = (region, LagDownsampling.Downsample(current.Minute, current.Lags));
        }
        _open[region] = (minute, [lag]);
        return finished;
    }

    /// <summary>Every region's unfinished minute (partial), emptied: for a role holder that stops.</summary>
    public IReadOnlyList<(string Region, LagMinute Minute)> Flush()
    {
        var partial = _open.Select(kv => (kv.Key, LagDownsampling.Downsample(kv.Value.Minute, kv.Value.Lags))).ToList();
        _open.Clear();
        return partial;
    }
}
