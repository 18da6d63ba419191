using Dashboard.Configuration;
using Dashboard.Features.Zones;
using Dashboard.TestSupport;

namespace Dashboard.IntegrationTests.Zones;

public sealed class ZoneQueriesTests(StackFixture fixture)
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListAsync_FreeZoneWithHighNegativeTtl_ComputesMinAndWarns()
    {
        await using var zone = await ThrowawayZone.InsertAsync(fixture.Services, "Free", soaTtl: 300, soaMinimum: 600);
        await zone.AddAsync("www", "A", "192.0.2.1");

        var summary = (await fixture.Get<ZoneQueries>().ListAsync(EditingZone.Reader, Cancel)).Single(z => z.Name == zone.Name);

        summary.Tier.ShouldBe(ZoneTier.Free);
        summary.RecordCount.ShouldBe(2);
        summary.Serial.ShouldBe(2026010107);
        summary.NegativeTtl.ShouldBe(300);
        summary.MaxNegativeTtl.ShouldBe(30);
        summary.NegativeTtlWarning.ShouldBe("negative TTL 300 s > free tier max 30 s");
    }

    [Fact]
    public async Task ListAsync_ZoneWithoutTier_IsUnassignedWithoutWarning()
    {
        await using var zone = await ThrowawayZone.InsertAsync(fixture.Services, tier: null, soaTtl: 60, soaMinimum: 5);

        var summary = (await fixture.Get<ZoneQueries>().ListAsync(EditingZone.Reader, Cancel)).Single(z => z.Name == zone.Name);

        summary.TierLabel.ShouldBe("unassigned");
        summary.NegativeTtl.ShouldBe(5);
        summary.NegativeTtlTooHigh.ShouldBeFalse();
    }

    [Fact]
    public async Task GetSoaAsync_ExistingZone_ReturnsContentAndTtl()
    {
        await using var zone = await ThrowawayZone.InsertAsync(fixture.Services, "Pro", soaTtl: 120, soaMinimum: 60);

        var soa = await fixture.Get<ZoneQueries>().GetSoaAsync(EditingZone.Reader, zone.Name, Cancel);

        soa.ShouldNotBeNull().Ttl.ShouldBe(120);
        soa.Fields.Minimum.ShouldBe(60);
    }
}
