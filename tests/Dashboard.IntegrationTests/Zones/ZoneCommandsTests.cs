using Dashboard.Configuration;
using Dashboard.Features.Auth;
using Dashboard.Features.Zones;
using Dashboard.TestSupport;
using DnsClient;

namespace Dashboard.IntegrationTests.Zones;

public sealed class ZoneCommandsTests(StackFixture fixture)
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateZoneAsync_NewZone_AnswersSoaWithAuthorityOnEveryRegionAtOnce()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ZoneTier.Pro, Cancel);

        foreach (var region in fixture.Stack.Options.Regions)
        {
            var response = await StackDns.For(region).QueryAsync(zone.Name, QueryType.SOA, QueryClass.IN, Cancel);
            response.Header.ResponseCode.ShouldBe(DnsHeaderResponseCode.NoError, region.Name);
            response.Header.HasAuthorityAnswer.ShouldBeTrue(region.Name);
            response.Answers.SoaRecords().ShouldHaveSingleItem().MName.Value.ShouldBe("ns1.tunnel.test.");
        }
        (await zone.ScalarAsync("SELECT count(*) FROM dashboard.zone_tiers WHERE zone_name = @zone AND tier = 'Pro'", Cancel)).ShouldBe(1);
        (await zone.ScalarAsync("SELECT count(*) FROM dashboard.audit_entries WHERE zone = @zone AND action = 'zone.create'", Cancel)).ShouldBe(1);
        (await zone.CheckZoneAsync(Cancel)).ShouldContain(", 0 errors, 0 warnings");
    }

    [Fact]
    public async Task CreateZoneAsync_ExistingZone_IsRefused()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);

        var result = await fixture.Get<ZoneCommands>().CreateZoneAsync(EditingZone.Operator, zone.Name.ToUpperInvariant(), ZoneTier.Free, Cancel);

        result.ShouldBeOfType<ZoneCommandResult.Invalid>().Errors.ShouldHaveSingleItem().ShouldContain("already exists");
    }

    [Fact]
    public async Task CreateZoneAsync_OnCallActor_IsDenied()
    {
        var actor = new Actor("it-oncall", "it-oncall", new HashSet<string> { Roles.OnCall });

        await Should.ThrowAsync<AccessDeniedException>(() =>
            fixture.Get<ZoneCommands>().CreateZoneAsync(actor, ThrowawayZone.NewName("it"), ZoneTier.Free, Cancel));
    }

    [Fact]
    public async Task DeleteZoneAsync_RequiresExactName_ThenDeletesEverythingEverywhere()
    {
        var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var commands = fixture.Get<ZoneCommands>();

        (await commands.DeleteZoneAsync(EditingZone.Operator, zone.Name, zone.Name.ToUpperInvariant(), Cancel)).ShouldBeOfType<ZoneCommandResult.Invalid>();
        (await commands.DeleteZoneAsync(EditingZone.Operator, zone.Name, zone.Name + " ", Cancel)).ShouldBeOfType<ZoneCommandResult.Invalid>();
        (await zone.RowCountAsync(Cancel)).ShouldBeGreaterThan(0);

        var deleted = (await commands.DeleteZoneAsync(EditingZone.Operator, zone.Name, zone.Name, Cancel)).ShouldBeOfType<ZoneCommandResult.Done>();
        // Returned at COMMIT; the run confirms, region by region, that the zone is no longer answered.
        await ThrowawayZone.ShouldBeVisibleEverywhereAsync(deleted.Propagation);

        (await zone.ScalarAsync("SELECT count(*) FROM domains WHERE name = @zone", Cancel)).ShouldBe(0);
        (await zone.ScalarAsync("SELECT count(*) FROM records WHERE name = @zone OR name LIKE '%.' || @zone", Cancel)).ShouldBe(0);
        (await zone.ScalarAsync("SELECT count(*) FROM dashboard.zone_tiers WHERE zone_name = @zone", Cancel)).ShouldBe(0);
        (await zone.ScalarAsync("SELECT count(*) FROM dashboard.audit_entries WHERE zone = @zone AND action = 'zone.delete' AND before LIKE '%records; SOA%'", Cancel)).ShouldBe(1);
        foreach (var region in fixture.Stack.Options.Regions)
        {
            var response = await StackDns.For(region).QueryAsync(zone.Name, QueryType.SOA, QueryClass.IN, Cancel);
            response.Header.ResponseCode.ShouldBe(DnsHeaderResponseCode.Refused, region.Name);
        }
    }
}
