using Dashboard.Dns;
using Dashboard.Features.Regions;
using Dashboard.PowerDns;
using Dashboard.TestSupport;

namespace Dashboard.IntegrationTests;

public sealed class RegionLintTests(StackFixture fixture)
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>The configured zones' tiers, as the dashboard assigns them at start-up (which this suite does not run).</summary>
    private async Task SeedDemoTiersAsync()
    {
        foreach (var zone in fixture.Stack.Options.Zones)
        {
            await using var command = fixture.Get<Dashboard.Data.RegionDataSources>().Primary.CreateCommand(
                "INSERT INTO dashboard.zone_tiers (zone_name, tier) VALUES ($1, $2) ON CONFLICT DO NOTHING");
            command.Parameters.AddWithValue(zone.Name);
            command.Parameters.AddWithValue(zone.Tier.ToString());
            await command.ExecuteNonQueryAsync(Cancel);
        }
    }

    [Fact]
    public async Task Catalog_DemoZones_ReadsTheirTtlsAndTierPolicies()
    {
        await SeedDemoTiersAsync();
        var ttls = await fixture.Get<ZoneCatalog>().TtlsAsync(TimeSpan.Zero, Cancel);

        var demo = ttls.ShouldNotBeNull().Where(z => z.Zone.EndsWith(".tunnel.test", StringComparison.Ordinal)).ToList();
        demo.ShouldBe([
            new ZoneTtls("free.tunnel.test", 60, 10, 30, new ZonePolicy(new TtlBounds(10, 3600, "free"), 30, 30)),
            new ZoneTtls("pro.tunnel.test", 300, 60, 60, new ZonePolicy(new TtlBounds(30, 86400, "pro"), 300, 300)),
        ]);
    }

    [Fact]
    public async Task Lint_RealPowerDnsConfigOnDemoZones_SaysWhereCachesOutlastTheZones()
    {
        await SeedDemoTiersAsync();
        var api = fixture.Get<PowerDnsApiClient>();
        var ttls = (await fixture.Get<ZoneCatalog>().TtlsAsync(TimeSpan.Zero, Cancel)).ShouldNotBeNull();
        var demo = ttls.Where(z => z.Zone.EndsWith(".tunnel.test", StringComparison.Ordinal)).ToList();

        foreach (var region in fixture.Stack.Options.Regions)
        {
            var settings = PowerDnsCacheSettings.From(await api.GetConfigAsync(region, Cancel));

            CacheLint.Check(settings, demo).Select(f => $"{f.Severity}: {f.Text}").ShouldBe([
                "Warning: cache-ttl 20 s, query-cache-ttl 20 s: a change written without a cache flush (SQL, the tunnel service) can be answered stale here for up to 40 s, never longer per cache than the record's TTL; longer than the smallest record TTL of free.tunnel.test (30 s: stale up to 40 s). The dashboard flushes what it changes",
                "Warning: negquery-cache-ttl 60 s: a name asked for before it exists stays NXDOMAIN here for up to 60 s, longer than the negative TTL of free.tunnel.test (10 s) (the free tier allows at most 30 s): resolvers ask again sooner and still get the miss. Only a cache flush of the name ends it",
                "Info: zone-cache-refresh-interval 0 s: the zone cache is off; a new zone answers at once, and a cache flush opens no database connection",
                "Info: zone-metadata-cache-ttl 60 s: a change to a zone's metadata (SOA-EDIT, ALLOW-AXFR-FROM, …) takes up to 60 s to apply here",
            ], region.Name);
        }
    }

    [Fact]
    public async Task Probe_EveryRegion_ShowsSettingsAndLint()
    {
        var statuses = await RegionMonitor.ProbeRegionsAsync(fixture.Get<IRegionProbe>(), fixture.Stack.Options.Regions, Cancel);

        foreach (var status in statuses)
        {
            var config = status.Config.ShouldNotBeNull();
            config.Error.ShouldBeNull(status.Name);
            config.Settings.ShouldNotBeNull().NegQueryCacheTtl.Seconds.ShouldBe(60);
            var negative = config.Lint.Where(f => f.Setting == "negquery-cache-ttl" && f.Severity == LintSeverity.Warning).ShouldHaveSingleItem();
            negative.Text.ShouldContain("free.tunnel.test (10 s)");
        }
    }

    [Fact]
    public async Task Probe_ZoneOnlyInTheDatabase_IsProbedInEveryRegionAndAnswersOnceFlushed()
    {
        // Not in Dashboard:Zones: written straight into PowerDNS's tables, as another tool would.
        await using var zone = await ThrowawayZone.InsertAsync(fixture.Services, "Free", prefix: "lint");
        fixture.Stack.Options.Zones.ShouldNotContain(z => z.Name == zone.Name);
        var probe = fixture.Get<IRegionProbe>();
        var api = fixture.Get<PowerDnsApiClient>();

        foreach (var region in fixture.Stack.Options.Regions)
        {
            // Until its replica has replayed the insert and the zone cache knows it, the zone is listed but not answering.
            ZoneSoaStatus? soa = null;
            for (var attempt = 0; attempt < 50 && soa?.IsAnswering != true; attempt++)
            {
                await api.FlushCacheAsync(region, zone.Name, Cancel);
                var status = await probe.ProbeAsync(region, Cancel);
                soa = status.Zones.Where(z => z.Zone == zone.Name).ShouldHaveSingleItem();
                if (!soa.IsAnswering)
                {
                    await Task.Delay(100, Cancel);
                }
            }
            soa.ShouldNotBeNull().Serial.ShouldBe(2026010107u, $"{region.Name}: {soa.Error}");
        }
    }
}
