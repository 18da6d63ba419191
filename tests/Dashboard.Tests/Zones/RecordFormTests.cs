using Dashboard.Dns;
using Dashboard.Features.Zones;

namespace Dashboard.Tests.Zones;

public class RecordFormTests
{
    private const string Zone = "x.test";

    [Fact]
    public void Compose_MxFields_ComposesNormalizedContent()
    {
        var result = RecordForm.Compose(RecordType.MX, new Dictionary<string, string> { ["preference"] = "10", ["exchange"] = "MX1.Example.Test." }, Zone);

        result.Content.ShouldBe("10 mx1.example.test");
    }

    [Fact]
    public void Compose_MxPreferenceTooLarge_ErrorOnPreferenceOnly()
    {
        var result = RecordForm.Compose(RecordType.MX, new Dictionary<string, string> { ["preference"] = "70000", ["exchange"] = "mx1.example.test" }, Zone);

        result.IsValid.ShouldBeFalse();
        result.Errors.Keys.ShouldBe(["preference"]);
        result.Errors["preference"].ShouldContain("0 to 65535");
    }

    [Fact]
    public void Compose_SrvBadTarget_ErrorOnTarget()
    {
        var result = RecordForm.Compose(RecordType.SRV, new Dictionary<string, string> { ["priority"] = "1", ["weight"] = "2", ["port"] = "443", ["target"] = "bad_host.test" }, Zone);

        result.Errors.Keys.ShouldBe(["target"]);
    }

    [Fact]
    public void Compose_CaaUnknownTag_ErrorOnTag()
    {
        var result = RecordForm.Compose(RecordType.CAA, new Dictionary<string, string> { ["flags"] = "0", ["tag"] = "issuer", ["value"] = "letsencrypt.org" }, Zone);

        result.Errors.Keys.ShouldBe(["tag"]);
    }

    [Fact]
    public void Compose_CaaValue_IsQuoted()
    {
        var result = RecordForm.Compose(RecordType.CAA, new Dictionary<string, string> { ["flags"] = "0", ["tag"] = "issue", ["value"] = "letsencrypt.org" }, Zone);

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
        var result = RecordForm.Compose(RecordType.TXT, new Dictionary<string, string> { ["text"] = new string('a', 300) }, Zone);

        result.Content.ShouldNotBeNull().ShouldStartWith("\"" + new string('a', 255) + "\" \"");
    }

    [Fact]
    public void Compose_BadIPv6_ErrorOnAddress()
    {
        RecordForm.Compose(RecordType.AAAA, new Dictionary<string, string> { ["address"] = "2001:db8::g" }, Zone).Errors.Keys.ShouldBe(["address"]);
    }

    [Theory]
    [InlineData(RecordType.CNAME, "target", "ux-a", "ux-a.x.test", "ux-a.x.test.")]
    [InlineData(RecordType.CNAME, "target", "sel._domainkey.provider.net.", "sel._domainkey.provider.net", "sel._domainkey.provider.net.")]
    [InlineData(RecordType.CNAME, "target", "@", "x.test", "x.test.")]
    [InlineData(RecordType.NS, "target", "ns1", "ns1.x.test", "ns1.x.test.")]
    [InlineData(RecordType.PTR, "target", "host-1.example.net.", "host-1.example.net", "host-1.example.net.")]
    public void Compose_NameField_RelativeToZoneUnlessItEndsInADot(RecordType type, string key, string typed, string content, string shown)
    {
        var result = RecordForm.Compose(type, new Dictionary<string, string> { [key] = typed }, Zone);

        result.Content.ShouldBe(content);
        result.Names[key].ShouldBe(shown);
    }

    [Fact]
    public void Compose_MxRelativeExchange_IsCompletedWithTheZone()
    {
        var result = RecordForm.Compose(RecordType.MX, new Dictionary<string, string> { ["preference"] = "10", ["exchange"] = "mail" }, Zone);

        result.Content.ShouldBe("10 mail.x.test");
        result.Names["exchange"].ShouldBe("mail.x.test.");
    }

    [Fact]
    public void Compose_SrvRelativeTarget_IsCompletedWithTheZone()
    {
        var result = RecordForm.Compose(RecordType.SRV, new Dictionary<string, string> { ["priority"] = "10", ["weight"] = "5", ["port"] = "5060", ["target"] = "sip" }, Zone);

        result.Content.ShouldBe("10 5 5060 sip.x.test");
    }

    [Theory]
    [InlineData("192.0.2.20")]
    [InlineData("192.0.2.20.")]
    [InlineData("2001:db8::1")]
    public void Compose_MxExchangeIsAnIpAddress_ErrorOnExchange(string exchange)
    {
        var result = RecordForm.Compose(RecordType.MX, new Dictionary<string, string> { ["preference"] = "10", ["exchange"] = exchange }, Zone);

        result.IsValid.ShouldBeFalse();
        result.Errors["exchange"].ShouldContain("is an IP address");
    }

    [Fact]
    public void Compose_NameValidWhileAnotherFieldIsNot_StillReportsTheAbsoluteName()
    {
        var result = RecordForm.Compose(RecordType.MX, new Dictionary<string, string> { ["preference"] = "", ["exchange"] = "mail" }, Zone);

        result.IsValid.ShouldBeFalse();
        result.Names["exchange"].ShouldBe("mail.x.test.");
    }

    [Theory]
    [InlineData(RecordType.CNAME, "ux-a.x.test", "target", "ux-a.x.test.")]
    [InlineData(RecordType.MX, "10 mx1.example.test", "exchange", "mx1.example.test.")]
    [InlineData(RecordType.MX, "0 .", "exchange", ".")]
    [InlineData(RecordType.SRV, "10 5 5060 sip.example.test", "target", "sip.example.test.")]
    public void Split_StoredName_IsShownAbsoluteSoItComposesBackUnchanged(RecordType type, string content, string key, string shown)
    {
        var values = RecordForm.Split(type, content);

        values[key].ShouldBe(shown);
        RecordForm.Compose(type, values, Zone).Content.ShouldBe(content);
    }

    [Fact]
    public void HelpText_RelativeName_SaysTheAbsoluteName()
    {
        var field = RecordForm.Fields(RecordType.CNAME)[0];
        var result = RecordForm.Compose(RecordType.CNAME, new Dictionary<string, string> { ["target"] = "ux-a" }, Zone);

        RecordForm.HelpText(RecordType.CNAME, field, "ux-a", result, Zone).ShouldBe("Means ux-a.x.test.");
    }

    [Fact]
    public void HelpText_RelativeNameEndingWithTheZone_WarnsItIsInTheZoneTwice()
    {
        var field = RecordForm.Fields(RecordType.CNAME)[0];
        var result = RecordForm.Compose(RecordType.CNAME, new Dictionary<string, string> { ["target"] = "www.x.test" }, Zone);

        RecordForm.HelpText(RecordType.CNAME, field, "www.x.test", result, Zone).ShouldStartWith("Means www.x.test.x.test. (names without a trailing dot are relative to x.test; write www.x.test. if you meant that name)");
    }
}
