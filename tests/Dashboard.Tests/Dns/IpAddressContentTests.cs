using Dashboard.Dns;

namespace Dashboard.Tests.Dns;

public class IpAddressContentTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("192.0.2.10")]
    [InlineData("255.255.255.255")]
    [InlineData("10.0.0.1")]
    public void ValidateIPv4_Valid_ReturnsSameAddress(string input)
    {
        var result = IpAddressContent.ValidateIPv4(input);
        result.IsValid.ShouldBeTrue();
        result.Value.ShouldBe(input);
    }

    [Theory]
    [InlineData("256.0.0.1", "each part must be 0-255")]
    [InlineData("300.1.2.3", "each part must be 0-255")]
    [InlineData("1.2.3", "four numbers")]
    [InlineData("1.2.3.4.5", "four numbers")]
    [InlineData("01.2.3.4", "leading zeros")]
    [InlineData("1.2.3.4 ", "spaces")]
    [InlineData(" 1.2.3.4", "spaces")]
    [InlineData("1.2..4", "number from 0 to 255")]
    [InlineData("a.b.c.d", "number from 0 to 255")]
    [InlineData("1.2.3.-4", "number from 0 to 255")]
    [InlineData("1.2.3.1000", "0-255")]
    [InlineData("::1", "four numbers")]
    [InlineData("", "empty")]
    public void ValidateIPv4_Invalid_ReportsReason(string input, string expected)
    {
        var result = IpAddressContent.ValidateIPv4(input);
        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldContain(e => e.Contains(expected));
    }

    [Fact]
    public void ValidateIPv4_OutOfRange_NamesTheAddress()
    {
        IpAddressContent.ValidateIPv4("300.1.2.3").Errors
            .ShouldBe(["IPv4 address '300.1.2.3' is not valid: each part must be 0-255"]);
    }

    [Theory]
    [InlineData("::1", "::1")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    [InlineData("2001:DB8:0:0:0:0:0:1", "2001:db8::1")]
    [InlineData("2001:0db8:0000:0000:0000:ff00:0042:8329", "2001:db8::ff00:42:8329")]
    public void ValidateIPv6_Valid_NormalizesToCompressedLowercase(string input, string expected)
    {
        var result = IpAddressContent.ValidateIPv6(input);
        result.IsValid.ShouldBeTrue(string.Join("; ", result.Errors));
        result.Value.ShouldBe(expected);
    }

    [Theory]
    [InlineData("2001:db8::g", "hexadecimal")]
    [InlineData("1.2.3.4", "A record")]
    [InlineData("fe80::1%eth0", "zone ids")]
    [InlineData("2001:db8:: 1", "spaces")]
    [InlineData("2001:db8::1 ", "spaces")]
    [InlineData("[2001:db8::1]", "hexadecimal")]
    [InlineData("2001:db8::1/64", "hexadecimal")]
    [InlineData("1:2:3:4:5:6:7:8:9", "hexadecimal")]
    [InlineData("", "empty")]
    [InlineData("::ffff:1.2.3.4", "IPv4 address written as IPv6 (::ffff:...), which PowerDNS does not accept; use an A record for 1.2.3.4")]
    [InlineData("::FFFF:c000:0201", "use an A record for 192.0.2.1")]
    public void ValidateIPv6_Invalid_ReportsReason(string input, string expected)
    {
        var result = IpAddressContent.ValidateIPv6(input);
        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldContain(e => e.Contains(expected));
    }
}
