using Dashboard.Client.Live;
using Dashboard.Configuration;
using Dashboard.Features.Lag;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Lag;

public sealed class LagDownsamplingTests
{
    private static readonly DateTimeOffset Minute = new(2026, 11, 30, 12, 7, 0, TimeSpan.Zero);

    [Fact]
    public void Downsample_KnownAndUnknown_FiguresFromKnownOnlyAndUnknownsCounted()
    {
        double?[] lags = [100, null, 300, 200, null];

        var minute = LagDownsampling.Downsample(Minute, lags);

        minute.MinMs.ShouldBe(100);
        minute.MaxMs.ShouldBe(300);
        minute.MeanMs.ShouldBe(200);
        minute.Samples.ShouldBe(5);
        minute.Unknown.ShouldBe(2);
    }

    [Fact]
    public void Downsample_SixtySamples_P95IsNearestRank()
    {
        var lags = Enumerable.Range(1, 60).Select(i => (double?)i).Reverse().ToList();

        // ceil(0.95 * 60) = 57th smallest.
        LagDownsampling.Downsample(Minute, lags).P95Ms.ShouldBe(57);
    }

    [Fact]
    public void Downsample_OnlyUnknowns_NullFiguresNotZero()
    {
        var minute = LagDownsampling.Downsample(Minute, [null, null]);

        minute.MinMs.ShouldBeNull();
        minute.MeanMs.ShouldBeNull();
        minute.MaxMs.ShouldBeNull();
        minute.P95Ms.ShouldBeNull();
        minute.Unknown.ShouldBe(2);
    }

    [Fact]
    public void MinuteAggregator_SampleOfNextMinute_HandsBackThePreviousOnce()
    {
        var aggregator = new MinuteAggregator();
        aggregator.Add("eu", Minute.AddSeconds(1), 10).ShouldBeNull();
        aggregator.Add("ap", Minute.AddSeconds(1), 99).ShouldBeNull();
        aggregator.Add("eu", Minute.AddSeconds(59.9), 30).ShouldBeNull();

        var finished = aggregator.Add("eu", Minute.AddMinutes(1), 5);

        finished.ShouldNotBeNull();
        finished.Value.Region.ShouldBe("eu");
        finished.Value.Minute.Minute.ShouldBe(Minute);
        finished.Value.Minute.MeanMs.ShouldBe(20);
        finished.Value.Minute.Samples.ShouldBe(2);
        aggregator.Flush().Select(f => f.Region).Order().ShouldBe(["ap", "eu"]);
        aggregator.Flush().ShouldBeEmpty();
    }

    [Fact]
    public void RetentionCutOff_IsNowMinusRetentionOnAMinuteBoundary()
    {
        var now = new DateTimeOffset(2026, 11, 30, 12, 7, 42, TimeSpan.Zero);

        LagDownsampling.RetentionCutOff(now, TimeSpan.FromDays(7)).ShouldBe(new DateTimeOffset(2026, 11, 23, 12, 7, 0, TimeSpan.Zero));
    }

    [Fact]
    public void LagHistory_Recent_KeepsTheWindowBoundedPerReplicaInConfigurationOrder()
    {
        var time = new FakeTimeProvider(Minute);
        var options = Options.Create(new DashboardOptions
        {
            Regions = [new() { Name = "us", Role = RegionRole.Primary }, new() { Name = "eu", Role = RegionRole.Replica }, new() { Name = "ap", Role = RegionRole.Replica }],
            Lag = new LagOptions { SampleInterval = TimeSpan.FromSeconds(1) },
        });
        var history = new LagHistory(options, time);
        for (var i = 0; i < history.Capacity + 100; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            history.Append([
                new LagSampleDto("ap", time.GetUtcNow(), ReplicaState.Streaming, i, null, null, null, null, null, null, null),
                new LagSampleDto("eu", time.GetUtcNow(), ReplicaState.Unreachable, null, null, null, null, null, null, null, "down"),
            ]);
        }

        var hour = history.Recent(TimeSpan.FromHours(2));
        hour.Select(s => s.Region).ShouldBe(["eu", "ap"]);
        hour[1].Points.Count.ShouldBeLessThanOrEqualTo(3601);
        hour[1].Points[^1].HeartbeatLagMs.ShouldBe(history.Capacity + 99);
        hour[0].Points[^1].HeartbeatLagMs.ShouldBeNull();
        history.Recent(TimeSpan.FromSeconds(10))[1].Points.Count.ShouldBe(11);
    }
}
