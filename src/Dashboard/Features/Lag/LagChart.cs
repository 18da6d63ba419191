using System.Globalization;
using Dashboard.Client.Live;

namespace Dashboard.Features.Lag;

/// <summary>A range of the lag chart: its name in the URL, its span, and where its points come from.</summary>
/// <param name="FromMemory">True for ranges within the in-memory hour of full-resolution samples; false for the per-minute history in the database.</param>
/// <param name="Bucket">Points are folded into buckets this wide (the worst lag of each), so a chart never draws more than a few hundred points per region.</param>
public sealed record LagRange(string Name, string Label, TimeSpan Span, bool FromMemory, TimeSpan Bucket)
{
    public static readonly LagRange FiveMinutes = new("5m", "5 min", TimeSpan.FromMinutes(5), true, TimeSpan.Zero);
    public static readonly LagRange Hour = new("1h", "1 h", TimeSpan.FromHours(1), true, TimeSpan.FromSeconds(10));
    public static readonly LagRange Day = new("24h", "24 h", TimeSpan.FromDays(1), false, TimeSpan.FromMinutes(5));
    public static readonly LagRange Week = new("7d", "7 d", TimeSpan.FromDays(7), false, TimeSpan.FromMinutes(30));

    public static readonly IReadOnlyList<LagRange> All = [FiveMinutes, Hour, Day, Week];

    public static LagRange? Named(string? name) => All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One point of the chart: the worst heartbeat lag of its bucket, or null where none was known (a gap, never zero).</summary>
public readonly record struct ChartPoint(DateTimeOffset At, double? LagMs);

/// <summary>Shapes lag history into chart points: pure, so the page stays thin and this is unit-tested.</summary>
public static class LagChart
{
    /// <summary>Full-resolution samples folded into <paramref name="bucket"/>-wide buckets (the max of each); zero keeps every sample.</summary>
    public static IReadOnlyList<ChartPoint> FromSamples(IEnumerable<LagPointDto> points, TimeSpan bucket) =>
        Fold(points.Select(p => new ChartPoint(p.At, p.HeartbeatLagMs)), bucket);

    /// <summary>Per-minute history folded into buckets by each minute's max (the figure an alert cares about).</summary>
    public static IReadOnlyList<ChartPoint> FromMinutes(IEnumerable<LagMinute> minutes, TimeSpan bucket) =>
        Fold(minutes.Select(m => new ChartPoint(m.Minute, m.MaxMs)), bucket);

    private static List<ChartPoint> Fold(IEnumerable<ChartPoint> points, TimeSpan bucket)
    {
        if (bucket <= TimeSpan.Zero)
        {
            return [.. points];
        }
        return points
            .GroupBy(p => new DateTimeOffset(p.At.UtcTicks - p.At.UtcTicks % bucket.Ticks, TimeSpan.Zero))
            .Select(g => new ChartPoint(g.Key, g.Max(p => p.LagMs)))
            .OrderBy(p => p.At)
            .ToList();
    }

    /// <summary>"12 ms", "850 ms", "1.4 s", "2 min 5 s"; "—" for unknown.</summary>
    public static string Format(double? ms) => ms switch
    {
        null => "—",
        < 1000 => string.Create(CultureInfo.InvariantCulture, $"{ms.Value:0} ms"),
        < 60_000 => string.Create(CultureInfo.InvariantCulture, $"{ms.Value / 1000:0.0} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)(ms.Value / 60_000)} min {(int)(ms.Value % 60_000 / 1000)} s"),
    };

    /// <summary>"512 B", "3.2 kB", "1.5 MB"; "—" for unknown.</summary>
    public static string FormatBytes(long? bytes) => bytes switch
    {
        null => "—",
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes.Value / 1024.0:0.0} kB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes.Value / 1024.0 / 1024.0:0.0} MB"),
    };
}
