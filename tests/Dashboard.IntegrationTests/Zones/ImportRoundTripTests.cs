using Dashboard.Data;
using Dashboard.Dns;
using Dashboard.Features.Zones;
using Dashboard.IntegrationTests.Zones;

namespace Dashboard.IntegrationTests.Zones;

public sealed class ImportRoundTripTests(StackFixture fixture)
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Import_ExportDeleteCreateImportExport_IsByteIdentical()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var set = await zone.NewSetAsync(Cancel);
        set.Add("www", RecordType.A, "192.0.2.1", 30, null).AllErrors.ShouldBeEmpty();
        set.Add("www", RecordType.A, "192.0.2.2", 30, null).AllErrors.ShouldBeEmpty();
        set.Add("www", RecordType.AAAA, "2001:db8::1", 60, null).AllErrors.ShouldBeEmpty();
        set.Add("alias", RecordType.CNAME, "www", 120, null).AllErrors.ShouldBeEmpty();
        set.Add("@", RecordType.MX, "10 mx1.example.test", 300, null).AllErrors.ShouldBeEmpty();
        set.Add("@", RecordType.TXT, "v=spf1 -all", 300, null).AllErrors.ShouldBeEmpty();
        set.Add("_sip._tcp", RecordType.SRV, "10 5 5060 sip.example.test", 300, null).AllErrors.ShouldBeEmpty();
        set.Add("@", RecordType.CAA, "0 issue \"letsencrypt.org\"", 300, null).AllErrors.ShouldBeEmpty();
        set.Add("ptr", RecordType.PTR, "host.example.test", 300, null).AllErrors.ShouldBeEmpty();
        set.Add("off", RecordType.A, "192.0.2.9", 30, null).AllErrors.ShouldBeEmpty();
        await zone.ApplyAsync(set, Cancel);
        set = await zone.NewSetAsync(Cancel);
        set.SetDisabled((await zone.RRsetAsync("off", RecordType.A, Cancel))!, "192.0.2.9", true).AllErrors.ShouldBeEmpty();
        await zone.ApplyAsync(set, Cancel);
        var first = await ExportAsync(zone.Name);

        var commands = fixture.Get<ZoneCommands>();
        (await commands.DeleteZoneAsync(EditingZone.Operator, zone.Name, zone.Name, Cancel)).ShouldBeOfType<ZoneCommandResult.Done>();
        (await commands.CreateZoneAsync(EditingZone.Operator, zone.Name, Dashboard.Configuration.ZoneTier.Free, Cancel)).ShouldBeOfType<ZoneCommandResult.Done>();
        var policy = (await zone.Reads.PolicyAsync(EditingZone.Operator, zone.Name, Cancel))!;
        var staging = await ZoneImport.StageAsync(zone.Reads, EditingZone.Operator, zone.Name, policy, first, replaceWholeZone: false, Cancel);
        staging.Errors.ShouldBeEmpty();
        var applied = await zone.ApplyAsync(staging.Set!, Cancel);
        var second = await ExportAsync(zone.Name);

        second.ShouldBe(first);
        applied.Propagation.Current.AllVisible.ShouldBeTrue("ApplyAsync waited for it");
        (await zone.CheckZoneAsync(Cancel)).ShouldContain(", 0 errors, 0 warnings");
    }

    [Fact]
    public async Task Import_FileWithError_NamesLineAndStagesNothing()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var policy = (await zone.Reads.PolicyAsync(EditingZone.Operator, zone.Name, Cancel))!;

        var staging = await ZoneImport.StageAsync(zone.Reads, EditingZone.Operator, zone.Name, policy, $"$ORIGIN {zone.Name}.\n$TTL 30\nok A 192.0.2.1\nbad A 300.1.1.1\n", false, Cancel);

        staging.Set.ShouldBeNull();
        staging.Errors.ShouldHaveSingleItem().ShouldStartWith("line 4");
    }

    [Fact]
    public async Task Import_SerialFromIssue_ZoneKeepsTakingChangesAfterTheLargestSerial()
    {
        // Issue #7: after importing SOA serial 4294967295 every later change was refused. Serial arithmetic (RFC 1982):
        // reach it in steps of less than 2^31, and the next apply wraps forward.
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var policy = (await zone.Reads.PolicyAsync(EditingZone.Operator, zone.Name, Cancel))!;
        foreach (var serial in new[] { 3000000000L, 4294967295L })
        {
            var file = $"$ORIGIN {zone.Name}.\n@ 60 IN SOA ns1.tunnel.test. hostmaster.tunnel.test. {serial} 10800 3600 604800 10\n";
            var staging = await ZoneImport.StageAsync(zone.Reads, EditingZone.Operator, zone.Name, policy, file, replaceWholeZone: false, Cancel);
            staging.Errors.ShouldBeEmpty();
            (await zone.ApplyAsync(staging.Set!, Cancel)).Serial.ShouldBe(serial);
        }

        var set = await zone.NewSetAsync(Cancel);
        set.Add("after-wrap", RecordType.A, "192.0.2.77", 30, null).AllErrors.ShouldBeEmpty();
        var applied = await zone.ApplyAsync(set, Cancel);

        SoaSerial.IsGreater(applied.Serial, 4294967295).ShouldBeTrue($"serial {applied.Serial}");
        applied.Propagation.Current.AllVisible.ShouldBeTrue("ApplyAsync waited for it");
        (await zone.SerialAsync(Cancel)).ShouldBe(applied.Serial);
        (await zone.CheckZoneAsync(Cancel)).ShouldContain(", 0 errors, 0 warnings");
    }

    [Fact]
    public async Task Import_ReplaceWholeZone_KeepsApexNs_EmptyFileNeedsZoneName_UnchangedFileSaysNoChanges()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var policy = (await zone.Reads.PolicyAsync(EditingZone.Operator, zone.Name, Cancel))!;
        var nsBefore = (await zone.RRsetAsync("@", RecordType.NS, Cancel)).ShouldNotBeNull();
        var file = $"$ORIGIN {zone.Name}.\n$TTL 30\n$GENERATE 1-40 host-$ A 192.0.2.$\ntxt TXT \\# 6 0568656C6C6F\n";

        // A file without the apex NS, replacing the whole zone: the NS set stays.
        var staging = await ZoneImport.StageAsync(zone.Reads, EditingZone.Operator, zone.Name, policy, file, replaceWholeZone: true, Cancel);
        staging.Errors.ShouldBeEmpty();
        staging.Set!.Diff().ShouldNotContain(d => d.Key.Type == RecordType.NS);
        staging.Set!.Diff().Count.ShouldBe(41);
        (await zone.ApplyAsync(staging.Set!, Cancel)).Propagation.Current.AllVisible.ShouldBeTrue("ApplyAsync waited for it");
        (await zone.RRsetAsync("@", RecordType.NS, Cancel)).ShouldNotBeNull().Records.Count.ShouldBe(nsBefore.Records.Count);
        (await zone.RRsetAsync("txt", RecordType.TXT, Cancel)).ShouldNotBeNull().Records.ShouldHaveSingleItem().Content.ShouldBe("\"hello\"");
        (await zone.CheckZoneAsync(Cancel)).ShouldContain(", 0 errors, 0 warnings");

        // The same file again: nothing to stage, and it says so.
        var again = await ZoneImport.StageAsync(zone.Reads, EditingZone.Operator, zone.Name, policy, file, replaceWholeZone: true, Cancel);
        again.Errors.ShouldBeEmpty();
        again.Set.ShouldBeNull();
        again.NoChanges.ShouldBeTrue();

        // A comments-only file replacing the whole zone: refused until the zone's name is typed; then only the file's
        // RRsets go, never the apex NS.
        var empty = await ZoneImport.StageAsync(zone.Reads, EditingZone.Operator, zone.Name, policy, "; nothing here\n", replaceWholeZone: true, Cancel);
        empty.Set.ShouldBeNull();
        empty.Errors.ShouldHaveSingleItem().ShouldContain($"Type the zone's name ({zone.Name})");
        var confirmed = await ZoneImport.StageAsync(zone.Reads, EditingZone.Operator, zone.Name, policy, "; nothing here\n", replaceWholeZone: true, Cancel, confirmZone: zone.Name);
        confirmed.Errors.ShouldBeEmpty();
        confirmed.Set!.Diff().Count.ShouldBe(41);
        confirmed.Set!.Diff().ShouldNotContain(d => d.Key.Type == RecordType.NS);
    }

    private async Task<string> ExportAsync(string zone)
    {
        await using var command = fixture.Get<RegionDataSources>().Primary.CreateCommand(
            "SELECT r.name, r.type, r.content, r.prio, r.ttl, r.disabled FROM records r JOIN domains d ON d.id = r.domain_id WHERE d.name = @zone");
        command.Parameters.AddWithValue("zone", zone);
        var records = new List<ZoneRecord>();
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        while (await reader.ReadAsync(Cancel))
        {
            var type = RecordTypes.Parse(reader.GetString(1));
            var content = PowerDnsContent.FromStorage(reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetInt32(3));
            records.Add(new ZoneRecord(reader.GetString(0), type, content, reader.GetInt32(4), reader.GetBoolean(5)));
        }
        return ZoneFileWriter.Write(zone, records);
    }
}
