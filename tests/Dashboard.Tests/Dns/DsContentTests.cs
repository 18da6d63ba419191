using Dashboard.Dns;

namespace Dashboard.Tests.Dns;

public class DsContentTests
{
    [Theory]
    // RFC 4034 §5.4 (SHA-1), RFC 4509 §2.3 (SHA-256, digest split as zone files write it), SHA-384 (RFC 6605)
    [InlineData("60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118", "60485 5 1 2bb183af5f22588179a53b0a98631fad1a292118")]
    [InlineData("60485 5 2 D4B7D520E7BB5F0F67674A0CCEB1E3E0 614B93C4F9E99B8383F6A1E4469DA50A", "60485 5 2 d4b7d520e7bb5f0f67674a0cceb1e3e0614b93c4f9e99b8383f6a1e4469da50a")]
    [InlineData("0 13 4 " + Hex96, "0 13 4 " + Hex96)]
    [InlineData("65535 15 2 " + Hex64, "65535 15 2 " + Hex64)]
    public void Validate_RfcExamples_StoredAsPowerDnsApiStoresThem(string input, string expected)
    {
        var result = DsContent.Validate(input);
        result.IsValid.ShouldBeTrue(string.Join("; ", result.Errors));
        result.Value.ShouldBe(expected);
    }

    [Theory]
    [InlineData("65536 13 2 " + Hex64, "DS key tag must be a whole number from 0 to 65535")]
    [InlineData("1 2 2 " + Hex64, "DS algorithm 2 is not a DNSSEC signing algorithm")]
    [InlineData("1 0 2 " + Hex64, "DS algorithm 0 is not a DNSSEC signing algorithm")]
    [InlineData("1 256 2 " + Hex64, "DS algorithm must be a whole number from 0 to 255")]
    [InlineData("1 13 0 " + Hex64, "DS digest type 0 is not assigned")]
    [InlineData("1 13 7 " + Hex64, "DS digest type 7 is not assigned")]
    [InlineData("1 13 1 " + Hex64, "DS digest must be 40 hex digits for digest type 1 (SHA-1); it has 64")]
    [InlineData("1 13 2 2bb183af5f22588179a53b0a98631fad1a292118", "DS digest must be 64 hex digits for digest type 2 (SHA-256); it has 40")]
    [InlineData("1 13 4 " + Hex64, "DS digest must be 96 hex digits for digest type 4 (SHA-384); it has 64")]
    [InlineData("1 13 2 " + "g" + "2bb183af5f22588179a53b0a98631fad1a2921182bb183af5f22588179a53b0", "DS digest must be hexadecimal digits (0-9, a-f); 'g' is not one")]
    [InlineData("1 13 2", "DS content must be key tag, algorithm, digest type and digest")]
    [InlineData("-1 13 2 " + Hex64, "DS key tag must be a whole number from 0 to 65535")]
    public void Validate_Bad_SaysWhichField(string input, string message)
    {
        var result = DsContent.Validate(input);
        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldContain(e => e.StartsWith(message), string.Join("; ", result.Errors));
    }

    private const string Hex64 = "d4b7d520e7bb5f0f67674a0cceb1e3e0614b93c4f9e99b8383f6a1e4469da50a";
    private const string Hex96 = Hex64 + "0123456789abcdef0123456789abcdef";
}
