using Dashboard.Dns;

namespace Dashboard.Tests.Dns;

/// <summary>The zone-file parser reads names in record data by the one rule (<see cref="DnsName.ResolveData"/>).</summary>
public class ZoneFileNameRuleTests
{
    private const string Zone = "x.test";

    private static ZoneFileParseResult Parse(string text) => ZoneFileParser.Parse(text, Zone);

    [Fact]
    public void Parse_DkimDelegationWithUnderscores_IsImported()
    {
        var result = Parse("sel._domainkey 300 IN CNAME sel._domainkey.provider.net.\n_dmarc 300 IN CNAME _dmarc.provider.net.\n");

        result.Errors.ShouldBeEmpty();
        result.Records.ShouldBe(
        [
            new ZoneRecord("sel._domainkey.x.test", RecordType.CNAME, "sel._domainkey.provider.net", 300),
            new ZoneRecord("_dmarc.x.test", RecordType.CNAME, "_dmarc.provider.net", 300),
        ]);
    }

    [Fact]
    public void Parse_RelativeAndAbsoluteTargets_SameRuleAsTheRecordEditor()
    {
        var result = Parse("$TTL 60\na CNAME ux-a\nb CNAME ux-b.\n@ MX 10 mail\n_s._tcp SRV 1 2 3 sip\n");

        result.Errors.ShouldBeEmpty();
        result.Records.Select(r => r.Content).ShouldBe(["ux-a.x.test", "ux-b", "10 mail.x.test", "1 2 3 sip.x.test"]);
        foreach (var (typed, record) in new[] { "ux-a", "ux-b." }.Zip(result.Records))
        {
            DnsName.ResolveData(typed, Zone).Value.ShouldBe(record.Content);
        }
    }

    [Fact]
    public void Parse_SoaMailboxWithEscapedDot_KeepsTheEscape()
    {
        var result = Parse("@ 60 IN SOA ns1.tunnel.test. john\\.doe.tunnel.test. 1 7200 3600 604800 60\n");

        result.Errors.ShouldBeEmpty();
        result.Records.ShouldHaveSingleItem().Content.ShouldBe("ns1.tunnel.test john\\.doe.tunnel.test 1 7200 3600 604800 60");
    }

    [Fact]
    public void Parse_DecimalEscapeInTarget_StoredAsPowerDnsStoresIt()
    {
        var result = Parse("a 60 IN CNAME b\\032c.example.net.\n");

        result.Errors.ShouldBeEmpty();
        result.Records.ShouldHaveSingleItem().Content.ShouldBe("b\\032c.example.net");
    }

    [Theory]
    [InlineData("@ 60 IN MX 10 192.0.2.20", "is an IP address")]
    [InlineData("@ 60 IN MX 10 192.0.2.20.", "is an IP address")]
    [InlineData("@ 60 IN NS 192.0.2.53", "is an IP address")]
    [InlineData("a 60 IN CNAME 192.0.2.20", "is an IP address")]
    [InlineData("@ 60 IN AAAA ::ffff:1.2.3.4", "use an A record for 1.2.3.4")]
    public void Parse_AddressWhereANameBelongs_RefusedWithLine(string line, string expected)
    {
        var result = Parse(line + "\n");

        result.Records.ShouldBeEmpty();
        result.Errors.ShouldContain(e => e.StartsWith("line 1") && e.Contains(expected), string.Join("; ", result.Errors));
    }
}
