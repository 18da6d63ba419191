using Bunit;
using Dashboard.Client.Live;
using Dashboard.Configuration;
using Dashboard.Features.Auth;
using Dashboard.Features.Lag;
using Dashboard.Features.Regions;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Components.Tests.Lag;

public sealed class LagPageTests : DashboardTestContext
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly LagStore _lag = new(TimeProvider.System);
    private readonly AlertStore _alerts = new(TimeProvider.System);
    private readonly FakeHistory _history = new();
    private readonly FakeAlertCommands _commands = new();
    private readonly FakeDrills _drills = new();

    public LagPageTests()
    {
        Services.AddSingleton(_lag);
        Services.AddSingleton(_alerts);
        Services.AddSingleton(new RegionStatusStore(TimeProvider.System));
        Services.AddSingleton<ILagHistory>(_history);
        Services.AddSingleton<ILagMinuteHistory>(_history);
        Services.AddSingleton<IAlertCommands>(_commands);
        Services.AddSingleton<ILagDrills>(_drills);
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new DashboardOptions
        {
            Regions = [new RegionOptions { Name = "us", Role = RegionRole.Primary }, new RegionOptions { Name = "eu", Role = RegionRole.Replica }, new RegionOptions { Name = "ap", Role = RegionRole.Replica }],
        }));
        SignInAs(Roles.OnCall);
    }

    private static LagSampleDto Sample(string region, ReplicaState state, double? lagMs, string? problem = null) =>
        new(region, Now, state, lagMs, lagMs, 1, 1, lagMs is null ? null : 120, 0, state == ReplicaState.Streaming ? "streaming" : null, problem);

    private static AlertDto Alert(long id, string region, string? acknowledgedBy = null) =>
        new(id, region, AlertSeverity.Critical, "disconnected: no WAL from the primary", Now.AddMinutes(-2), null, null,
            acknowledgedBy, acknowledgedBy is null ? null : Now, acknowledgedBy is null ? null : "on it");

    [Fact]
    public void Render_ShowsEachReplicasLag_AndUnknownLagAsADashNeverZero()
    {
        _lag.Publish(new LagSnapshot([Sample("eu", ReplicaState.Streaming, 12.4), Sample("ap", ReplicaState.Unreachable, null, "connection refused")], 1, Now));

        var page = Render<LagPage>();

        page.Find("[data-testid=lag-eu]").TextContent.ShouldBe("12 ms");
        page.Find("[data-testid=lag-card-eu]").GetAttribute("data-state").ShouldBe("streaming");
        page.Find("[data-testid=lag-ap]").TextContent.ShouldBe("—");
        page.Find("[data-testid=lag-card-ap]").GetAttribute("data-state").ShouldBe("unreachable");
        page.Find("[data-testid=problem-ap]").TextContent.ShouldContain("connection refused");
        page.Find("[data-testid=bytes-ap]").TextContent.ShouldBe("—");
    }

    [Fact]
    public void Publish_AfterRender_UpdatesTheNumbersLive()
    {
        _lag.Publish(new LagSnapshot([Sample("eu", ReplicaState.Streaming, 12)], 1, Now));
        var page = Render<LagPage>();

        _lag.Publish(new LagSnapshot([Sample("eu", ReplicaState.Streaming, 1450)], 2, Now));

        page.WaitForAssertion(() => page.Find("[data-testid=lag-eu]").TextContent.ShouldBe("1.5 s"));
    }

    [Fact]
    public void Range_FromTheUrl_ChoosesTheSource_AndAnUnknownOneIsSaidAndIgnored()
    {
        _history.Points = [new LagPointDto(Now.AddSeconds(-2), ReplicaState.Streaming, 10), new LagPointDto(Now.AddSeconds(-1), ReplicaState.Disconnected, null)];
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();

        navigation.NavigateTo(DashboardUrls.LagUrl("24h"));
        var page = Render<LagPage>();
        _history.MinuteReads.ShouldBe(1);
        page.Find("[data-testid=range-24h]").ClassList.ShouldContain("mud-button-filled");

        navigation.NavigateTo(DashboardUrls.LagUrl("3y"));
        var other = Render<LagPage>();
        other.Find("[data-testid=ignored-query]").TextContent.ShouldContain("range \"3y\"");
        other.Find("[data-testid=lag-chart]").GetAttribute("data-range").ShouldBe("5m");
    }

    [Fact]
    public void Acknowledge_AsOnCall_SendsTheNote_AndARefusalIsShown()
    {
        _alerts.Publish([Alert(7, "ap")]);
        var page = Render<LagPage>();

        page.Find("[data-testid=ack-note-7]").Change("restarting ap's replica");
        page.Find("[data-testid=ack-7]").Click();

        page.WaitForAssertion(() => _commands.Acknowledged.ShouldBe([(7L, "restarting ap's replica")]));
        _commands.Refuse = "A note is required.";
        page.Find("[data-testid=ack-7]").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=ack-error]").TextContent.ShouldContain("A note is required."));
    }

    [Fact]
    public void PropagationAlert_IsListedBesideTheRegionsLagAlert_AndCanBeAcknowledged()
    {
        SignInAs(Roles.OnCall);
        _alerts.Publish([
            Alert(7, "ap"),
            new AlertDto(9, "ap", AlertSeverity.Warning, "not yet visible in ap: x.test serial 2026120102: its PowerDNS API refused the cache flush (connection refused); still watching",
                Now.AddSeconds(-30), null, null, null, null, null, AlertKind.Propagation),
        ]);

        var page = Render<LagPage>();

        page.Find("[data-testid=open-alert-ap]").GetAttribute("data-kind").ShouldBe("Lag");
        var propagation = page.Find("[data-testid=open-propagation-alert-ap]");
        propagation.GetAttribute("data-severity").ShouldBe("warning");
        propagation.TextContent.ShouldContain("not yet visible in ap: x.test serial 2026120102");
        page.FindAll("[data-testid=ack-9]").Count.ShouldBe(1);
    }

    [Fact]
    public void Alerts_AreShownToEveryReader_ButOnlyThoseWhoMayAcknowledgeGetTheButton_AndOnlyAdminsTheDrill()
    {
        SignInAs(Roles.Operator);
        _alerts.Publish([Alert(7, "ap"), Alert(8, "eu", acknowledgedBy: "oncall")]);

        var page = Render<LagPage>();

        page.Find("[data-testid=open-alert-ap]").GetAttribute("data-severity").ShouldBe("critical");
        page.FindAll("[data-testid=ack-7]").ShouldBeEmpty();
        page.Find("[data-testid=acknowledged-8]").TextContent.ShouldContain("oncall");
        page.FindAll("[data-testid=drill-panel]").ShouldBeEmpty();
    }

    [Fact]
    public void Drill_WhileOn_IsBannered_AndAdminCanStopIt()
    {
        SignInAs(Roles.Admin);
        _drills.Delays["eu"] = TimeSpan.FromMilliseconds(500);

        var page = Render<LagPage>();

        page.Find("[data-testid=drill-on-eu]").TextContent.ShouldContain("500 ms late");
        page.FindAll("[data-testid=drill-on-ap]").ShouldBeEmpty();
        page.Find("[data-testid=drill-stop]").Click();
        page.WaitForAssertion(() => page.FindAll("[data-testid=drill-on-eu]").ShouldBeEmpty());
        _drills.Log.ShouldBe(["stop eu by test-user"]);
    }

    private sealed class FakeHistory : ILagHistory, ILagMinuteHistory
    {
        public IReadOnlyList<LagPointDto> Points { get; set; } = [];
        public int MinuteReads { get; private set; }

        public IReadOnlyList<LagSeriesDto> Recent(TimeSpan window) => [new LagSeriesDto("eu", Points)];

        public Task<IReadOnlyList<LagMinuteSeries>> ReadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
        {
            MinuteReads++;
            return Task.FromResult<IReadOnlyList<LagMinuteSeries>>([new LagMinuteSeries("eu", [new LagMinute(from.AddMinutes(1), 1, 2, 3, 3, 60, 0)])]);
        }
    }

    private sealed class FakeAlertCommands : IAlertCommands
    {
        public List<(long, string)> Acknowledged { get; } = [];
        public string? Refuse { get; set; }

        public Task<AlertDto> AcknowledgeAsync(Actor actor, long alertId, string note, CancellationToken cancellationToken)
        {
            actor.Demand(Permission.AcknowledgeAlerts);
            if (Refuse is { } reason)
            {
                throw new AlertCommandException(reason);
            }
            Acknowledged.Add((alertId, note));
            return Task.FromResult(Alert(alertId, "ap", actor.UserName));
        }
    }

    private sealed class FakeDrills : ILagDrills
    {
        public Dictionary<string, TimeSpan> Delays { get; } = new() { ["eu"] = TimeSpan.Zero, ["ap"] = TimeSpan.Zero };
        public List<string> Log { get; } = [];

        public Task<IReadOnlyList<LagDrillStatus>> ReadAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<LagDrillStatus>>(Delays.Select(d => new LagDrillStatus(d.Key, d.Value, null)).ToList());

        public Task StartAsync(Actor actor, string region, TimeSpan delay, CancellationToken cancellationToken)
        {
            actor.Demand(Permission.RunLagDrills);
            Log.Add($"start {region} {delay.TotalMilliseconds} by {actor.UserName}");
            Delays[region] = delay;
            return Task.CompletedTask;
        }

        public Task StopAsync(Actor actor, string region, CancellationToken cancellationToken)
        {
            actor.Demand(Permission.RunLagDrills);
            Log.Add($"stop {region} by {actor.UserName}");
            Delays[region] = TimeSpan.Zero;
            return Task.CompletedTask;
        }
    }
}
