using Dashboard.Data;
using Dashboard.Dns;
using Dashboard.Features.Zones;
using Dashboard.TestSupport;
using DnsClient;
using DnsClient.Protocol;

namespace Dashboard.IntegrationTests.Zones;

/// <summary>
/// Names in record data on the real stack: typed as the record editor takes them (relative to the zone unless they end
/// in a dot), stored as PowerDNS's own API stores them, served by every region, and clean for <c>pdnsutil check-zone</c>
/// (0 errors, 0 warnings).
/// </summary>
public sealed class RecordDataNamesTests(StackFixture fixture)
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Apply_RelativeCnameTargetFromTheEditor_ServedInsideTheZoneByEveryRegion()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var form = RecordForm.Compose(RecordType.CNAME, new Dictionary<string, string> { ["target"] = "ux-a" }, zone.Name);
        form.Names["target"].ShouldBe($"ux-a.{zone.Name}.");
        var set = await zone.NewSetAsync(Cancel);
        set.Add("alias", RecordType.CNAME, form.Content!, 30, null).AllErrors.ShouldBeEmpty();
        set.Diff().ShouldHaveSingleItem().After.Select(r => DiffText.Content(RecordType.CNAME, r.Content)).ShouldBe([$"ux-a.{zone.Name}."]);

        await ApplyCleanAsync(zone, set);

        foreach (var answer in await AnswersAsync<CNameRecord>($"alias.{zone.Name}", QueryType.CNAME))
        {
            answer.Record.CanonicalName.Value.ShouldBe($"ux-a.{zone.Name}.", answer.Region);
        }
    }

    [Fact]
    public async Task Apply_DkimDelegationWithUnderscores_ServedAndCheckZoneClean()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var form = RecordForm.Compose(RecordType.CNAME, new Dictionary<string, string> { ["target"] = "sel._domainkey.provider.example." }, zone.Name);
        var set = await zone.NewSetAsync(Cancel);
        set.Add("sel._domainkey", RecordType.CNAME, form.Content.ShouldNotBeNull(), 30, null).AllErrors.ShouldBeEmpty();

        await ApplyCleanAsync(zone, set);

        foreach (var answer in await AnswersAsync<CNameRecord>($"sel._domainkey.{zone.Name}", QueryType.CNAME))
        {
            answer.Record.CanonicalName.Value.ShouldBe("sel._domainkey.provider.example.", answer.Region);
        }
    }

    [Fact]
    public async Task Apply_MxAndSrvWithRelativeTargets_StoredAsThePowerDnsApiStoresThemAndCheckZoneHasNoWarning()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var mx = RecordForm.Compose(RecordType.MX, new Dictionary<string, string> { ["preference"] = "10", ["exchange"] = "mail" }, zone.Name);
        var srv = RecordForm.Compose(RecordType.SRV, new Dictionary<string, string> { ["priority"] = "10", ["weight"] = "5", ["port"] = "5060", ["target"] = "sip" }, zone.Name);
        var set = await zone.NewSetAsync(Cancel);
        set.Add("@", RecordType.MX, mx.Content.ShouldNotBeNull(), 30, await zone.RRsetAsync("@", RecordType.MX, Cancel)).AllErrors.ShouldBeEmpty();
        set.Add("_sip._tcp", RecordType.SRV, srv.Content.ShouldNotBeNull(), 30, null).AllErrors.ShouldBeEmpty();

        await ApplyCleanAsync(zone, set);

        // PowerDNS 4.7.3's API, given "10 mx1.example.test." and "10 5 5060 sip.example.test.", wrote content
        // "mx1.example.test" prio 10 and content "5 5060 sip.example.test" prio 10.
        (await zone.ScalarAsync($"SELECT count(*) FROM records WHERE name = @zone AND type = 'MX' AND content = 'mail.{zone.Name}' AND prio = 10", Cancel)).ShouldBe(1);
        (await zone.ScalarAsync($"SELECT count(*) FROM records WHERE name = '_sip._tcp.{zone.Name}' AND type = 'SRV' AND content = '5 5060 sip.{zone.Name}' AND prio = 10", Cancel)).ShouldBe(1);
        foreach (var answer in await AnswersAsync<MxRecord>(zone.Name, QueryType.MX))
        {
            (answer.Record.Preference, answer.Record.Exchange.Value).ShouldBe(((ushort)10, $"mail.{zone.Name}."), answer.Region);
        }
        foreach (var answer in await AnswersAsync<SrvRecord>($"_sip._tcp.{zone.Name}", QueryType.SRV))
        {
            (answer.Record.Priority, answer.Record.Weight, answer.Record.Port, answer.Record.Target.Value).ShouldBe(((ushort)10, (ushort)5, (ushort)5060, $"sip.{zone.Name}."), answer.Region);
        }
    }

    [Fact]
    public async Task Apply_EditOfAnMxWrittenWholeWithNullPrio_RewritesItTheApiWayAndCheckZoneHasNoWarning()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        await using (var legacy = fixture.Get<RegionDataSources>().Primary.CreateCommand(
            "INSERT INTO records (domain_id, name, type, content, ttl, prio, disabled, auth) SELECT id, name, 'MX', '10 mx1.example.test', 30, NULL, false, true FROM domains WHERE name = $1"))
        {
            legacy.Parameters.AddWithValue(zone.Name);
            await legacy.ExecuteNonQueryAsync(Cancel);
        }
        (await zone.CheckZoneAsync(Cancel)).ShouldContain("Parsed and original record content are not equal");
        var current = (await zone.RRsetAsync("@", RecordType.MX, Cancel)).ShouldNotBeNull();
        current.Records.ShouldHaveSingleItem().Content.ShouldBe("10 mx1.example.test");

        var set = await zone.NewSetAsync(Cancel);
        set.SetTtl(current, 60).AllErrors.ShouldBeEmpty();
        await ApplyCleanAsync(zone, set);

        (await zone.ScalarAsync("SELECT count(*) FROM records WHERE name = @zone AND type = 'MX' AND content = 'mx1.example.test' AND prio = 10 AND ttl = 60", Cancel)).ShouldBe(1);
    }

    [Fact]
    public async Task Apply_SoaMailboxWithAnEscapedDot_KeptAsPowerDnsStoresItAndCheckZoneClean()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var soa = (await zone.Reads.SoaAsync(EditingZone.Operator, zone.Name, Cancel)).ShouldNotBeNull();
        var set = await zone.NewSetAsync(Cancel);
        set.StageSoa(soa, soa.Fields with { Rname = "john\\.doe.tunnel.test" }, soa.Ttl, null).AllErrors.ShouldBeEmpty();

        await ApplyCleanAsync(zone, set);

        (await zone.Reads.SoaAsync(EditingZone.Operator, zone.Name, Cancel)).ShouldNotBeNull().Fields.Rname.ShouldBe("john\\.doe.tunnel.test");
    }

    private async Task ApplyCleanAsync(ThrowawayZone zone, ChangeSet set)
    {
        var applied = await zone.ApplyAsync(set, Cancel);
        applied.Propagation.Current.AllVisible.ShouldBeTrue("ApplyAsync waited for it");
        var check = await zone.CheckZoneAsync(Cancel);
        check.ShouldContain(", 0 errors, 0 warnings", customMessage: check);
    }

    private async Task<List<(string Region, T Record)>> AnswersAsync<T>(string name, QueryType type) where T : DnsResourceRecord
    {
        var answers = new List<(string, T)>();
        foreach (var region in fixture.Stack.Options.Regions)
        {
            var response = await StackDns.For(region).QueryAsync(name, type, QueryClass.IN, Cancel);
            answers.Add((region.Name, response.Answers.OfType<T>().ShouldHaveSingleItem($"{region.Name}: {string.Join(" | ", response.Answers)}")));
        }
        return answers;
    }
}
