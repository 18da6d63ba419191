using Dashboard.Dns;

namespace Dashboard.Tests.Dns;

public class RecordTypesTests
{
    [Theory]
    [InlineData("A", RecordType.A)]
    [InlineData("aaaa", RecordType.AAAA)]
    [InlineData("Cname", RecordType.CNAME)]
    [InlineData("mx", RecordType.MX)]
    [InlineData("txt", RecordType.TXT)]
    [InlineData("srv", RecordType.SRV)]
    [InlineData("caa", RecordType.CAA)]
    [InlineData("ns", RecordType.NS)]
    [InlineData("ptr", RecordType.PTR)]
    [InlineData(" soa ", RecordType.SOA)]
    public void TryParse_SupportedMnemonicAnyCase_ReturnsType(string text, RecordType expected)
    {
        RecordTypes.TryParse(text, out var type).ShouldBeTrue();
        type.ShouldBe(expected);
    }

    [Theory]
    [InlineData("HINFO")]
    [InlineData("1")]
    [InlineData("cnamE\u0131")]
    [InlineData("\u0131N")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_UnsupportedOrNumeric_ReturnsFalse(string? text)
    {
        RecordTypes.TryParse(text, out _).ShouldBeFalse();
    }

    [Fact]
    public void Parse_Unsupported_ThrowsWithSupportedList()
    {
        var ex = Should.Throw<FormatException>(() => RecordTypes.Parse("HINFO"));
        ex.Message.ShouldContain("HINFO");
        ex.Message.ShouldContain("CAA");
    }
}
