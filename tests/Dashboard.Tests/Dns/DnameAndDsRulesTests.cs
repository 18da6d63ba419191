using Dashboard.Dns;

namespace Dashboard.Tests.Dns;

public class DnameAndDsRulesTests
{
    private const string Zone = "pro.tunnel.test";
    private const string Ds = "60485 13 2 d4b7d520e7bb5f0f67674a0cceb1e3e0614b93c4f9e99b8383f6a1e4469da50a";

    private static ZoneRecord R(string name, RecordType type, string content, bool disabled = false) => new(name, type, content, 300, disabled);

    [Fact]
    public void Check_DnameWithOtherDataAtItsName_Allowed()
    {
        RRsetRules.Check(Zone,
        [
            R("old.pro.tunnel.test", RecordType.DNAME, "new.example.net"),
            R("old.pro.tunnel.test", RecordType.A, "192.0.2.1"),
            R(Zone, RecordType.DNAME, "example.net"),
            R(Zone, RecordType.NS, "ns1.example.net"),
        ]).Where(e => !e.Contains("below the DNAME")).ShouldBeEmpty();
    }

    [Fact]
    public void Check_DnameAndCname_Conflict()
    {
        RRsetRules.Check(Zone, [R("x.pro.tunnel.test", RecordType.DNAME, "a.example.net"), R("x.pro.tunnel.test", RecordType.CNAME, "b.example.net")])
            .ShouldBe(["x.pro.tunnel.test CNAME: a CNAME cannot coexist with other records (DNAME) at the same name"]);
    }

    [Fact]
    public void Check_TwoDnames_Singleton()
    {
        RRsetRules.Check(Zone, [R("x.pro.tunnel.test", RecordType.DNAME, "a.example.net"), R("x.pro.tunnel.test", RecordType.DNAME, "b.example.net")])
            .ShouldBe(["x.pro.tunnel.test DNAME: a name may have only one DNAME record (found 2)"]);
    }

    [Fact]
    public void Check_DnameBesideNsBelowApex_Refused()
    {
        RRsetRules.Check(Zone, [R("x.pro.tunnel.test", RecordType.DNAME, "a.example.net"), R("x.pro.tunnel.test", RecordType.NS, "ns1.example.net")])
            .ShouldHaveSingleItem().ShouldStartWith("x.pro.tunnel.test DNAME: a DNAME cannot sit beside NS records below the apex");
    }

    [Fact]
    public void Check_DataBelowDname_NamesEachRRset()
    {
        RRsetRules.Check(Zone,
        [
            R("x.pro.tunnel.test", RecordType.DNAME, "a.example.net"),
            R("www.x.pro.tunnel.test", RecordType.A, "192.0.2.1"),
            R("a.b.x.pro.tunnel.test", RecordType.TXT, "\"t\""),
            R("xx.pro.tunnel.test", RecordType.A, "192.0.2.1"),
        ]).ShouldBe(
        [
            "www.x.pro.tunnel.test A: the name is below the DNAME at x.pro.tunnel.test, so it would never be served (RFC 6672); remove one of them",
            "a.b.x.pro.tunnel.test TXT: the name is below the DNAME at x.pro.tunnel.test, so it would never be served (RFC 6672); remove one of them",
        ]);
    }

    [Fact]
    public void Check_DisabledDname_DoesNotOcclude()
    {
        RRsetRules.Check(Zone, [R("x.pro.tunnel.test", RecordType.DNAME, "a.example.net", disabled: true), R("www.x.pro.tunnel.test", RecordType.A, "192.0.2.1")])
            .ShouldBeEmpty();
    }

    [Fact]
    public void Check_DsAtDelegation_Allowed()
    {
        RRsetRules.Check(Zone, [R("sub.pro.tunnel.test", RecordType.NS, "ns1.example.net"), R("sub.pro.tunnel.test", RecordType.DS, Ds)]).ShouldBeEmpty();
    }

    [Fact]
    public void Check_DsWithoutNs_Refused()
    {
        RRsetRules.Check(Zone, [R("sub.pro.tunnel.test", RecordType.DS, Ds)])
            .ShouldBe(["sub.pro.tunnel.test DS: a DS record must sit at a delegation; add the child zone's NS records at this name too"]);
    }

    [Fact]
    public void Check_DsAtApex_Refused()
    {
        RRsetRules.Check(Zone, [R(Zone, RecordType.NS, "ns1.example.net"), R(Zone, RecordType.DS, Ds)])
            .ShouldBe(["pro.tunnel.test DS: a DS record belongs in the parent zone, not at this zone's apex"]);
    }

    [Fact]
    public void Check_DsAloneWhenRecordsAreOneRRset_NotRefused()
    {
        RRsetRules.Check(Zone, [R("sub.pro.tunnel.test", RecordType.DS, Ds)], complete: false).ShouldBeEmpty();
    }

    [Fact]
    public void Check_TlsaWithoutHostRecords_Refused()
    {
        const string Tlsa = "3 1 1 0c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6";
        RRsetRules.Check(Zone, [R("_443._tcp.www.pro.tunnel.test", RecordType.TLSA, Tlsa)]).ShouldBe(
            ["_443._tcp.www.pro.tunnel.test TLSA: www.pro.tunnel.test has no records, so a client would find no address to use this TLSA with; add the host's records (or remove the TLSA)"]);
        RRsetRules.Check(Zone, [R("_443._tcp.www.pro.tunnel.test", RecordType.TLSA, Tlsa), R("www.pro.tunnel.test", RecordType.A, "192.0.2.1")]).ShouldBeEmpty();
        RRsetRules.Check(Zone, [R("_443._tcp.www.pro.tunnel.test", RecordType.TLSA, Tlsa)], complete: false).ShouldBeEmpty();
    }
}
