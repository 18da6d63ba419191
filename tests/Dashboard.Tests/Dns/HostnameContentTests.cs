using Dashboard.Dns;

namespace Dashboard.Tests.Dns;

public class HostnameContentTests
{
    [Theory]
    [InlineData(RecordType.CNAME, "ap.edge.free.tunnel.test.", "ap.edge.free.tunnel.test")]
    [InlineData(RecordType.CNAME, "AP.Edge.Free.Tunnel.Test", "ap.edge.free.tunnel.test")]
    [InlineData(RecordType.NS, "ns1.tunnel.test.", "ns1.tunnel.test")]
    [InlineData(RecordType.PTR, "host-1.tunnel.test", "host-1.tunnel.test")]
    [InlineData(RecordType.CNAME, "sel._domainkey.Provider.net.", "sel._domainkey.provider.net")]
    [InlineData(RecordType.CNAME, "_acme-challenge.example.test", "_acme-challenge.example.test")]
    public void Validate_HostnameTarget_StoresLowercaseWithoutDot(RecordType type, string input, string expected)
    {
        var result = RecordContent.Validate(type, input);
        result.IsValid.ShouldBeTrue(string.Join("; ", result.Errors));
        result.Value.ShouldBe(expected);
    }

    [Theory]
    [InlineData(RecordType.CNAME, "*.example.test", "wildcard")]
    [InlineData(RecordType.CNAME, "192.0.2.20", "is an IP address")]
    [InlineData(RecordType.NS, "192.0.2.53.", "is an IP address")]
    [InlineData(RecordType.NS, "ns_1.example.test", "underscores")]
    [InlineData(RecordType.CNAME, ".", "root")]
    [InlineData(RecordType.CNAME, "", "must not be empty")]
    [InlineData(RecordType.NS, "-ns1.example.test", "A hostname label may not start or end with a hyphen")]
    [InlineData(RecordType.PTR, "host name.test", "invalid character")]
    public void Validate_BadHostnameTarget_ReportsFieldAndReason(RecordType type, string input, string expected)
    {
        var result = RecordContent.Validate(type, input);
        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldContain(e => e.Contains(expected));
        result.Errors.ShouldAllBe(e => e.StartsWith(type.ToString()));
    }

    [Theory]
    [InlineData("10 mx1.pro.tunnel.test.", "10 mx1.pro.tunnel.test")]
    [InlineData("  0   MX1.example.test ", "0 mx1.example.test")]
    [InlineData("65535 mx.example.test", "65535 mx.example.test")]
    [InlineData("010 mx.example.test", "10 mx.example.test")]
    [InlineData("0 .", "0 .")]
    public void ValidateMx_Valid_Normalizes(string input, string expected)
    {
        var result = MxContent.Validate(input);
        result.IsValid.ShouldBeTrue(string.Join("; ", result.Errors));
        result.Value.ShouldBe(expected);
    }

    [Theory]
    [InlineData("65536 mx.example.test", "MX preference must be a whole number from 0 to 65535")]
    [InlineData("-1 mx.example.test", "MX preference must be a whole number from 0 to 65535")]
    [InlineData("ten mx.example.test", "MX preference must be a whole number from 0 to 65535")]
    [InlineData("mx.example.test", "preference and a mail server hostname")]
    [InlineData("10 mx.example.test extra", "preference and a mail server hostname")]
    [InlineData("10 .", "null MX")]
    [InlineData("10 _mx.example.test", "MX exchange")]
    [InlineData("10 192.0.2.20", "MX exchange: '192.0.2.20' is an IP address")]
    [InlineData("10 192.0.2.20.", "MX exchange: '192.0.2.20' is an IP address")]
    public void ValidateMx_Invalid_ReportsReason(string input, string expected)
    {
        var result = MxContent.Validate(input);
        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldContain(e => e.Contains(expected));
    }

    [Theory]
    [InlineData("10 5 443 Target.Example.Test.", "10 5 443 target.example.test")]
    [InlineData("0 0 0 .", "0 0 0 .")]
    [InlineData("65535 65535 65535 t.example.test", "65535 65535 65535 t.example.test")]
    public void ValidateSrv_Valid_Normalizes(string input, string expected)
    {
        var result = SrvContent.Validate(input);
        result.IsValid.ShouldBeTrue(string.Join("; ", result.Errors));
        result.Value.ShouldBe(expected);
    }

    [Theory]
    [InlineData("65536 5 443 t.example.test", "SRV priority must be a whole number from 0 to 65535")]
    [InlineData("10 x 443 t.example.test", "SRV weight must be a whole number from 0 to 65535")]
    [InlineData("10 5 70000 t.example.test", "SRV port must be a whole number from 0 to 65535")]
    [InlineData("10 5 t.example.test", "priority, weight, port and target")]
    [InlineData("10 5 443 _sip.example.test", "SRV target")]
    [InlineData("10 5 443 198.51.100.7", "SRV target: '198.51.100.7' is an IP address")]
    public void ValidateSrv_Invalid_ReportsReason(string input, string expected)
    {
        var result = SrvContent.Validate(input);
        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldContain(e => e.Contains(expected));
    }

    [Theory]
    [InlineData(RecordType.CNAME, "ux-a", "x.test", "ux-a.x.test")]
    [InlineData(RecordType.NS, "ns1", "x.test", "ns1.x.test")]
    [InlineData(RecordType.MX, "10 mail", "x.test", "10 mail.x.test")]
    [InlineData(RecordType.MX, "10 mail.example.net.", "x.test", "10 mail.example.net")]
    [InlineData(RecordType.MX, "0 .", "x.test", "0 .")]
    [InlineData(RecordType.SRV, "10 5 5060 sip", "x.test", "10 5 5060 sip.x.test")]
    [InlineData(RecordType.SOA, "ns1 hostmaster 1 7200 3600 604800 60", "x.test", "ns1.x.test hostmaster.x.test 1 7200 3600 604800 60")]
    public void Validate_WithOrigin_RelativeNamesAreCompleted(RecordType type, string input, string origin, string expected)
    {
        var result = RecordContent.Validate(type, input, origin);

        result.IsValid.ShouldBeTrue(string.Join("; ", result.Errors));
        result.Value.ShouldBe(expected);
    }
}
