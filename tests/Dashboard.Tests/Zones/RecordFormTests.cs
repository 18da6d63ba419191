using Dashboard.Dns;
using Dashboard.Features.Zones;

namespace Dashboard.Tests.Zones;

public class RecordFormTests
{
    [Fact]
    public void Compose_MxFields_ComposesNormalizedContent()
    {
        var result = RecordForm.Compose(RecordType.MX, new Dictionary<string, string> { ["preference"] = "10", ["exchange"] = "MX1.Example.Test." });

        result.Content.ShouldBe("10 mx1.example.test");
    }

    [Fact]
    public void Compose_MxPreferenceTooLarge_ErrorOnPreferenceOnly()
    {
        var result = RecordForm.Compose(RecordType.MX, new Dictionary<string, string> { ["preference"] = "70000", ["exchange"] = "mx1.example.test" });

        result.IsValid.ShouldBeFalse();
        result.Errors.Keys.ShouldBe(["preference"]);
        result.Errors["preference"].ShouldContain("0 to 65535");
    }

    [Fact]
    public void Compose_SrvBadTarget_ErrorOnTarget()
    {
        var result = RecordForm.Compose(RecordType.SRV, new Dictionary<string, string> { ["priority"] = "1", ["weight"] = "2", ["port"] = "443", ["target"] = "bad_host.test" });

        result.Errors.Keys.ShouldBe(["target"]);
    }

    [Fact]
    public void Compose_CaaUnknownTag_ErrorOnTag()
    {
        var result = RecordForm.Compose(RecordType.CAA, new Dictionary<string, string> { ["flags"] = "0", ["tag"] = "issuer", ["value"] = "letsencrypt.org" });

        result.Errors.Keys.ShouldBe(["tag"]);
    }

    [Fact]
    public void Compose_CaaValue_IsQuoted()
    {
        var result = RecordForm.Compose(RecordType.CAA, new Dictionary<string, string> { ["flags"] = "0", ["tag"] = "issue", ["value"] = "letsencrypt.org" });

        result.Content.ShouldBe("0 issue \"letsencrypt.org\"");
    }

    [Fact]
    public void Split_Caa_UnquotesValue()
    {
        RecordForm.Split(RecordType.CAA, "0 issue \"letsencrypt.org\"")["value"].ShouldBe("letsencrypt.org");
    }

    [Fact]
    public void Compose_TxtLongerThan255_IsSplitIntoStrings()
    {
        var result = RecordForm.Compose(RecordType.TXT, new Dictionary<string, string> { ["text"] = new string('a', 300) });

        result.Content.ShouldNotBeNull().ShouldStartWith("\"" + new string('a', 255) + "\" \"");
    }

    [Fact]
    public void Compose_BadIPv6_ErrorOnAddress()
    {
        RecordForm.Compose(RecordType.AAAA, new Dictionary<string, string> { ["address"] = "2001:db8::g" }).Errors.Keys.ShouldBe(["address"]);
    }
}
