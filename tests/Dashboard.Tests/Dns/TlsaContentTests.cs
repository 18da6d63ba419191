using Dashboard.Dns;

namespace Dashboard.Tests.Dns;

public class TlsaContentTests
{
    [Theory]
    // RFC 6698 §2.3 examples (data split over lines as there)
    [InlineData("0 0 1 d2abde240d7cd3ee6b4b28c54df034b9 7983a1d16e8a410e4561cb106618e971", "0 0 1 d2abde240d7cd3ee6b4b28c54df034b97983a1d16e8a410e4561cb106618e971")]
    [InlineData("1 1 2 92003ba34942dc74152e2f2c408d29ec a5a520e7f2e06bb944f4dca346baf63c 1b177615d466f6c4b71c216a50292bd5 8c9ebdd2f74e38fe51ffd48c43326cbc",
        "1 1 2 92003ba34942dc74152e2f2c408d29eca5a520e7f2e06bb944f4dca346baf63c1b177615d466f6c4b71c216a50292bd58c9ebdd2f74e38fe51ffd48c43326cbc")]
    [InlineData("3 0 0 30820307 30820200A0", "3 0 0 3082030730820200a0")]
    [InlineData("3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6", "3 1 1 0c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6")]
    public void Validate_RfcExamples_StoredAsPowerDnsApiStoresThem(string input, string expected)
    {
        var result = TlsaContent.Validate(input);
        result.IsValid.ShouldBeTrue(string.Join("; ", result.Errors));
        result.Value.ShouldBe(expected);
    }

    [Theory]
    [InlineData("4 1 1 " + Sha256, "TLSA certificate usage must be 0 (PKIX-TA), 1 (PKIX-EE), 2 (DANE-TA) or 3 (DANE-EE); '4' is not")]
    [InlineData("3 2 1 " + Sha256, "TLSA selector must be 0 (full certificate) or 1 (public key); '2' is not")]
    [InlineData("3 1 3 " + Sha256, "TLSA matching type must be 0 (exact data), 1 (SHA-256) or 2 (SHA-512); '3' is not")]
    [InlineData("3 1 2 " + Sha256, "TLSA data must be 128 hex digits for matching type 2 (SHA-512); it has 64")]
    [InlineData("3 1 1 0c72ac", "TLSA data must be 64 hex digits for matching type 1 (SHA-256); it has 6")]
    [InlineData("3 0 0 abc", "TLSA data has 3 hex digits")]
    [InlineData("3 1 1 zz", "TLSA data must be hexadecimal digits")]
    [InlineData("3 1 1", "TLSA content must be usage, selector, matching type and data")]
    public void Validate_Bad_SaysWhichField(string input, string message)
    {
        var result = TlsaContent.Validate(input);
        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldContain(e => e.StartsWith(message), string.Join("; ", result.Errors));
    }

    private const string Sha256 = "0c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6";
}
