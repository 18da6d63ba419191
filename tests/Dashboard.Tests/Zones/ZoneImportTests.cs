using Dashboard.Dns;
using Dashboard.Features.Zones;

namespace Dashboard.Tests.Zones;

public class ZoneImportTests
{
    private const string Zone = "imp.test";
    private static readonly ZonePolicy Free = new(new TtlBounds(10, 3600, "free"), 30, 30);
    private static readonly SoaState Soa = new("ns1.tunnel.test hostmaster.tunnel.test 2026010100 10800 3600 604800 10", 60);

    private static RRsetRow Row(string name, RecordType type, int ttl, params string[] contents) =>
        new(name, type, ttl, contents.Select((c, i) => new RecordRow(i, c, false)).ToList(), RRsetVersion.Compute(contents.Select(c => (c, ttl, false))));

    private static readonly Dictionary<RRsetKey, RRsetRow> Current = new()
    {
        [new RRsetKey("imp.test", RecordType.NS)] = Row("imp.test", RecordType.NS, 30, "ns1.tunnel.test", "ns2.tunnel.test"),
        [new RRsetKey("www.imp.test", RecordType.A)] = Row("www.imp.test", RecordType.A, 30, "192.0.2.1"),
        [new RRsetKey("keep.imp.test", RecordType.A)] = Row("keep.imp.test", RecordType.A, 30, "192.0.2.9"),
    };

    private static IReadOnlyList<ZoneRecord> Parse(string text)
    {
        var parsed = ZoneFileParser.Parse(text, Zone);
        parsed.Errors.ShouldBeEmpty();
        return parsed.Records;
    }

    [Fact]
    public void Stage_FileRRsetReplacesSameRRsetAndKeepsOthers()
    {
        var records = Parse("$ORIGIN imp.test.\n$TTL 30\nwww A 192.0.2.2\nnew AAAA 2001:db8::1\n");

        var result = ZoneImport.Stage(new ChangeSet(Zone, Free), records, Current, Soa, replaceWholeZone: false);

        result.Errors.ShouldBeEmpty();
        var keys = result.Set.ShouldNotBeNull().Diff().Select(d => d.Key.ToString()).ToList();
        keys.ShouldBe(["www.imp.test A", "new.imp.test AAAA"], ignoreOrder: true);
    }

    [Fact]
    public void Stage_ReplaceWholeZone_DeletesUnmentionedRRsets()
    {
        var records = Parse("$ORIGIN imp.test.\n$TTL 30\n@ NS ns1.tunnel.test.\n@ NS ns2.tunnel.test.\nwww A 192.0.2.1\n");

        var result = ZoneImport.Stage(new ChangeSet(Zone, Free), records, Current, Soa, replaceWholeZone: true);

        var diff = result.Set.ShouldNotBeNull().Diff().ShouldHaveSingleItem();
        diff.Key.ToString().ShouldBe("keep.imp.test A");
        diff.After.ShouldBeEmpty();
    }

    [Fact]
    public void Stage_SoaWithHigherSerial_RequestsIt()
    {
        var records = Parse("$ORIGIN imp.test.\n@ 60 IN SOA ns1.tunnel.test. hostmaster.tunnel.test. ( 2026010107 10800 3600 604800 10 )\n");

        var result = ZoneImport.Stage(new ChangeSet(Zone, Free), records, Current, Soa, replaceWholeZone: false);

        result.Set.ShouldNotBeNull().Soa.ShouldNotBeNull().RequestedSerial.ShouldBe(2026010107);
    }

    [Fact]
    public void Stage_TtlOutsideTier_StagesNothing()
    {
        var records = Parse("$ORIGIN imp.test.\nwww 7200 A 192.0.2.2\nother 30 A 192.0.2.3\n");

        var result = ZoneImport.Stage(new ChangeSet(Zone, Free), records, Current, Soa, replaceWholeZone: false);

        result.Set.ShouldBeNull();
        result.Errors.ShouldHaveSingleItem().ShouldContain("www.imp.test A");
    }

    [Fact]
    public void Stage_ReplaceWholeZoneFileWithoutNs_KeepsApexNs()
    {
        // Issue #7: "replace whole zone" staged deleting the apex NS.
        var records = Parse("$ORIGIN imp.test.\n$TTL 30\nwww A 192.0.2.1\n");

        var result = ZoneImport.Stage(new ChangeSet(Zone, Free), records, Current, Soa, replaceWholeZone: true);

        result.Errors.ShouldBeEmpty();
        result.Set.ShouldNotBeNull().Diff().Select(d => d.Key.ToString()).ShouldBe(["keep.imp.test A"]);
    }

