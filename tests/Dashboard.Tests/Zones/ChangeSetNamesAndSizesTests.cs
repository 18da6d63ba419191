using Dashboard.Features.Propagation;
using Dashboard.Dns;
using Dashboard.Features.Zones;

namespace Dashboard.Tests.Zones;

public class ChangeSetNamesAndSizesTests
{
    private const string Zone = "x.test";
    private static readonly ZonePolicy Free = new(new TtlBounds(10, 3600, "free"), 30, 10);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Add_EmptyName_RefusedAndNothingStaged(string name)
    {
        var set = new ChangeSet(Zone, Free);

        var result = set.Add(name, RecordType.A, "192.0.2.1", 30, null);

        result.For(ChangeSetFields.Name).ShouldHaveSingleItem().ShouldBe("Enter a name: @ for the zone apex (x.test itself), or a name like www");
        set.IsEmpty.ShouldBeTrue();
    }

    [Theory]
    [InlineData("@")]
    [InlineData("x.test.")]
    [InlineData("x.test")]
    public void Add_ApexWrittenExplicitly_Staged(string name)
    {
        var set = new ChangeSet(Zone, Free);

        set.Add(name, RecordType.TXT, "\"hello\"", 30, null).Staged.ShouldBeTrue();
        set.RRsets.ShouldHaveSingleItem().Key.Name.ShouldBe("x.test");
    }

    [Fact]
    public void Add_TwoTxtRecordsOf33KB_SecondRefusedAtStagingWithTheReason()
    {
        var set = new ChangeSet(Zone, Free);
        var a = TxtContent.Format([new string('a', 33_000)]);
        var b = TxtContent.Format([new string('b', 33_000)]);

        set.Add("big", RecordType.TXT, a, 30, null).Staged.ShouldBeTrue();
        var result = set.Add("big", RecordType.TXT, b, 30, null);

        result.Staged.ShouldBeFalse();
        result.AllErrors.ShouldContain(e => e.Contains("big.x.test TXT: the answer to a query for this set would be") && e.Contains("PowerDNS could not serve it"));
        set.RRsets.ShouldHaveSingleItem().After.Count.ShouldBe(1);
    }

    [Fact]
    public void Add_Txt65535Bytes_RefusedAtStaging()
    {
        var set = new ChangeSet(Zone, Free);
        var strings = Enumerable.Range(0, 255).Select(_ => new string('a', 255)).Append(new string('a', 254)).ToList();
        var txt = TxtContent.Format(strings);

        var result = set.Add("big", RecordType.TXT, txt, 30, null);

        result.Staged.ShouldBeFalse();
        result.AllErrors.ShouldContain(e => e.Contains("content column holds at most 65,535"));
        set.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void DiffText_Content_InZoneFileLanguage()
    {
        DiffText.Content(RecordType.CNAME, "ux-a.x.test").ShouldBe("ux-a.x.test.");
        DiffText.Content(RecordType.MX, "10 mail.x.test").ShouldBe("10 mail.x.test.");
        DiffText.Content(RecordType.SRV, "10 5 5060 sip.x.test").ShouldBe("10 5 5060 sip.x.test.");
        DiffText.Content(RecordType.A, "192.0.2.1").ShouldBe("192.0.2.1");
    }

    [Fact]
    public void DiffText_Soa_ReadsAsAZoneFileSoa()
    {
        var before = new SoaFields("ns1.tunnel.test", "hostmaster.tunnel.test", 2026113001, 10800, 3600, 604800, 60);
        var staged = new StagedSoa(before, 60, before with { Refresh = 7200 }, 60, null);

        DiffText.Soa(staged.Before).ShouldBe("ns1.tunnel.test. hostmaster.tunnel.test. 2026113001 10800 3600 604800 60");
        DiffText.Soa(staged.After, DiffText.StagedSerial(staged)).ShouldBe("ns1.tunnel.test. hostmaster.tunnel.test. (next serial) 7200 3600 604800 60");
        DiffText.Soa(staged.After, DiffText.StagedSerial(staged with { RequestedSerial = 2026113010 })).ShouldContain(" 2026113010 7200 ");
    }

    [Theory]
    [InlineData(0, true, "Applied the SOA edit; the SOA serial is now 2026113002.")]
    [InlineData(1, false, "Applied 1 record change; the SOA serial is now 2026113002.")]
    [InlineData(3, true, "Applied 3 record changes and the SOA edit; the SOA serial is now 2026113002.")]
    public void Applied_Summary_CountsChangesNotRows(int records, bool soa, string expected)
    {
        var applied = new ApplyResult.Applied(2026113002, 0, PropagationRun.Of(new PropagationSnapshot("x.test", 2026113002, DateTimeOffset.UtcNow, []))) { RecordChanges = records, SoaEdited = soa };

        applied.Summary.ShouldBe(expected);
    }
}
