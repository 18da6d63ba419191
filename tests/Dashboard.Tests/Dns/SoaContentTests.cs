using Dashboard.Dns;

namespace Dashboard.Tests.Dns;

public class SoaContentTests
{
    [Theory]
    [InlineData("ns1.tunnel.test hostmaster.tunnel.test 2026112201 10800 3600 604800 10",
        "ns1.tunnel.test hostmaster.tunnel.test 2026112201 10800 3600 604800 10")]
    [InlineData("NS1.tunnel.test. hostmaster.tunnel.test. 4294967295 2147483647 0 2147483647 0",
        "ns1.tunnel.test hostmaster.tunnel.test 4294967295 2147483647 0 2147483647 0")]
    [InlineData("ns1.tunnel.test. host\\.master.tunnel.test. 1 10800 3600 604800 10",
        "ns1.tunnel.test host\\.master.tunnel.test 1 10800 3600 604800 10")]
    [InlineData("ns1.tunnel.test. john\\032doe.tunnel.test. 1 10800 3600 604800 10",
        "ns1.tunnel.test john\\032doe.tunnel.test 1 10800 3600 604800 10")]
    public void Validate_Valid_Normalizes(string input, string expected)
    {
        var result = SoaContent.Validate(input);
        result.IsValid.ShouldBeTrue(string.Join("; ", result.Errors));
        result.Value.ShouldBe(expected);
    }

    [Theory]
    [InlineData("ns1.tunnel.test hostmaster.tunnel.test 4294967296 10800 3600 604800 10", "SOA serial must be a whole number from 0 to 4294967295")]
    [InlineData("ns1.tunnel.test hostmaster.tunnel.test 1 2147483648 3600 604800 10", "SOA refresh must be a whole number from 0 to 2147483647")]
    [InlineData("ns1.tunnel.test hostmaster.tunnel.test 1 10800 x 604800 10", "SOA retry")]
    [InlineData("ns1.tunnel.test hostmaster.tunnel.test 1 10800 3600 -1 10", "SOA expire")]
    [InlineData("ns1.tunnel.test hostmaster.tunnel.test 1 10800 3600 604800 1.5", "SOA minimum")]
    [InlineData("ns1.tunnel.test hostmaster.tunnel.test 1 10800 3600 604800", "7 fields")]
    [InlineData("_ns1.tunnel.test hostmaster.tunnel.test 1 10800 3600 604800 10", "mname")]
    [InlineData("ns1.tunnel.test host master 1 10800 3600 604800 10", "7 fields")]
    [InlineData("ns1.tunnel.test hostmaster@tunnel.test 1 10800 3600 604800 10", "rname): write the mailbox as a name, with a dot instead of '@'")]
    [InlineData("192.0.2.53 hostmaster.tunnel.test 1 10800 3600 604800 10", "mname): '192.0.2.53' is an IP address")]
    public void Validate_Invalid_ReportsReason(string input, string expected)
    {
        var result = SoaContent.Validate(input);
        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldContain(e => e.Contains(expected));
    }
}
