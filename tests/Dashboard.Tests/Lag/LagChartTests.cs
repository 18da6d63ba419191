using Dashboard.Client.Live;
using Dashboard.Features.Lag;

namespace Dashboard.Tests.Lag;

public sealed class LagChartTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-30T03:12:00Z");

    [Fact]
    public void FromSamples_FoldsIntoBucketsByTheWorstLag_AndKeepsAnAllUnknownBucketAsAGap()
    {
        LagPointDto[] points =
        [
            new(T0, ReplicaState.Streaming, 10),
            new(T0.AddSeconds(4), ReplicaState.Streaming, 900),
            new(T0.AddSeconds(9), ReplicaState.Streaming, 20),
            new(T0.AddSeconds(10), ReplicaState.Disconnected, null),
            new(T0.AddSeconds(21), ReplicaState.Streaming, 5),
        ];

        var chart = LagChart.FromSamples(points, TimeSpan.FromSeconds(10));

        chart.ShouldBe([new ChartPoint(T0, 900), new ChartPoint(T0.AddSeconds(10), null), new ChartPoint(T0.AddSeconds(20), 5)]);
    }

    [Fact]
    public void FromSamples_WithoutABucket_KeepsEverySample()
    {
        LagPointDto[] points = [new(T0, ReplicaState.Streaming, 10), new(T0.AddMilliseconds(250), ReplicaState.Streaming, 11)];

        LagChart.FromSamples(points, TimeSpan.Zero).Count.ShouldBe(2);
    }

    [Fact]
    public void FromMinutes_PlotsEachBucketsWorstMinute()
    {
        LagMinute[] minutes = [new(T0, 1, 2, 40, 30, 60, 0), new(T0.AddMinutes(1), 1, 2, 700, 30, 60, 0), new(T0.AddMinutes(5), null, null, null, null, 60, 60)];

        var chart = LagChart.FromMinutes(minutes, TimeSpan.FromMinutes(5));

        chart.ShouldBe([new ChartPoint(T0.AddMinutes(-2), 700), new ChartPoint(T0.AddMinutes(3), null)]);
    }

    [Theory]
    [InlineData(null, "—")]
    [InlineData(0.4, "0 ms")]
    [InlineData(12.4, "12 ms")]
    [InlineData(999.4, "999 ms")]
    [InlineData(1450.0, "1.5 s")]
    [InlineData(125_000.0, "2 min 5 s")]
    public void Format_SaysLagInTheUnitAPersonReads(double? ms, string expected) => LagChart.Format(ms).ShouldBe(expected);

    [Theory]
    [InlineData(null, "—")]
    [InlineData(512L, "512 B")]
    [InlineData(3277L, "3.2 kB")]
    [InlineData(1572864L, "1.5 MB")]
    public void FormatBytes_SaysSizes(long? bytes, string expected) => LagChart.FormatBytes(bytes).ShouldBe(expected);

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("2s", 2000)]
    [InlineData("1min", 60000)]
    [InlineData(" 250ms ", 250)]
    public void ParseDelay_ReadsPostgresUnits(string text, int ms) => LagDrills.ParseDelay(text).ShouldBe(TimeSpan.FromMilliseconds(ms));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("500")]
    [InlineData("-1s")]
    [InlineData("1h")]
    [InlineData("1s; DROP TABLE records")]
    public void ParseDelay_RefusesAnythingElse(string? text) => LagDrills.ParseDelay(text).ShouldBeNull();
}
