using System.Text;
using Dashboard.Dns;

namespace Dashboard.Tests.Dns;

public class TxtContentTests
{
    [Theory]
    [InlineData("v=spf1 -all", "\"v=spf1 -all\"")]
    [InlineData("  v=spf1 -all  ", "\"v=spf1 -all\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("back\\slash", "\"back\\\\slash\"")]
    [InlineData("semi;colon", "\"semi;colon\"")]
    public void Validate_Unquoted_QuotesAndEscapes(string input, string expected)
    {
        var result = TxtContent.Validate(input);
        result.IsValid.ShouldBeTrue(string.Join("; ", result.Errors));
        result.Value.ShouldBe(expected);
    }

    [Theory]
    [InlineData("\"v=spf1 -all\"", "\"v=spf1 -all\"")]
    [InlineData("\"part one\"    \"part two\"", "\"part one\" \"part two\"")]
    [InlineData("\"a \\\"quoted\\\" word\"", "\"a \\\"quoted\\\" word\"")]
    [InlineData("\"\\065\\066C\"", "\"ABC\"")]
    [InlineData("\"\\;x\"", "\";x\"")]
    [InlineData("\"tab\\009x\"", "\"tab\\009x\"")]
    [InlineData("\"\"", "\"\"")]
    [InlineData("\"caf\\195\\169\"", "\"café\"")]
    [InlineData("\"bad\\255utf8\"", "\"bad\\255utf8\"")]
    public void Validate_Quoted_NormalizesToCanonicalStorage(string input, string expected)
    {
        var result = TxtContent.Validate(input);
        result.IsValid.ShouldBeTrue(string.Join("; ", result.Errors));
        result.Value.ShouldBe(expected);
    }

    [Theory]
    [InlineData("\"unterminated", "unterminated")]
    [InlineData("\"ends with backslash\\", "unterminated")]
    [InlineData("\"one\" stray \"two\"", "stray character 's'")]
    [InlineData("\"one\"\"two\"", "separated by a space")]
    [InlineData("\"bad \\256\"", "\\000 to \\255")]
    [InlineData("\"bad \\12x\"", "exactly three digits")]
    [InlineData("", "must not be empty")]
    [InlineData("   ", "must not be empty")]
    public void Validate_MalformedQuoted_ReportsReason(string input, string expected)
    {
        var result = TxtContent.Validate(input);
        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldContain(e => e.Contains(expected));
    }

    [Fact]
    public void Validate_Quoted255Bytes_IsValid()
    {
        TxtContent.Validate($"\"{new string('x', 255)}\"").IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Validate_Quoted256Bytes_IsInvalid()
    {
        var result = TxtContent.Validate($"\"{new string('x', 256)}\"");
        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldBe(["TXT string 1 is 256 bytes long; each quoted string may be at most 255 bytes"]);
    }

    [Fact]
    public void Validate_QuotedEscapesCountAfterUnescaping_IsValid()
    {
        // 255 escaped quotes are 510 characters but 255 bytes
        var input = "\"" + string.Concat(Enumerable.Repeat("\\\"", 255)) + "\"";
        TxtContent.Validate(input).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Validate_QuotedMultiByteOver255Bytes_IsInvalid()
    {
        // 128 x 'é' = 128 characters but 256 UTF-8 bytes
        var result = TxtContent.Validate($"\"{new string('é', 128)}\"");
        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldContain(e => e.Contains("256 bytes"));
    }

    [Fact]
    public void Validate_QuotedMultiByteExactly254Bytes_IsValid()
    {
        TxtContent.Validate($"\"{new string('é', 127)}\"").IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Validate_Unquoted256Bytes_SplitsInto255And1()
    {
        var result = TxtContent.Validate(new string('x', 256));
        result.IsValid.ShouldBeTrue();
        result.Value.ShouldBe($"\"{new string('x', 255)}\" \"x\"");
    }

    [Fact]
    public void Validate_Unquoted255Bytes_StaysOneString()
    {
        TxtContent.Validate(new string('x', 255)).Value.ShouldBe($"\"{new string('x', 255)}\"");
    }

    [Fact]
    public void Validate_UnquotedMultiByte_SplitsOnCharacterBoundary()
    {
        // 'x' + 127 x 'é' = 255 bytes, next 'é' would straddle the boundary
        var input = "x" + new string('é', 128);
        var result = TxtContent.Validate(input);
        result.IsValid.ShouldBeTrue();
        var parsed = TxtContent.Parse(result.Value!);
        parsed.Strings.Count.ShouldBe(2);
        Encoding.UTF8.GetByteCount(parsed.Strings[0]).ShouldBe(255);
        parsed.Strings[1].ShouldBe("é");
        string.Concat(parsed.Strings).ShouldBe(input);
    }

    [Fact]
    public void Validate_UnquotedWithQuotes_SplitsByRawBytesNotEscapedLength()
    {
        var raw = "a" + new string('"', 255); // 256 raw bytes, unquoted
        var result = TxtContent.Validate(raw);
        result.IsValid.ShouldBeTrue();
        TxtContent.Parse(result.Value!).Strings.Select(s => s.Length).ShouldBe([255, 1]);
    }

    [Fact]
    public void Parse_MultipleStrings_ReturnsRawStrings()
    {
        var result = TxtContent.Parse("\"part one\" \"say \\\"hi\\\"; ok\" \"back\\\\slash\"");
        result.IsValid.ShouldBeTrue();
        result.Strings.ShouldBe(["part one", "say \"hi\"; ok", "back\\slash"]);
    }

    [Fact]
    public void Parse_Unterminated_ReturnsError()
    {
        var result = TxtContent.Parse("\"open");
        result.IsValid.ShouldBeFalse();
        result.Strings.ShouldBeEmpty();
    }

    [Fact]
    public void Format_RawStrings_QuotesEscapesAndJoins()
    {
        TxtContent.Format(["v=DMARC1; p=reject", "say \"hi\"", "c:\\dir"])
            .ShouldBe("\"v=DMARC1; p=reject\" \"say \\\"hi\\\"\" \"c:\\\\dir\"");
    }

    [Fact]
    public void Format_ThenParse_RoundTrips()
    {
        string[] raw = ["plain", "quote \" and \\ backslash", "ünïcødé", "line\nbreak", ""];
        TxtContent.Parse(TxtContent.Format(raw)).Strings.ShouldBe(raw);
    }
}
