using Dashboard.Dns;

namespace Dashboard.Tests.Dns;

public class RecordContentTests
{
    private const string Zone = "pro.tunnel.test";

    [Theory]
    [InlineData(RecordType.A, "192.0.2.1", "192.0.2.1")]
    [InlineData(RecordType.AAAA, "2001:DB8::1", "2001:db8::1")]
    [InlineData(RecordType.CNAME, "edge.tunnel.test.", "edge.tunnel.test")]
    [InlineData(RecordType.MX, "10 MX1.pro.tunnel.test.", "10 mx1.pro.tunnel.test")]
    [InlineData(RecordType.TXT, "v=spf1 -all", "\"v=spf1 -all\"")]
    [InlineData(RecordType.SRV, "10 5 443 target.example.test.", "10 5 443 target.example.test")]
    [InlineData(RecordType.CAA, "0 issue letsencrypt.org", "0 issue \"letsencrypt.org\"")]
    [InlineData(RecordType.NS, "ns1.tunnel.test.", "ns1.tunnel.test")]
    [InlineData(RecordType.PTR, "host.tunnel.test.", "host.tunnel.test")]
    [InlineData(RecordType.SOA, "ns1.tunnel.test. hostmaster.tunnel.test. 1 2 3 4 5", "ns1.tunnel.test hostmaster.tunnel.test 1 2 3 4 5")]
    public void Validate_EachType_DispatchesAndNormalizes(RecordType type, string input, string expected)
    {
        var result = RecordContent.Validate(type, input);
        result.IsValid.ShouldBeTrue(string.Join("; ", result.Errors));
        result.Value.ShouldBe(expected);
    }

    [Fact]
    public void ValidateRecord_Valid_ReturnsNormalizedRecord()
    {
        var result = RecordContent.ValidateRecord(
            new ZoneRecord("WWW.Pro.Tunnel.Test.", RecordType.CNAME, "Edge.Tunnel.Test.", 300), Zone, new TtlBounds(30, 86400, "pro"));
        result.IsValid.ShouldBeTrue(string.Join("; ", result.Errors));
        result.Record.ShouldBe(new ZoneRecord("www.pro.tunnel.test", RecordType.CNAME, "edge.tunnel.test", 300));
    }

    [Fact]
    public void ValidateRecord_AllFieldsBad_ReportsEveryProblem()
    {
        var result = RecordContent.ValidateRecord(
            new ZoneRecord("www.other.test", RecordType.A, "1.2.3", 5), Zone, new TtlBounds(30, 86400, "free"));
        result.IsValid.ShouldBeFalse();
        result.Record.ShouldBeNull();
        result.Errors.Count.ShouldBe(3);
        result.Errors.ShouldContain("Name 'www.other.test' is not inside zone 'pro.tunnel.test'");
        result.Errors.ShouldContain(e => e.StartsWith("IPv4 address '1.2.3'"));
        result.Errors.ShouldContain("TTL 5 is below this zone's minimum of 30 seconds (free tier)");
    }

    [Fact]
    public void ValidateRecord_NegativeTtlWithoutBounds_Fails()
    {
        RecordContent.ValidateRecord(new ZoneRecord(Zone, RecordType.A, "192.0.2.1", -1), Zone)
            .Errors.ShouldContain(e => e.Contains("TTL must be"));
    }
}
