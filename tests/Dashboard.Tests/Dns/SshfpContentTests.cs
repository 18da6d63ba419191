using Dashboard.Dns;

namespace Dashboard.Tests.Dns;

public class SshfpContentTests
{
    [Theory]
    // RFC 4255 §3.3; SHA-256 (RFC 6594) with Ed25519 (RFC 7479) and Ed448 (RFC 8709)
    [InlineData("2 1 123456789abcdef67890123456789abcdef67890", "2 1 123456789abcdef67890123456789abcdef67890")]
    [InlineData("4 2 123456789ABCDEF67890123456789ABCDEF67890123456789ABCDEF123456789", "4 2 123456789abcdef67890123456789abcdef67890123456789abcdef123456789")]
    [InlineData("6 2 123456789abcdef67890123456789abcdef67890123456789abcdef123456789", "6 2 123456789abcdef67890123456789abcdef67890123456789abcdef123456789")]
    public void Validate_RfcExamples_StoredAsPowerDnsApiStoresThem(string input, string expected)
    {
        var result = SshfpContent.Validate(input);
        result.IsValid.ShouldBeTrue(string.Join("; ", result.Errors));
        result.Value.ShouldBe(expected);
    }

    [Theory]
    [InlineData("5 1 123456789abcdef67890123456789abcdef67890", "SSHFP algorithm must be 1 (RSA), 2 (DSA), 3 (ECDSA), 4 (Ed25519) or 6 (Ed448); '5' is not")]
    [InlineData("0 1 123456789abcdef67890123456789abcdef67890", "SSHFP algorithm must be")]
    [InlineData("4 3 123456789abcdef67890123456789abcdef67890", "SSHFP fingerprint type must be 1 (SHA-1) or 2 (SHA-256); '3' is not")]
    [InlineData("4 2 123456789abcdef67890123456789abcdef67890", "SSHFP fingerprint must be 64 hex digits for type 2 (SHA-256); it has 40")]
    [InlineData("4 1 123456789abcdef67890123456789abcdef6789", "SSHFP fingerprint must be 40 hex digits for type 1 (SHA-1); it has 39")]
    [InlineData("4 2", "SSHFP content must be algorithm, fingerprint type and fingerprint")]
    public void Validate_Bad_SaysWhichField(string input, string message)
    {
        var result = SshfpContent.Validate(input);
        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldContain(e => e.StartsWith(message), string.Join("; ", result.Errors));
    }
}
