using Dashboard.Dns;

namespace Dashboard.Tests.Dns;

public class DnsNameTests
{
    private const string Zone = "free.tunnel.test";

    [Theory]
    [InlineData(" WWW.Example.TEST. ", "www.example.test")]
    [InlineData("example.test", "example.test")]
    [InlineData("example.test..", "example.test.")]
    public void Normalize_Input_TrimsLowercasesAndStripsOneDot(string input, string expected)
    {
        DnsName.Normalize(input).ShouldBe(expected);
    }

    [Theory]
    [InlineData("happy-otter-12.free.tunnel.test")]
    [InlineData("_dmarc.tunnel.test")]
    [InlineData("_sip._tcp.tunnel.test")]
    [InlineData("*.tunnel.test")]
    [InlineData("xn--bcher-kva.test")]
    [InlineData("Tunnel.Test.")]
    public void Validate_ValidOwner_IsValid(string name)
    {
        var result = DnsName.Validate(name, DnsNameKind.Owner);
        result.IsValid.ShouldBeTrue(string.Join("; ", result.Errors));
        result.Value.ShouldBe(DnsName.Normalize(name));
    }

    [Theory]
    [InlineData("a.*.tunnel.test", "wildcard")]
    [InlineData("*foo.tunnel.test", "wildcard")]
    [InlineData("a..tunnel.test", "empty label")]
    [InlineData(".tunnel.test", "empty label")]
    [InlineData("", "must not be empty")]
    [InlineData("bad name.test", "invalid character ' '")]
    [InlineData("bad!.test", "invalid character '!'")]
    [InlineData("bücher.test", "non-ASCII")]
    [InlineData("\u212Aey.test", "non-ASCII")]
    [InlineData("-abc.test", "may not start or end with a hyphen")]
    [InlineData("abc-.test", "may not start or end with a hyphen")]
    public void Validate_InvalidOwner_ReportsReason(string name, string expected)
    {
        var result = DnsName.Validate(name, DnsNameKind.Owner);
        result.IsValid.ShouldBeFalse();
        result.Value.ShouldBeNull();
        result.Errors.ShouldContain(e => e.Contains(expected));
    }

    [Theory]
    [InlineData("_sip.example.test", "underscores")]
    [InlineData("*.example.test", "wildcard")]
    [InlineData("-mx.example.test", "may not start or end with a hyphen")]
    public void Validate_InvalidHostname_ReportsReason(string name, string expected)
    {
        var result = DnsName.Validate(name, DnsNameKind.Hostname);
        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldContain(e => e.Contains(expected));
    }

