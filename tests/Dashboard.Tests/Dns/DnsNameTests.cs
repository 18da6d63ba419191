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
    [InlineData("", "free.tunnel.test")]
    [InlineData("  ", "free.tunnel.test")]
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
    public void ResolveOwner_Invalid_Fails(string input, string expected)
    {
        var result = DnsName.ResolveOwner(input, Zone);
        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldContain(e => e.Contains(expected));
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
