using Bunit;
using Dashboard.Configuration;
using Dashboard.Features.Auth;
using Dashboard.Features.Regions;
using Dashboard.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Components.Tests.Regions;

public sealed class RegionsPageTests : DashboardTestContext
{
    private readonly RegionStatusStore _store = new(TimeProvider.System);
    private readonly TestRegionProbe _probe = new(region => Healthy(region.Name, region.Role));

    public RegionsPageTests()
    {
        Services.AddSingleton(_store);
        var options = Microsoft.Extensions.Options.Options.Create(new DashboardOptions
        {
            Regions = [new RegionOptions { Name = "us", Role = RegionRole.Primary }, new RegionOptions { Name = "ap", Role = RegionRole.Replica }],
        });
        var monitor = new RegionMonitor(_probe, _store, new Dashboard.Data.PrimaryAvailability(TimeProvider.System), options, TimeProvider.System, NullLogger<RegionMonitor>.Instance);
        Services.AddSingleton(monitor);
        Services.AddSingleton(new RegionChecks(monitor, _store));
        SignInAs(Roles.OnCall);
    }

    private static RegionStatus Healthy(string name, RegionRole role) => new(
        name, role, DateTimeOffset.UtcNow,
        new DatabaseStatus(true, role, "streaming", null),
        new PowerDnsStatus(true, "4.7.3", null),
        [new ZoneSoaStatus("free.tunnel.test", true, 2026112201, "NoError", null)]);

    private static RegionStatus DatabaseDown(string name, RegionRole role) => Healthy(name, role) with
    {
        Database = DatabaseStatus.Down("connection refused"),
    };

    [Fact]
    public void Render_BeforeFirstProbe_SaysItIsProbing()
    {
        var page = Render<RegionsPage>();

        page.Find("[data-testid=regions-pending]").TextContent.ShouldContain("Probing regions");
    }

    [Fact]
    public void Render_HealthyRegions_ShowsEachWithVersionAndSerial()
    {
        _store.Publish([Healthy("us", RegionRole.Primary), Healthy("ap", RegionRole.Replica)], DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);

        var page = Render<RegionsPage>();

        page.FindAll("[data-health=healthy]").Count.ShouldBe(2);
        var us = page.Find("[data-testid=region-us]");
        us.TextContent.ShouldContain("primary");
        us.QuerySelector("[data-testid=database]")!.TextContent.ShouldContain("up, primary");
        us.QuerySelector("[data-testid=powerdns]")!.TextContent.ShouldContain("PowerDNS 4.7.3");
        us.QuerySelector("[data-testid='soa-free.tunnel.test']")!.TextContent.ShouldContain("serial 2026112201");
        page.FindAll("[data-testid=problems]").ShouldBeEmpty();
    }

    [Fact]
    public void Render_RegionDown_ShowsDownWithReasonNotAnError()
    {
        _store.Publish([Healthy("us", RegionRole.Primary), DatabaseDown("ap", RegionRole.Replica)], DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);

        var page = Render<RegionsPage>();

        var ap = page.Find("[data-testid=region-ap]");
        ap.GetAttribute("data-health").ShouldBe("down");
        ap.QuerySelector("[data-testid=health]")!.TextContent.ShouldContain("Down");
        ap.QuerySelector("[data-testid=problems]")!.TextContent.ShouldContain("database down: connection refused");
        page.Find("[data-testid=region-us]").GetAttribute("data-health").ShouldBe("healthy");
    }

    [Fact]
    public void Render_ConfigRead_ShowsSettingsAndLintLinesBySeverity()
    {
        var settings = Dashboard.PowerDns.PowerDnsCacheSettings.From([new("cache-ttl", "20"), new("negquery-cache-ttl", "60")]);
        var config = new RegionConfigStatus(settings, DateTimeOffset.UtcNow, null, [
            new LintFinding(LintSeverity.Warning, "negquery-cache-ttl", "negquery-cache-ttl 60 s: longer than free.tunnel.test's 10 s"),
            new LintFinding(LintSeverity.Info, "zone-cache-refresh-interval", "REFUSED for up to 5 min"),
        ]);
        _store.Publish([Healthy("us", RegionRole.Primary) with { Config = config }], DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);

        var page = Render<RegionsPage>();

        var us = page.Find("[data-testid=region-us]");
        us.QuerySelector("[data-testid=setting-cache-ttl]")!.TextContent.ShouldBe("cache-ttl 20 s");
        us.QuerySelector("[data-testid=setting-query-cache-ttl]")!.TextContent.ShouldBe("query-cache-ttl: not reported by this PowerDNS");
        var lines = us.QuerySelectorAll("[data-testid=lint-line]");
        lines.Select(l => l.GetAttribute("data-severity")).ShouldBe(["warning", "info"]);
        lines[0].TextContent.ShouldContain("longer than free.tunnel.test's 10 s");
        us.GetAttribute("data-health").ShouldBe("healthy");
    }

    [Fact]
    public void Render_ConfigNotRead_SaysSoForTheConfigOnly()
    {
        _store.Publish([Healthy("ap", RegionRole.Replica) with { Config = RegionConfigStatus.NotRead("settings not read: connection refused") }], DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);

        var page = Render<RegionsPage>();

        var ap = page.Find("[data-testid=region-ap]");
        ap.QuerySelector("[data-testid=config]")!.TextContent.ShouldContain("settings not read: connection refused");
        ap.QuerySelectorAll("[data-testid=lint-line]").ShouldBeEmpty();
        ap.QuerySelector("[data-testid=powerdns]")!.TextContent.ShouldContain("PowerDNS 4.7.3");
    }

    [Fact]
    public void Publish_AfterRender_UpdatesThePage()
    {
        _store.Publish([Healthy("ap", RegionRole.Replica)], DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        var page = Render<RegionsPage>();

        _store.Publish([DatabaseDown("ap", RegionRole.Replica)], DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);

        page.WaitForAssertion(() => page.Find("[data-testid=region-ap]").GetAttribute("data-health").ShouldBe("down"));
    }

    [Fact]
    public void CheckNow_ProbesEveryRegionAndShowsResult()
    {
        var page = Render<RegionsPage>();

        page.Find("[data-testid=check-now]").Click();

        page.WaitForAssertion(() => page.FindAll("[data-testid^=region-]").Count.ShouldBe(2));
        _probe.Calls.ShouldBe(2);
    }

    [Fact]
    public void Render_ActorWhoMayNotReadRegions_IsToldSoAndSeesNoRegionNorCheckNow()
    {
        // The last registration wins: an actor whose roles allow neither reading regions nor checks (Abuse).
        SignInAs(Roles.Abuse);
        _store.Publish([Healthy("us", RegionRole.Primary)], DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);

        var page = Render<RegionsPage>();

        page.Find("[data-testid=access-denied]");
        page.FindAll("[data-testid^=region-]").ShouldBeEmpty();
        page.FindAll("[data-testid=check-now]").ShouldBeEmpty();
    }

    [Fact]
    public void Dispose_Page_Unsubscribes()
    {
        var page = Render<RegionsPage>();
        page.Instance.Dispose();

        // A publish after disposal must not try to render a disposed component.
        Should.NotThrow(() => _store.Publish([Healthy("us", RegionRole.Primary)], DateTimeOffset.UtcNow, DateTimeOffset.UtcNow));
    }
}
