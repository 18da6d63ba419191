using Bunit;
using Dashboard.Client.Live;
using Dashboard.Client.Wallboard;

namespace Dashboard.Components.Tests.Wallboard;

/// <summary>The wallboard's view, rendered from a model (the hub connection is the e2e tests' business).</summary>
public sealed class WallboardViewTests : DashboardTestContext
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static RegionStatusDto Region(string name, bool healthy = true) =>
        new(name, name == "us" ? "primary" : "replica", healthy, healthy ? [] : ["database: connection refused"], T0, "4.7.3", []);

    private static LagSampleDto Sample(string region, ReplicaState state, double? lagMs, long? bytes = 0) =>
        new(region, T0, state, lagMs, null, null, null, bytes, null, null, null);

    private IRenderedComponent<WallboardView> Render(WallboardModel model) =>
        Render<WallboardView>(p => p.Add(v => v.Model, model).Add(v => v.Now, T0.AddSeconds(30)));

    private static WallboardModel Live(params string[] regions)
    {
        var model = new WallboardModel();
        model.ApplyRegions(regions.Select(r => Region(r)).ToList());
        model.Connected(T0);
        return model;
    }

    [Fact]
    public void Render_FiveRegions_ATileEachWithItsState()
    {
        var model = Live("us", "eu", "ap", "sa", "af");
        model.ApplySamples([
            Sample("eu", ReplicaState.Streaming, 12),
            Sample("ap", ReplicaState.Catchup, 1400, 5 * 1024 * 1024),
            Sample("sa", ReplicaState.Disconnected, null, null),
            Sample("af", ReplicaState.Unreachable, null, null),
        ]);

        var view = Render(model);

        view.Find("[data-testid=wallboard-region-us]").GetAttribute("data-state").ShouldBe("primary");
        view.Find("[data-testid=wallboard-region-eu]").GetAttribute("data-state").ShouldBe("streaming");
        view.Find("[data-testid=wallboard-region-ap]").GetAttribute("data-state").ShouldBe("catchup");
        view.Find("[data-testid=wallboard-region-sa]").GetAttribute("data-state").ShouldBe("disconnected");
        view.Find("[data-testid=wallboard-region-af]").GetAttribute("data-state").ShouldBe("unreachable");
        view.Find("[data-testid=wallboard-lag-eu]").TextContent.ShouldBe("12 ms");
        view.Find("[data-testid=wallboard-lag-ap]").TextContent.ShouldBe("1.4 s");
        view.Find("[data-testid=wallboard-bytes-ap]").TextContent.ShouldContain("5.0 MiB");
    }

    [Theory]
    [InlineData(ReplicaState.Disconnected, "DISCONNECTED")]
    [InlineData(ReplicaState.Unreachable, "UNREACHABLE")]
    public void Render_UnknownLag_ShowsADashNeverZeroAndTheStateInRed(ReplicaState state, string word)
    {
        var model = Live("us", "eu");
        model.ApplySamples([Sample("eu", state, null, null)]);

        var view = Render(model);

        var lag = view.Find("[data-testid=wallboard-lag-eu]");
        lag.TextContent.ShouldBe("—");
        lag.ClassList.ShouldContain("wb-lag-cutoff");
        view.Find("[data-testid=wallboard-state-eu]").TextContent.ShouldBe(word);
        view.Find("[data-testid=wallboard-bytes-eu]").TextContent.ShouldNotContain("0 B");
        view.Find("[data-testid=wallboard-chart-eu]").TextContent.ShouldContain("no known lag");
    }

    [Fact]
    public void Render_ReplicaBeforeItsFirstSample_ShowsADash()
    {
        var view = Render(Live("us", "eu"));

        view.Find("[data-testid=wallboard-lag-eu]").TextContent.ShouldBe("—");
        view.Find("[data-testid=wallboard-region-eu]").GetAttribute("data-state").ShouldBe("unknown");
    }

    [Fact]
    public void Render_LagOverTheCriticalThreshold_IsMarkedCritical()
    {
        var model = Live("us", "eu");
        model.ApplyOverview(new LagOverviewDto([Sample("eu", ReplicaState.Streaming, 6000)], [], [new LagThresholdsDto("eu", 1000, 5000)], 1000));

        var view = Render(model);

        view.Find("[data-testid=wallboard-lag-eu]").ClassList.ShouldContain("wb-lag-critical");
    }

    [Fact]
    public void Render_UnhealthyRegion_SaysSoWithTheProblem()
    {
        var model = new WallboardModel();
        model.ApplyRegions([Region("us"), Region("ap", healthy: false)]);

        var view = Render(model);

        view.Find("[data-testid=wallboard-health-ap]").TextContent.ShouldBe("unhealthy");
        view.Find("[data-testid=wallboard-region-ap]").TextContent.ShouldContain("connection refused");
    }

    [Fact]
    public void Render_CutOff_ShowsTheReconnectingBanner_AndLiveHidesIt()
    {
        var model = Live("us");
        model.Disconnected(T0.AddSeconds(10), "server gone");

        var view = Render(model);
        view.Find("[data-testid=wallboard-reconnecting]").TextContent.ShouldContain("Reconnecting");
        view.FindAll("[data-testid=wallboard-live]").ShouldBeEmpty();

        model.Connected(T0.AddSeconds(20));
        view.Render();
        view.FindAll("[data-testid=wallboard-reconnecting]").ShouldBeEmpty();
        view.Find("[data-testid=wallboard-live]");
    }

    [Fact]
    public void Render_OpenAlerts_ListsSeverityRegionCauseAndWhoAcknowledged()
    {
        var model = Live("us", "eu");
        model.ApplyAlerts([
            new AlertDto(7, "eu", AlertSeverity.Critical, "heartbeat lag 6.2 s over 5 s", T0, null, 6200, "oncall", T0.AddSeconds(5), "looking"),
            new AlertDto(6, "eu", AlertSeverity.Warning, "heartbeat lag 1.2 s over 1 s", T0, null, 1200, null, null, null),
        ]);

        var view = Render(model);

        var critical = view.Find("[data-testid=wallboard-alert-7]").TextContent;
        critical.ShouldContain("CRITICAL");
        critical.ShouldContain("heartbeat lag 6.2 s");
        critical.ShouldContain("oncall");
        critical.ShouldContain("30 s ago");
        view.Find("[data-testid=wallboard-alert-6]").TextContent.ShouldContain("—");
    }
}
