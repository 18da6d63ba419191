using Dashboard.Dns;

namespace Dashboard.Tests.Dns;

public class CaaContentTests
{
    [Theory]
    [InlineData("0 issue \"letsencrypt.org\"", "0 issue \"letsencrypt.org\"")]
    [InlineData("0 ISSUE letsencrypt.org", "0 issue \"letsencrypt.org\"")]
    [InlineData("128 issuewild \";\"", "128 issuewild \";\"")]
    [InlineData("0 issue \"\"", "0 issue \"\"")]
    [InlineData("0 issue \"letsencrypt.org; validationmethods=dns-01\"", "0 issue \"letsencrypt.org; validationmethods=dns-01\"")]
    [InlineData("0 iodef \"mailto:security@tunnel.test\"", "0 iodef \"mailto:security@tunnel.test\"")]
    [InlineData("0 iodef \"https://tunnel.test/caa\"", "0 iodef \"https://tunnel.test/caa\"")]
    [InlineData("0 issuemail \"ca.example.test\"", "0 issuemail \"ca.example.test\"")]
    [InlineData("0 iodef \"http://tunnel.test/caa\"", "0 iodef \"http://tunnel.test/caa\"")]
    [InlineData("0 contactemail \"security@tunnel.test\"", "0 contactemail \"security@tunnel.test\"")]
    [InlineData("0 contactphone \"+1-555-010-0100\"", "0 contactphone \"+1-555-010-0100\"")]
    public void Validate_Valid_NormalizesWithQuotedValue(string input, string expected)
    {
        var result = CaaContent.Validate(input);
        result.IsValid.ShouldBeTrue(string.Join("; ", result.Errors));
        result.Value.ShouldBe(expected);
    }

    [Theory]
    [InlineData("256 issue \"letsencrypt.org\"", "CAA flags must be a whole number from 0 to 255")]
    [InlineData("0 tbs \"x\"", "use one of: issue, issuewild, iodef, issuemail, contactemail, contactphone")]
    [InlineData("0 is-sue \"x\"", "only letters and digits")]
    [InlineData("0 iodef \"ftp://tunnel.test/caa\"", "mailto:, http: or https: URL")]
    [InlineData("0 iodef \"not a url\"", "mailto:, http: or https: URL")]
    [InlineData("0 contactemail \"not an address\"", "must be one email address")]
    [InlineData("0 contactemail \"security@\"", "must be one email address")]
    [InlineData("0 contactphone \"555-0100\"", "must be an international phone number")]
    [InlineData("0 contactphone \"+1 555 0100\"", "must be an international phone number")]
    [InlineData("0 issue", "flags, tag and value")]
    [InlineData("0 issue \"a\" \"b\"", "single quoted string")]
    [InlineData("0 issue two words", "single quoted string")]
    [InlineData("0 issue \"unterminated", "unterminated")]
    [InlineData("0 issue \"bad_ca!\"", "issuer")]
    public void Validate_Invalid_ReportsReason(string input, string expected)
    {
        var result = CaaContent.Validate(input);
        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldContain(e => e.Contains(expected));
    }
}
