using Dashboard.Configuration;
using Dashboard.Data;
using Dashboard.Features.Regions;
using Dashboard.PowerDns;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Dashboard.IntegrationTests;

public sealed class StackTests(StackFixture fixture)
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StackStatus_EveryRegionUp_ExitsZeroAndNamesEachRegion()
    {
        var status = await fixture.Stack.RunScriptAsync("status");

        status.ShouldContain($"{fixture.Stack.Primary.Name}  primary  db=up  replication=");
        fixture.Stack.Replicas.ShouldNotBeEmpty();
        foreach (var replica in fixture.Stack.Replicas)
        {
            status.ShouldContain($"{replica.Name}:streaming");
            status.ShouldContain($"{replica.Name}  replica  db=up");
        }
    }

    [Fact]
    public async Task Probe_EveryRegion_IsHealthyWithActualRoles()
    {
        var probe = fixture.Get<IRegionProbe>();

        var statuses = await RegionMonitor.ProbeRegionsAsync(probe, fixture.Stack.Options.Regions, Cancel);

        string[] demo = ["free.tunnel.test", "pro.tunnel.test"];
        statuses.Select(s => s.Name).ShouldBe(fixture.Stack.RegionNames);
        foreach (var status in statuses)
        {
            // Every zone in the database is probed, so other tests' throwaway zones (made by SQL, REFUSED until the
            // zone cache refreshes, or deleted mid-probe) may be listed too: only theirs are left out of the verdict.
            var others = status.Zones.Where(z => !demo.Contains(z.Zone)).Select(z => z.Zone + " SOA:").ToList();
            var problems = status.Problems.Where(p => !others.Any(p.StartsWith)).ToList();
            problems.ShouldBeEmpty($"{status.Name}: {string.Join("; ", problems)}");
            status.Database.ActualRole.ShouldBe(status.ConfiguredRole);
            status.PowerDns.Version.ShouldStartWith("4.");
            status.Zones.Select(z => z.Zone).ShouldBe(status.Zones.Select(z => z.Zone).Order(StringComparer.Ordinal), "in name order");
            status.Zones.Where(z => demo.Contains(z.Zone)).Select(z => z.Zone).ShouldBe(demo);
            status.Zones.Where(z => demo.Contains(z.Zone)).ShouldAllBe(z => z.Serial > 0);
            status.ZonesNote.ShouldBeNull();
        }
        // The primary names every replica by application name, in name order.
        statuses.Single(s => s.Name == fixture.Stack.Primary.Name).Database.Detail.ShouldBe(
            string.Join(", ", fixture.Stack.Replicas.Select(r => r.Name).Order(StringComparer.Ordinal).Select(name => $"{name} streaming")));
    }

    [Theory]
    [MemberData(nameof(StackRegions.ReplicaNames), MemberType = typeof(StackRegions))]
    public async Task Replica_Insert_IsRefusedAsReadOnly(string region)
    {
        var sources = fixture.Get<RegionDataSources>();
        await using var command = sources.For(region).CreateCommand(
            "INSERT INTO records (domain_id, name, type, content, ttl) SELECT id, 'refused.' || name, 'A', '192.0.2.1', 60 FROM domains LIMIT 1");

        var error = await Should.ThrowAsync<PostgresException>(() => command.ExecuteNonQueryAsync(Cancel));

        error.SqlState.ShouldBe(PostgresErrorCodes.ReadOnlySqlTransaction);
    }

    [Fact]
    public async Task Replica_PowerDnsApiWrite_IsRefused()
    {
        // The PowerDNS API on a replica-backed instance cannot write: writes must go to the primary's database.
        var replica = fixture.Stack.Replicas[0];
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{replica.PowerDnsApiUrl}/api/v1/servers/localhost/zones")
        {
            Content = new StringContent("""{"name":"refused-zone.test.","kind":"Native","nameservers":[]}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(PowerDnsApiClient.ApiKeyHeader, replica.PowerDnsApiKey);

        using var response = await http.SendAsync(request, Cancel);

        ((int)response.StatusCode).ShouldBeGreaterThanOrEqualTo(400);
    }

    [Fact]
    public async Task AppRole_IsNotSuperuserAndCannotChangeTheSchema()
    {
        var sources = fixture.Get<RegionDataSources>();
        await using var superuser = sources.Primary.CreateCommand("SELECT rolsuper FROM pg_roles WHERE rolname = current_user");
        ((bool)(await superuser.ExecuteScalarAsync(Cancel))!).ShouldBeFalse();

        await using var create = sources.Primary.CreateCommand("CREATE TABLE dashboard.should_not_exist (id int)");
        var error = await Should.ThrowAsync<PostgresException>(() => create.ExecuteNonQueryAsync(Cancel));
        error.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
    }

    [Fact]
    public async Task Migrations_AppliedByMigratorRole_CreateTierPolicies()
    {
        await SchemaMigrator.MigrateAsync(fixture.Stack.Options.Database.MigrationConnectionString, Cancel);

        await using var command = fixture.Get<RegionDataSources>().Primary.CreateCommand(
            "SELECT tier || ':' || min_ttl || '-' || max_ttl || ':' || max_negative_ttl || ':' || takedowns_apply FROM dashboard.tier_policies ORDER BY tier");
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        var rows = new List<string>();
        while (await reader.ReadAsync(Cancel))
        {
            rows.Add(reader.GetString(0));
        }
        rows.ShouldBe(["Free:10-3600:30:true", "Pro:30-86400:300:false"]);
    }

    [Fact]
    public async Task ZoneTierSeeding_ManyInstancesAtOnce_NoneFails_OneRow_TheFirstTierKept()
    {
        // Instances starting together all seed the configured zones' tiers; each must find its work done, not fail on the key.
        var zone = $"seed-race-{Guid.NewGuid():N}.example";
        var contexts = fixture.Get<IDbContextFactory<DashboardDbContext>>();
        var sources = fixture.Get<RegionDataSources>();
        try
        {
            const int instances = 8;
            var opened = 0;
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var seeders = Enumerable.Range(0, instances).Select(_ => Task.Run(async () =>
            {
                await using var db = await contexts.CreateDbContextAsync(Cancel);
                // Each has its connection open before they all go.
                await db.Database.OpenConnectionAsync(Cancel);
                if (Interlocked.Increment(ref opened) == instances)
                {
                    go.SetResult();
                }
                await go.Task.WaitAsync(TimeSpan.FromSeconds(60), Cancel);
                await SchemaMigrator.SeedZoneTiersAsync(db, [new ZoneOptions { Name = zone, Tier = ZoneTier.Free }], Cancel);
            }, Cancel)).ToList();
            await Task.WhenAll(seeders);

            // Started again later with another tier configured: the database wins.
            await using (var again = await contexts.CreateDbContextAsync(Cancel))
            {
                await SchemaMigrator.SeedZoneTiersAsync(again, [new ZoneOptions { Name = zone, Tier = ZoneTier.Pro }], Cancel);
            }
            await using var read = sources.Primary.CreateCommand("SELECT string_agg(tier, ',') FROM dashboard.zone_tiers WHERE zone_name = $1");
            read.Parameters.AddWithValue(zone);
            (await read.ExecuteScalarAsync(Cancel)).ShouldBe("Free");
        }
        finally
        {
            await using var cleanup = sources.Primary.CreateCommand("DELETE FROM dashboard.zone_tiers WHERE zone_name = $1");
            cleanup.Parameters.AddWithValue(zone);
            await cleanup.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task PowerDnsApi_EveryRegion_AnswersVersion()
    {
        var api = fixture.Get<PowerDnsApiClient>();
        foreach (var region in fixture.Stack.Options.Regions)
        {
            var server = await api.GetServerAsync(region, Cancel);
            server.DaemonType.ShouldBe("authoritative");
        }
    }

    [Fact]
    public async Task PowerDnsApi_Config_EveryRegionReportsTheStackCacheSettings()
    {
        // The stack keeps PowerDNS's default answer caches, with the zone cache off (README, PowerDNS settings).
        var api = fixture.Get<PowerDnsApiClient>();
        foreach (var region in fixture.Stack.Options.Regions)
        {
            var settings = PowerDnsCacheSettings.From(await api.GetConfigAsync(region, Cancel));

            settings.All.Select(s => $"{s.Name}={s.Seconds}").ShouldBe(
                ["cache-ttl=20", "query-cache-ttl=20", "negquery-cache-ttl=60", "zone-cache-refresh-interval=0", "zone-metadata-cache-ttl=60"],
                region.Name);
        }
    }

    [Fact]
    public async Task PowerDnsApi_WrongKey_ServerAndConfigAreRefusedWithStatus()
    {
        var api = fixture.Get<PowerDnsApiClient>();
        var region = fixture.Stack.Replicas[0];
        var wrongKey = new RegionOptions { Name = region.Name, PowerDnsApiUrl = region.PowerDnsApiUrl, PowerDnsApiKey = "wrong" };

        (await Should.ThrowAsync<PowerDnsApiException>(() => api.GetServerAsync(wrongKey, Cancel))).Message.ShouldContain("401");
        (await Should.ThrowAsync<PowerDnsApiException>(() => api.GetConfigAsync(wrongKey, Cancel))).Message.ShouldContain("401");
    }
}
