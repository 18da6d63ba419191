using Dashboard.Dns;
using Dashboard.Features.Zones;

namespace Dashboard.Tests.Zones;

public class ChangeSetNewTypesTests
{
    private const string Zone = "pro.tunnel.test";
    private const string Ds = "60485 5 1 2bb183af5f22588179a53b0a98631fad1a292118";
    private static readonly ZonePolicy Pro = new(new TtlBounds(30, 86400, "pro"), 300, 300);

    [Fact]
    public void Add_DsAfterStagingTheDelegationsNs_Staged()
    {
        var set = new ChangeSet(Zone, Pro);
        set.Add("sub", RecordType.NS, "ns1.example.net", 300, null, othersAtName: []).AllErrors.ShouldBeEmpty();

        set.Add("sub", RecordType.DS, Ds, 300, null, othersAtName: []).AllErrors.ShouldBeEmpty();
    }

    [Fact]
    public void Add_DsWithNothingElseAtTheName_RefusedNextToTheType()
    {
        var set = new ChangeSet(Zone, Pro);

        set.Add("sub", RecordType.DS, Ds, 300, null, othersAtName: []).AllErrors
            .ShouldBe(["sub.pro.tunnel.test DS: a DS record must sit at a delegation; add the child zone's NS records at this name too"]);
    }

    [Fact]
    public void Add_DnameBesideStagedCname_Refused()
    {
        var set = new ChangeSet(Zone, Pro);
        set.Add("old", RecordType.CNAME, "x.example.net", 300, null, othersAtName: []).AllErrors.ShouldBeEmpty();

        set.Add("old", RecordType.DNAME, "new.example.net", 300, null, othersAtName: []).AllErrors
            .ShouldContain("old.pro.tunnel.test CNAME: a CNAME cannot coexist with other records (DNAME) at the same name");
    }

    [Fact]
    public void Add_GenericType_StagedUnderItsTypeNnnName()
    {
        var set = new ChangeSet(Zone, Pro);
        set.Add("x", (RecordType)65534, @"\# 2 ABCD", 300, null).AllErrors.ShouldBeEmpty();

        set.RRsets.ShouldHaveSingleItem().Key.ToString().ShouldBe("x.pro.tunnel.test TYPE65534");
        set.RRsets.Single().After.ShouldHaveSingleItem().Content.ShouldBe(@"\# 2 abcd");
    }
}