    [Fact]
    public void Validate_Label63Characters_IsValid()
    {
        DnsName.Validate(new string('a', 63) + ".test", DnsNameKind.Hostname).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Validate_Label64Characters_IsInvalid()
    {
        var result = DnsName.Validate(new string('a', 64) + ".test", DnsNameKind.Hostname);
        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldContain(e => e.Contains("64 characters") && e.Contains("at most 63"));
    }

    [Fact]
    public void Validate_Name253Characters_IsValid()
    {
        var name = NameOfLength(253);
        name.Length.ShouldBe(253);
        DnsName.Validate(name, DnsNameKind.Hostname).IsValid.ShouldBeTrue();
        DnsName.Validate(name + ".", DnsNameKind.Hostname).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Validate_Name254Characters_IsInvalid()
    {
        var name = NameOfLength(254);
        var result = DnsName.Validate(name, DnsNameKind.Hostname);
        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldContain(e => e.Contains("254 characters") && e.Contains("at most 253"));
    }

    [Theory]
    [InlineData("free.tunnel.test", true)]
    [InlineData("a.free.tunnel.test", true)]
    [InlineData("A.Free.Tunnel.Test.", true)]
    [InlineData("notfree.tunnel.test", false)]
    [InlineData("tunnel.test", false)]
    [InlineData("free.tunnel.test.evil", false)]
    public void IsInZone_Name_ReturnsExpected(string name, bool expected)
    {
        DnsName.IsInZone(name, Zone).ShouldBe(expected);
    }

    [Theory]
    [InlineData("@", "free.tunnel.test")]
    [InlineData("www", "www.free.tunnel.test")]
    [InlineData("WWW", "www.free.tunnel.test")]
    [InlineData("_dmarc", "_dmarc.free.tunnel.test")]
    [InlineData("*", "*.free.tunnel.test")]
    [InlineData("www.free.tunnel.test", "www.free.tunnel.test")]
    [InlineData("www.free.tunnel.test.", "www.free.tunnel.test")]
    [InlineData("free.tunnel.test.", "free.tunnel.test")]
    [InlineData("a.b", "a.b.free.tunnel.test")]
    public void ResolveOwner_Input_ResolvesAgainstZone(string input, string expected)
    {
        var result = DnsName.ResolveOwner(input, Zone);
        result.IsValid.ShouldBeTrue(string.Join("; ", result.Errors));
        result.Value.ShouldBe(expected);
    }

    [Theory]
    [InlineData("www.other.test.", "not inside zone")]
    [InlineData("tunnel.test.", "not inside zone")]
    [InlineData("bad name", "invalid character")]
    [InlineData("", "Enter a name: @ for the zone apex (free.tunnel.test itself)")]
    [InlineData("  ", "Enter a name: @ for the zone apex (free.tunnel.test itself)")]
    public void ResolveOwner_Invalid_Fails(string input, string expected)
    {
        var result = DnsName.ResolveOwner(input, Zone);
        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldContain(e => e.Contains(expected));
    }

    [Theory]
    [InlineData("ux-a", "x.test", "ux-a.x.test")]
    [InlineData("UX-A", "x.test", "ux-a.x.test")]
    [InlineData("ux-a.", "x.test", "ux-a")]
    [InlineData("@", "x.test", "x.test")]
    [InlineData("mail.x.test", "x.test", "mail.x.test.x.test")]
    [InlineData("mail.x.test.", "x.test", "mail.x.test")]
    [InlineData("sel._domainkey.provider.net.", "x.test", "sel._domainkey.provider.net")]
    [InlineData("sel._domainkey", "x.test", "sel._domainkey.x.test")]
    [InlineData("ux-a", "", "ux-a")]
    [InlineData("a\\.b", "x.test", "a\\.b.x.test")]
    public void ResolveData_Name_ReadAsAZoneFileReadsIt(string input, string origin, string expected)
    {
        var result = DnsName.ResolveData(input, origin);

        result.IsValid.ShouldBeTrue(string.Join("; ", result.Errors));
        result.Value.ShouldBe(expected);
    }

    [Theory]
    [InlineData(".", true, ".")]
    [InlineData(" . ", true, ".")]
    public void ResolveData_RootWhenAllowed_IsTheRoot(string input, bool allowRoot, string expected)
    {
        DnsName.ResolveData(input, "x.test", allowRoot: allowRoot).Value.ShouldBe(expected);
    }

    [Theory]
    [InlineData(".", DnsNameKind.Data, "not the root")]
    [InlineData("", DnsNameKind.Data, "must not be empty")]
    [InlineData("192.0.2.20", DnsNameKind.Hostname, "'192.0.2.20' is an IP address")]
    [InlineData("192.0.2.20.", DnsNameKind.Hostname, "'192.0.2.20' is an IP address")]
    [InlineData("2001:db8::1", DnsNameKind.Hostname, "'2001:db8::1' is an IP address")]
    [InlineData("192.0.2.20", DnsNameKind.Data, "is an IP address")]
    [InlineData("mx_1.example.test.", DnsNameKind.Hostname, "underscores")]
    [InlineData("a\\.b.example.test.", DnsNameKind.Hostname, "invalid character '.'")]
    [InlineData("a\\", DnsNameKind.Data, "invalid escape")]
    [InlineData("a\\25", DnsNameKind.Data, "invalid escape")]
    [InlineData("a\\256", DnsNameKind.Data, "invalid escape")]
    public void ResolveData_Invalid_SaysWhy(string input, DnsNameKind kind, string expected)
    {
        var result = DnsName.ResolveData(input, "x.test", kind);

        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldContain(e => e.Contains(expected), string.Join("; ", result.Errors));
    }

    [Theory]
    [InlineData("host\\.master.tunnel.test", "host\\.master.tunnel.test")]
    [InlineData("a\\032b.example.test", "a\\032b.example.test")]
    [InlineData("a\\000b.example.test", "a\\000b.example.test")]
    [InlineData("\\065bc.example.test", "abc.example.test")]
    [InlineData("\\046x.example.test", "\\.x.example.test")]
    [InlineData("a\\\\b.example.test", "a\\\\b.example.test")]
    [InlineData("a\\;b.example.test", "a;b.example.test")]
    public void Validate_DataWithEscapes_KeepsThemAsPowerDnsStoresThem(string name, string expected)
    {
        var result = DnsName.Validate(name, DnsNameKind.Data);

        result.IsValid.ShouldBeTrue(string.Join("; ", result.Errors));
        result.Value.ShouldBe(expected);
        DnsName.Validate(result.Value!, DnsNameKind.Data).Value.ShouldBe(expected);
    }

    [Fact]
    public void Validate_EscapedOctetsCountOnceTowardsTheLabelLimit()
    {
        DnsName.Validate(string.Concat(Enumerable.Repeat("\\032", 63)) + ".test", DnsNameKind.Data).IsValid.ShouldBeTrue();
        DnsName.Validate(string.Concat(Enumerable.Repeat("\\032", 64)) + ".test", DnsNameKind.Data).Errors.ShouldContain(e => e.Contains("at most 63"));
    }

    [Theory]
    [InlineData("a\\.free.tunnel.test", "free.tunnel.test", false)]
    [InlineData("a\\\\.free.tunnel.test", "free.tunnel.test", true)]
    public void IsInZone_EscapedDot_IsNotALabelBoundary(string name, string zone, bool expected)
    {
        DnsName.IsInZone(name, zone).ShouldBe(expected);
    }

    [Theory]
    [InlineData("ux-a.x.test", "ux-a.x.test.")]
    [InlineData(".", ".")]
    public void ToAbsolute_StorageName_HasItsTrailingDot(string name, string expected)
    {
        DnsName.ToAbsolute(name).ShouldBe(expected);
    }

    private static string NameOfLength(int length)
    {
        // labels of 63 chars separated by dots: 63*3 + 3 dots = 192, fill the rest
        var labels = new List<string> { new('a', 63), new('b', 63), new('c', 63) };
        var remaining = length - (63 * 3 + 3);
        labels.Add(new string('d', remaining));
        return string.Join('.', labels);
    }
}
