using Dashboard.Client.Live;
using Dashboard.Client.Wallboard;

namespace Dashboard.Tests.Wallboard;

public sealed class WallboardModelTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Five = ["us", "eu", "ap", "sa", "af"];

    private static RegionStatusDto Region(string name, bool healthy = true) =>
        new(name, name == "us" ? "primary" : "replica", healthy, [], T0, "4.7.3", []);

    private static LagSampleDto Sample(string region, double seconds, ReplicaState state = ReplicaState.Streaming, double? lag = 12) =>
        new(region, T0.AddSeconds(seconds), state, lag, null, null, null, lag is null ? null : 100, null, null, null);

    private static AlertDto Alert(long id) => new(id, "eu", AlertSeverity.Warning, "lag over 1 s", T0, null, 1500, null, null, null);

    [Fact]
    public void Tiles_FiveRegions_OneTileEachInConfigurationOrderPrimaryFirst()
    {
        var model = new WallboardModel();
        model.ApplyRegions(Five.Select(n => Region(n)).ToList());
        model.ApplySamples(Five.Skip(1).Select(n => Sample(n, 1)).ToList());

        var tiles = model.Tiles();

        tiles.Select(t => t.Name).ShouldBe(Five);
        tiles[0].StateName.ShouldBe("primary");
        tiles.Skip(1).ShouldAllBe(t => t.StateName == "streaming" && t.Points.Count == 1);
    }

    [Fact]
    public void Tiles_ReplicaWithoutSample_IsUnknownNotZero()
    {
        var model = new WallboardModel();
        model.ApplyRegions([Region("us"), Region("eu")]);

        var eu = model.Tiles()[1];

        eu.StateName.ShouldBe("unknown");
        eu.Latest.ShouldBeNull();
    }

    [Fact]
    public void ApplySamples_OlderThanLatest_DoesNotReplaceIt()
    {
        var model = new WallboardModel();
        model.ApplySamples([Sample("eu", 2, lag: 20)]);

        model.ApplySamples([Sample("eu", 1, lag: 10)]);

        model.Tiles().Single().Latest!.HeartbeatLagMs.ShouldBe(20);
    }

    [Fact]
    public void ApplyHistory_ThenPushes_MergeInOrder()
    {
        var model = new WallboardModel();
        model.ApplySamples([Sample("eu", 10)]);

        model.ApplyHistory([new LagSeriesDto("eu", [new(T0.AddSeconds(8), ReplicaState.Streaming, 8), new(T0.AddSeconds(9), ReplicaState.Streaming, 9)])]);
        model.ApplySamples([Sample("eu", 11)]);

        model.Tiles().Single().Points.Select(p => p.At).ShouldBe([T0.AddSeconds(8), T0.AddSeconds(9), T0.AddSeconds(10), T0.AddSeconds(11)]);
    }

    [Fact]
    public void ApplyAlerts_MoreThanTheCap_KeepsTheFirstAndCountsTheRest()
    {
        var model = new WallboardModel();

        model.ApplyAlerts(Enumerable.Range(1, WallboardModel.MaxAlerts + 7).Select(i => Alert(i)).ToList());

        model.Alerts.Count.ShouldBe(WallboardModel.MaxAlerts);
        model.AlertsLeftOut.ShouldBe(7);
    }

    [Fact]
    public void ApplyRegions_ReplicaRemovedFromConfiguration_DropsItsRing()
    {
        var model = new WallboardModel();
        model.ApplyRegions([Region("us"), Region("eu"), Region("ap")]);
        model.ApplySamples([Sample("eu", 1), Sample("ap", 1)]);

        model.ApplyRegions([Region("us"), Region("eu")]);

        model.RingCount.ShouldBe(1);
        model.Tiles().Select(t => t.Name).ShouldBe(["us", "eu"]);
    }

    [Fact]
    public void Connection_LiveThenCutOff_IsReconnectingSinceTheLastLiveMoment()
    {
        var model = new WallboardModel();
        model.Connection.ShouldBe(WallboardConnection.Connecting);

        model.Connected(T0);
        model.Disconnected(T0.AddSeconds(30), "server restarted");

        model.Connection.ShouldBe(WallboardConnection.Reconnecting);
        model.LiveUntil.ShouldBe(T0.AddSeconds(30));
        model.ConnectionProblem.ShouldBe("server restarted");
    }

    [Fact]
    public void RetryPolicy_NeverGivesUpOnOutages_StopsOnlyWhenSignInIsOver()
    {
        var jitter = 0.0;
        var policy = new ForeverRetryPolicy(() => jitter);
        TimeSpan? Next(long count, Exception? reason) => policy.NextRetryDelay(new Microsoft.AspNetCore.SignalR.Client.RetryContext { PreviousRetryCount = count, RetryReason = reason! });
        var attempts = new long[] { 0, 1, 2, 3, 4, 5, 1_000_000 };

        attempts.Select(c => Next(c, new IOException("refused"))).ShouldBe(
            [TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)]);
        // The most jitter adds 1 s, or half the step when that is more: a reconnect storm spreads, the order stays.
        jitter = 1;
        attempts.Select(c => Next(c, new IOException("refused"))).ShouldBe(
            [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(7.5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15)]);
        Next(3, new HttpRequestException("no", null, System.Net.HttpStatusCode.Unauthorized)).ShouldBeNull();
        jitter = 0.5;
        Next(3, new HttpRequestException("busy", null, System.Net.HttpStatusCode.ServiceUnavailable)).ShouldBe(TimeSpan.FromSeconds(6.25));
    }
}
