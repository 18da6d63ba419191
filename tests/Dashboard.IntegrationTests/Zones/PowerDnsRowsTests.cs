using Dashboard.Dns;
using Dashboard.Features.Zones;

namespace Dashboard.IntegrationTests.Zones;

/// <summary>
/// The semantics decided once in <c>Data/PowerDns</c> (PowerDnsSql, StoredRecord), seen through every reader and the
/// write unit: rows other writers leave behind (a disabled SOA, NULL columns) read the same way everywhere.
/// </summary>
public sealed class PowerDnsRowsTests(StackFixture fixture)
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ApexSoa_DisabledSoaWithLowerId_EveryReaderAndApplyUseTheEnabledOne()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var original = (await zone.Reads.SoaAsync(EditingZone.Operator, zone.Name, Cancel))!;
        // Another writer disabled the zone's SOA and added a new one after it (a higher id) with another serial.
        var served = original.Fields with { Serial = original.Fields.Serial + 5 };
        await zone.ScalarAsync(
            $"""
            WITH d AS (SELECT id FROM domains WHERE name = @zone),
                 off AS (UPDATE records SET disabled = true WHERE domain_id = (SELECT id FROM d) AND type = 'SOA' RETURNING 1)
            INSERT INTO records (domain_id, name, type, content, ttl, prio, disabled, auth)
            SELECT id, @zone, 'SOA', '{served.Format()}', {original.Ttl}, 0, false, true FROM d
            """, Cancel);

        (await zone.Reads.SoaAsync(EditingZone.Operator, zone.Name, Cancel))!.Fields.Serial.ShouldBe(served.Serial);
        (await fixture.Get<ZoneQueries>().GetAsync(EditingZone.Reader, zone.Name, Cancel))!.Serial.ShouldBe(served.Serial);
        var set = await zone.NewSetAsync(Cancel);
        set.Add("www", RecordType.A, "192.0.2.1", 30, null).Staged.ShouldBeTrue();
        var applied = await zone.ApplyAsync(set, Cancel);

        // The serial bumped is the one PowerDNS serves; the disabled row is left as it was.
        SoaSerial.IsGreater(applied.Serial, served.Serial).ShouldBeTrue($"serial {applied.Serial}");
        (await zone.SerialAsync(Cancel)).ShouldBe(applied.Serial);
        (await zone.ScalarAsync("SELECT count(*) FROM records WHERE name = @zone AND type = 'SOA' AND disabled AND content = '" + original.Content + "'", Cancel)).ShouldBe(1);
    }

    [Fact]
    public async Task ApexSoa_OnlySoaDisabled_ZoneHasNoSoaAndApplyIsRefused()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var set = await zone.NewSetAsync(Cancel);
        set.Add("www", RecordType.A, "192.0.2.1", 30, null).Staged.ShouldBeTrue();
        await zone.ScalarAsync("UPDATE records SET disabled = true WHERE name = @zone AND type = 'SOA'", Cancel);

        (await zone.Reads.SoaAsync(EditingZone.Operator, zone.Name, Cancel)).ShouldBeNull();
        (await fixture.Get<ZoneQueries>().GetAsync(EditingZone.Reader, zone.Name, Cancel))!.Serial.ShouldBeNull();
        var result = await zone.Commands.ApplyAsync(EditingZone.Operator, zone.Name, set, Cancel);

        result.ShouldBeOfType<ApplyResult.Invalid>().Errors.ShouldHaveSingleItem().ShouldContain("has no SOA record");
    }

    [Fact]
    public async Task StoredRecord_NullTtlAndDisabled_ReadAsZeroAndEnabledByGridAndStaging()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        await zone.ScalarAsync(
            """
            INSERT INTO records (domain_id, name, type, content, ttl, prio, disabled, auth)
            SELECT id, 'nulls.' || @zone, 'TXT', '"x"', NULL, 0, NULL, true FROM domains WHERE name = @zone
            """, Cancel);

        var staged = (await zone.RRsetAsync("nulls", RecordType.TXT, Cancel)).ShouldNotBeNull();
        var grid = (await fixture.Get<RecordQueries>().GetRRsetAsync(EditingZone.Reader, zone.Name, $"nulls.{zone.Name}", RecordType.TXT, Cancel)).ShouldNotBeNull();

        staged.Ttl.ShouldBe(0);
        staged.Records.ShouldHaveSingleItem().Disabled.ShouldBeFalse();
        grid.ShouldBeEquivalentTo(staged);
    }
}