    [Fact]
    public void Stage_ReplaceWholeZoneFileWithOtherNs_ReplacesTheApexNs()
    {
        var records = Parse("$ORIGIN imp.test.\n$TTL 30\n@ NS ns3.tunnel.test.\n@ NS ns4.tunnel.test.\nwww A 192.0.2.1\nkeep A 192.0.2.9\n");

        var result = ZoneImport.Stage(new ChangeSet(Zone, Free), records, Current, Soa, replaceWholeZone: true);

        var diff = result.Set.ShouldNotBeNull().Diff().ShouldHaveSingleItem();
        diff.Key.ToString().ShouldBe("imp.test NS");
        diff.After.Select(a => a.Content).ShouldBe(["ns3.tunnel.test", "ns4.tunnel.test"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("; only a comment\n\n; and another\n")]
    [InlineData("$ORIGIN imp.test.\n$TTL 30\n")]
    public void Stage_EmptyFileReplacingWholeZone_RefusedUnlessZoneNameTyped(string file)
    {
        // Issue #7: an empty or comments-only file with "replace the whole zone" staged deleting every RRset.
        var refused = ZoneImport.Stage(new ChangeSet(Zone, Free), Parse(file), Current, Soa, replaceWholeZone: true);
        refused.Set.ShouldBeNull();
        refused.Errors.ShouldHaveSingleItem().ShouldContain("Type the zone's name (imp.test) to confirm");

        ZoneImport.Stage(new ChangeSet(Zone, Free), Parse(file), Current, Soa, replaceWholeZone: true, confirmZone: "www.imp.test")
            .Set.ShouldBeNull();

        var confirmed = ZoneImport.Stage(new ChangeSet(Zone, Free), Parse(file), Current, Soa, replaceWholeZone: true, confirmZone: "IMP.test.");
        confirmed.Errors.ShouldBeEmpty();
        confirmed.Set.ShouldNotBeNull().Diff().Select(d => d.Key.ToString()).ShouldBe(["keep.imp.test A", "www.imp.test A"], ignoreOrder: true);
    }

    [Fact]
    public void Stage_FileMatchingTheZone_SaysNoChanges()
    {
        // Issue #7: re-importing an unchanged file said nothing.
        var records = Parse("$ORIGIN imp.test.\n$TTL 30\n@ NS ns1.tunnel.test.\n@ NS ns2.tunnel.test.\nwww A 192.0.2.1\nkeep A 192.0.2.9\n" +
            "@ 60 SOA ns1.tunnel.test. hostmaster.tunnel.test. 2026010100 10800 3600 604800 10\n");

        var result = ZoneImport.Stage(new ChangeSet(Zone, Free), records, Current, Soa, replaceWholeZone: true);

        result.Errors.ShouldBeEmpty();
        result.Set.ShouldBeNull();
        result.NoChanges.ShouldBeTrue();
    }

    [Fact]
    public void Stage_SerialFromIssueTooFarAhead_RefusedWithReason()
    {
        // Issue #7: importing serial 4294967295 left the zone stuck. From 2026010100 it is more than 2^31 - 1 ahead,
        // which secondaries read as going backwards (RFC 1982): refused at import, naming why.
        var records = Parse("$ORIGIN imp.test.\n@ 60 IN SOA ns1.tunnel.test. hostmaster.tunnel.test. 4294967295 10800 3600 604800 10\n");

        var result = ZoneImport.Stage(new ChangeSet(Zone, Free), records, Current, Soa, replaceWholeZone: false);

        result.Set.ShouldBeNull();
        result.Errors.ShouldHaveSingleItem().ShouldContain("more than 2147483647 ahead of the zone's serial 2026010100");
    }

    [Fact]
    public void Stage_SerialFromIssueWithinReach_IsRequested()
    {
        var soa = Soa with { Content = "ns1.tunnel.test hostmaster.tunnel.test 4000000000 10800 3600 604800 10" };
        var records = Parse("$ORIGIN imp.test.\n@ 60 IN SOA ns1.tunnel.test. hostmaster.tunnel.test. 4294967295 10800 3600 604800 10\n");

        var result = ZoneImport.Stage(new ChangeSet(Zone, Free), records, Current, soa, replaceWholeZone: false);

        result.Set.ShouldNotBeNull().Soa.ShouldNotBeNull().RequestedSerial.ShouldBe(4294967295);
    }
}
