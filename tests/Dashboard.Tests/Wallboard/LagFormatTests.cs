using Dashboard.Client.Live;
using Dashboard.Client.Wallboard;

namespace Dashboard.Tests.Wallboard;

public sealed class LagFormatTests
{
    [Theory]
    [InlineData(null, "—")]
    [InlineData(double.NaN, "—")]
    [InlineData(0.0, "0 ms")]
    [InlineData(12.4, "12 ms")]
    [InlineData(999.4, "999 ms")]
    [InlineData(999.6, "1.0 s")]
    [InlineData(1000.0, "1.0 s")]
    [InlineData(1449.0, "1.4 s")]
    [InlineData(59_940.0, "59.9 s")]
    [InlineData(59_960.0, "1 min 00 s")]
    [InlineData(185_000.0, "3 min 05 s")]
    [InlineData(-3.0, "0 ms")]
    public void Lag_Milliseconds_ReadableWithUnknownAsDash(double? ms, string expected) => LagFormat.Lag(ms).ShouldBe(expected);

    [Theory]
    [InlineData(null, "—")]
    [InlineData(0L, "0 B")]
    [InlineData(1023L, "1023 B")]
    [InlineData(1536L, "1.5 KiB")]
    [InlineData(5L * 1024 * 1024, "5.0 MiB")]
    [InlineData(3L * 1024 * 1024 * 1024, "3.0 GiB")]
    public void Bytes_Sizes_ReadableWithUnknownAsDash(long? bytes, string expected) => LagFormat.Bytes(bytes).ShouldBe(expected);

    [Fact]
    public void ChartValues_UnknownLag_IsAGapNeverZero()
    {
        var end = new DateTimeOffset(2026, 11, 30, 12, 5, 0, TimeSpan.Zero);
        LagPointDto[] points =
        [
            new(end.AddMinutes(-4), ReplicaState.Streaming, 20),
            new(end.AddMinutes(-2), ReplicaState.Unreachable, null),
            new(end, ReplicaState.Streaming, 30),
        ];

        var values = LagChartData.Values(points, end, WallboardModel.Window);

        values.Length.ShouldBe(LagChartData.MaxPoints);
        values.Count(v => v is not null).ShouldBe(2);
        values.ShouldNotContain(0.0);
        values[^1].ShouldBe(30);
    }
}
