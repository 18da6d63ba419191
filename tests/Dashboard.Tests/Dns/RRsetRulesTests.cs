using Dashboard.Dns;

namespace Dashboard.Tests.Dns;

public class RRsetRulesTests
{
    private const string Zone = "pro.tunnel.test";

    private static ZoneRecord R(string name, RecordType type, string content, int ttl = 300, bool disabled = false) =>
        new(name, type, content, ttl, disabled);

    [Fact]
    public void Check_ConsistentRRsets_NoErrors()
    {
        var errors = RRsetRules.Check(Zone,
        [
            R("pro.tunnel.test", RecordType.A, "192.0.2.1"),
            R("pro.tunnel.test", RecordType.A, "192.0.2.2"),
            R("pro.tunnel.test", RecordType.MX, "10 mx1.pro.tunnel.test", 3600),
            R("www.pro.tunnel.test", RecordType.CNAME, "pro.tunnel.test"),
        ]);
        errors.ShouldBeEmpty();
    }

    [Fact]
    public void Check_CnameWithA_ReportsCoexistence()
    {
        var errors = RRsetRules.Check(Zone,
        [
            R("www.pro.tunnel.test", RecordType.CNAME, "edge.tunnel.test"),
            R("www.pro.tunnel.test", RecordType.A, "192.0.2.1"),
        ]);
        errors.ShouldBe(["www.pro.tunnel.test CNAME: a CNAME cannot coexist with other records (A) at the same name"]);
    }

    [Fact]
    public void Check_CnameWithSeveralTypes_ListsThem()
    {
        var errors = RRsetRules.Check(Zone,
        [
            R("www.pro.tunnel.test", RecordType.CNAME, "edge.tunnel.test"),
            R("www.pro.tunnel.test", RecordType.TXT, "\"x\""),
            R("www.pro.tunnel.test", RecordType.A, "192.0.2.1"),
        ]);
        errors.ShouldContain(e => e.Contains("(A, TXT)"));
    }

    [Fact]
    public void Check_CnameWithDisabledA_NoErrors()
    {
        var errors = RRsetRules.Check(Zone,
        [
            R("www.pro.tunnel.test", RecordType.CNAME, "edge.tunnel.test"),
            R("www.pro.tunnel.test", RecordType.A, "192.0.2.1", disabled: true),
        ]);
        errors.ShouldBeEmpty();
    }

    [Fact]
    public void Check_CnameAtApex_ReportsApex()
    {
        var errors = RRsetRules.Check(Zone, [R("pro.tunnel.test", RecordType.CNAME, "edge.tunnel.test")]);
        errors.ShouldHaveSingleItem().ShouldStartWith("pro.tunnel.test CNAME: a CNAME is not allowed at the zone apex");
    }

    [Fact]
    public void Check_TwoCnames_ReportsOnlyOneAllowed()
    {
        var errors = RRsetRules.Check(Zone,
        [
            R("www.pro.tunnel.test", RecordType.CNAME, "a.tunnel.test"),
            R("www.pro.tunnel.test", RecordType.CNAME, "b.tunnel.test"),
        ]);
        errors.ShouldBe(["www.pro.tunnel.test CNAME: a name may have only one CNAME record (found 2)"]);
    }

    [Fact]
    public void Check_DuplicateContent_Reported()
    {
        var errors = RRsetRules.Check(Zone,
        [
            R("pro.tunnel.test", RecordType.A, "192.0.2.1"),
            R("pro.tunnel.test", RecordType.A, "192.0.2.1"),
        ]);
        errors.ShouldBe(["pro.tunnel.test A: the record '192.0.2.1' appears more than once"]);
    }

    [Fact]
    public void Check_DuplicateAfterNormalization_Reported()
    {
        var errors = RRsetRules.Check(Zone,
        [
            R("pro.tunnel.test", RecordType.AAAA, "2001:db8::1"),
            R("pro.tunnel.test", RecordType.AAAA, "2001:DB8:0::1"),
            R("pro.tunnel.test", RecordType.MX, "10 mx.tunnel.test"),
            R("pro.tunnel.test", RecordType.MX, "10 MX.tunnel.test."),
        ]);
        errors.Count.ShouldBe(2);
        errors.ShouldContain(e => e.StartsWith("pro.tunnel.test AAAA:"));
        errors.ShouldContain(e => e.StartsWith("pro.tunnel.test MX:"));
    }

    [Fact]
    public void Check_SameContentDifferentTypesOrNames_NoErrors()
    {
        var errors = RRsetRules.Check(Zone,
        [
            R("a.pro.tunnel.test", RecordType.TXT, "\"x\""),
            R("b.pro.tunnel.test", RecordType.TXT, "\"x\""),
            R("a.pro.tunnel.test", RecordType.TXT, "\"X\""),
        ]);
        errors.ShouldBeEmpty();
    }

    [Fact]
    public void Check_MixedTtlsInRRset_Reported()
    {
        var errors = RRsetRules.Check(Zone,
        [
            R("pro.tunnel.test", RecordType.A, "192.0.2.1", 300),
            R("pro.tunnel.test", RecordType.A, "192.0.2.2", 3600),
            R("pro.tunnel.test", RecordType.TXT, "\"x\"", 60),
        ]);
        errors.ShouldBe(["pro.tunnel.test A: all records in a set must have the same TTL (found 300, 3600)"]);
    }

    [Fact]
    public void Check_NameOutsideZone_Reported()
    {
        var errors = RRsetRules.Check(Zone, [R("www.free.tunnel.test", RecordType.A, "192.0.2.1")]);
        errors.ShouldBe(["www.free.tunnel.test A: the name is not inside zone 'pro.tunnel.test'"]);
    }
}
