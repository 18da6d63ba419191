using Dashboard.Dns;

namespace Dashboard.Tests.Dns;

public class NaptrContentTests
{
    [Theory]
    // RFC 3403 §6.2 and RFC 3761 §3.2 examples; unquoted character-strings are quoted as PowerDNS stores them
    [InlineData("100 50 \"a\" \"z3950+N2L+N2C\" \"\" cidserver.example.com.", "100 50 \"a\" \"z3950+N2L+N2C\" \"\" cidserver.example.com")]
    [InlineData("100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.example.com.", "100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.example.com")]
    [InlineData("100 10 \"u\" \"E2U+sip\" \"!^.*$!sip:info@example.com!\" .", "100 10 \"u\" \"E2U+sip\" \"!^.*$!sip:info@example.com!\" .")]
    [InlineData("10 100 s SIP+D2T \"\" _sip._tcp.Example.COM.", "10 100 \"s\" \"SIP+D2T\" \"\" _sip._tcp.example.com")]
    [InlineData("100 10 \"u\" \"E2U+web:http\" \"!^.*$!http://www.example.com/a b!\" .", "100 10 \"u\" \"E2U+web:http\" \"!^.*$!http://www.example.com/a b!\" .")]
    public void Validate_RfcExamples_StoredAsPowerDnsApiStoresThem(string input, string expected)
    {
        var result = NaptrContent.Validate(input, "example.com");
        result.IsValid.ShouldBeTrue(string.Join("; ", result.Errors));
        result.Value.ShouldBe(expected);
        NaptrContent.Validate(result.Value!).Value.ShouldBe(expected);
    }

    [Fact]
    public void Validate_RelativeReplacement_CompletedWithTheOrigin()
    {
        NaptrContent.Validate("100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp", "example.com").Value
            .ShouldBe("100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.example.com");
    }

    [Theory]
    [InlineData("65536 10 \"S\" \"SIP+D2U\" \"\" sip.example.com.", "NAPTR order must be a whole number from 0 to 65535")]
    [InlineData("100 x \"S\" \"SIP+D2U\" \"\" sip.example.com.", "NAPTR preference must be a whole number from 0 to 65535")]
    [InlineData("100 10 \"S!\" \"SIP+D2U\" \"\" sip.example.com.", "NAPTR flags may hold only letters and digits")]
    [InlineData("100 10 \"S\" \"SIP D2U\" \"\" sip.example.com.", "NAPTR services may hold only letters")]
    [InlineData("100 10 \"u\" \"E2U+sip\" \"!^.*$!sip:a@b!\" sip.example.com.", "NAPTR regexp and replacement are exclusive")]
    [InlineData("100 10 \"S\" \"SIP+D2U\" \"\" sip..example.com.", "NAPTR replacement: Name 'sip..example.com' contains an empty label")]
    [InlineData("100 10 \"S\" \"SIP+D2U\" \"\"", "NAPTR content must be order, preference, flags, services, regexp and replacement")]
    [InlineData("100 10 \"S \"SIP+D2U\" \"\" .", "NAPTR content has a quote that is not closed")]
    [InlineData("100 10 \"S\" \"SIP+D2U\" \"open .", "NAPTR content has a quote that is not closed")]
    public void Validate_Bad_SaysWhichField(string input, string message)
    {
        var result = NaptrContent.Validate(input, "example.com");
        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldContain(e => e.StartsWith(message), string.Join("; ", result.Errors));
    }
}
