using Dashboard.Client.Live;

namespace Dashboard.Client.Wallboard;

/// <summary>
/// A replica's ring as a small chart: at most <see cref="MaxPoints"/> values (the worst known lag of each slice of
/// the window), so a 1,200-point ring does not become 1,200 SVG points per tile per render. A slice with no known lag
/// is null, drawn as a gap, never as zero.
/// </summary>
public static class LagChartData
{
    public const int MaxPoints = 150;

    public static double?[] Values(IReadOnlyList<LagPointDto> points, DateTimeOffset end, TimeSpan window)
    {
        var values = new double?[MaxPoints];
        var start = end - window;
        var slice = window / MaxPoints;
        foreach (var point in points)
        {
            if (point.At < start || point.At > end || point.HeartbeatLagMs is not { } lag)
            {
                continue;
            }
            var index = Math.Min(MaxPoints - 1, (int)((point.At - start) / slice));
            values[index] = values[index] is { } worst ? Math.Max(worst, lag) : lag;
        }
        return values;
    }
}
