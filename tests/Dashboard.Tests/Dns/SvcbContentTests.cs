using Dashboard.Dns;

namespace Dashboard.Tests.Dns;

public class SvcbContentTests
{
    [Theory]
    // RFC 9460 Appendix D.1 and D.2, stored as PowerDNS 4.7.3's API stores them (checked on the stack)
    [InlineData(RecordType.HTTPS, "0 foo.example.com.", "0 foo.example.com")]
    [InlineData(RecordType.SVCB, "1 .", "1 .")]
    [InlineData(RecordType.SVCB, "16 foo.example.com. port=53", "16 foo.example.com port=53")]
    [InlineData(RecordType.SVCB, "16 foo.example.org. alpn=h2,h3-19 mandatory=ipv4hint,alpn ipv4hint=192.0.2.1", "16 foo.example.org mandatory=alpn,ipv4hint alpn=h2,h3-19 ipv4hint=192.0.2.1")]
    [InlineData(RecordType.SVCB, "1 foo.example.com. ipv6hint=2001:DB8::1,2001:db8::53:1", "1 foo.example.com ipv6hint=2001:db8::1,2001:db8::53:1")]
    [InlineData(RecordType.SVCB, "16 foo.example.org. alpn=\"h2,h3\" no-default-alpn port=\"8443\"", "16 foo.example.org alpn=h2,h3 no-default-alpn port=8443")]
    [InlineData(RecordType.HTTPS, "1 . mandatory=port,alpn ech=AEn+DQBF alpn=h3,h2 port=443 ipv6hint=2001:db8::1 ipv4hint=192.0.2.1,192.0.2.2",
        "1 . mandatory=alpn,port alpn=h3,h2 port=443 ipv4hint=192.0.2.1,192.0.2.2 ech=\"AEn+DQBF\" ipv6hint=2001:db8::1")]
    public void Validate_RfcExamples_StoredAsPowerDnsApiStoresThem(RecordType type, string input, string expected)
    {
        var result = SvcbContent.Validate(type, input, "example.com");
        result.IsValid.ShouldBeTrue(string.Join("; ", result.Errors));
        result.Value.ShouldBe(expected);
        SvcbContent.Validate(type, result.Value!).Value.ShouldBe(expected);
    }

    [Theory]
    // RFC 9460 Appendix D.3 failure cases, and the AliasMode rule of §2.4.2
    [InlineData("1 foo.example.com. mandatory=mandatory", "SVCB mandatory may list only the other supported parameters")]
    [InlineData("1 foo.example.com. mandatory=port", "SVCB mandatory lists 'port', which the record does not have")]
    [InlineData("1 foo.example.com. no-default-alpn", "SVCB no-default-alpn needs an alpn parameter too")]
    [InlineData("1 foo.example.com. port=53 port=54", "SVCB parameter 'port' appears more than once")]
    [InlineData("1 foo.example.com. key123=abc", "SVCB parameter 'key123' is not supported")]
    [InlineData("0 foo.example.com. alpn=h2", "SVCB priority 0 is AliasMode, which takes no parameters")]
    [InlineData("1 foo.example.com. port=65536", "SVCB port must be a whole number from 0 to 65535")]
    [InlineData("1 foo.example.com. ipv4hint=192.0.2.300", "SVCB ipv4hint: IPv4 address '192.0.2.300' is not valid")]
    [InlineData("1 foo.example.com. ipv6hint=::ffff:192.0.2.1", "SVCB ipv6hint")]
    [InlineData("1 foo.example.com. ech=not*base64", "SVCB ech must be the ECHConfigList in base64")]
    [InlineData("1 foo.example.com. alpn=", "SVCB parameter alpn needs a value")]
    [InlineData("1 foo.example.com. alpn=h2,,h3", "SVCB alpn must be protocol ids separated by commas")]
    [InlineData("1 foo.example.com. no-default-alpn=x alpn=h2", "SVCB no-default-alpn takes no value")]
    [InlineData("1 192.0.2.1", "SVCB target: ")]
    [InlineData("65536 .", "SVCB priority must be a whole number from 0 to 65535")]
    [InlineData("1", "SVCB content must be priority, target and optional parameters")]
    public void Validate_Bad_SaysWhichField(string input, string message)
    {
        var result = SvcbContent.Validate(RecordType.SVCB, input, "example.com");
        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldContain(e => e.StartsWith(message), string.Join("; ", result.Errors));
    }

    [Fact]
    public void Validate_Https_NamesHttpsInMessages()
    {
        SvcbContent.Validate(RecordType.HTTPS, "0 . port=1").Errors.ShouldContain(e => e.StartsWith("HTTPS priority 0 is AliasMode"));
    }
}
