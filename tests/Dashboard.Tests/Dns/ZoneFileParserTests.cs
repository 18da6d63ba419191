using Dashboard.Dns;

namespace Dashboard.Tests.Dns;

public class ZoneFileParserTests
{
    private const string Zone = "tunnel.test";

    private static ZoneFileParseResult Parse(string text) => ZoneFileParser.Parse(text, Zone);

    [Fact]
    public void Parse_RelativeNamesAtAndBlankOwner_ResolvesAgainstOrigin()
    {
        var result = Parse("""
            $TTL 300
            @        IN A 192.0.2.1
                     IN AAAA 2001:DB8::1
            www      CNAME @
            mail  60 MX 10 mx1
            _dmarc   TXT "v=DMARC1; p=none"
            *.dyn    A 192.0.2.9
            """);

        result.Errors.ShouldBeEmpty();
        result.Records.ShouldBe(
        [
            new ZoneRecord("tunnel.test", RecordType.A, "192.0.2.1", 300),
            new ZoneRecord("tunnel.test", RecordType.AAAA, "2001:db8::1", 300),
            new ZoneRecord("www.tunnel.test", RecordType.CNAME, "tunnel.test", 300),
            new ZoneRecord("mail.tunnel.test", RecordType.MX, "10 mx1.tunnel.test", 60),
            new ZoneRecord("_dmarc.tunnel.test", RecordType.TXT, "\"v=DMARC1; p=none\"", 300),
            new ZoneRecord("*.dyn.tunnel.test", RecordType.A, "192.0.2.9", 300),
        ]);
    }

    [Theory]
    [InlineData("www 300 IN A 192.0.2.1")]
    [InlineData("www IN 300 A 192.0.2.1")]
    [InlineData("www in 300 a 192.0.2.1")]
    [InlineData("www 5m A 192.0.2.1")]
    [InlineData("www.tunnel.test. 300 A 192.0.2.1")]
    public void Parse_TtlAndClassInEitherOrder_Parses(string line)
    {
        var result = Parse(line);
        result.Errors.ShouldBeEmpty();
        result.Records.ShouldBe([new ZoneRecord("www.tunnel.test", RecordType.A, "192.0.2.1", 300)]);
    }

    [Fact]
    public void Parse_NoTtlAnywhere_ReportsLine()
    {
        Parse("\nwww A 192.0.2.1").Errors.ShouldBe(["line 2: the record has no TTL and no $TTL directive precedes it"]);
    }

    [Fact]
    public void Parse_NoTtlAfterExplicitTtl_ReusesLastExplicitTtl()
    {
        var result = Parse("a 120 A 192.0.2.1\nb A 192.0.2.2");
        result.Records.Select(r => r.Ttl).ShouldBe([120, 120]);
    }

    [Fact]
    public void Parse_MultiLineSoaWithComments_Parses()
    {
        var result = Parse("""
            $ORIGIN tunnel.test.
            @ 3600 IN SOA ns1.tunnel.test. hostmaster.tunnel.test. (
                    2026112201 ; serial
                    10800      ; refresh
                    3600       ; retry
                    604800     ; expire
                    10 )       ; minimum
            @ 3600 IN NS ns1
            """);

        result.Errors.ShouldBeEmpty();
        result.Records.ShouldBe(
        [
            new ZoneRecord("tunnel.test", RecordType.SOA, "ns1.tunnel.test hostmaster.tunnel.test 2026112201 10800 3600 604800 10", 3600),
            new ZoneRecord("tunnel.test", RecordType.NS, "ns1.tunnel.test", 3600),
        ]);
    }

    [Fact]
    public void Parse_OriginChangesMidFile_AppliesToFollowingLines()
    {
        var result = Parse("""
            $TTL 60
            $ORIGIN free.tunnel.test.
            happy-otter-12  A     198.51.100.7
                            MX    10 mx
            $ORIGIN pro
            shop            CNAME edge
            $ORIGIN tunnel.test.
            www             CNAME shop.pro
            """);

        result.Errors.ShouldBeEmpty();
        result.Records.ShouldBe(
        [
            new ZoneRecord("happy-otter-12.free.tunnel.test", RecordType.A, "198.51.100.7", 60),
            new ZoneRecord("happy-otter-12.free.tunnel.test", RecordType.MX, "10 mx.free.tunnel.test", 60),
            new ZoneRecord("shop.pro.free.tunnel.test", RecordType.CNAME, "edge.pro.free.tunnel.test", 60),
            new ZoneRecord("www.tunnel.test", RecordType.CNAME, "shop.pro.tunnel.test", 60),
        ]);
    }

    [Fact]
    public void Parse_QuotedStringsWithSemicolonsAndEscapedQuotes_KeepsThem()
    {
        var result = Parse("""
            $TTL 300
            txt TXT "v=spf1 include:x.test; -all" "say \"hi\"; bye" ; trailing comment
            caa CAA 0 issue "letsencrypt.org; validationmethods=dns-01"
            """);

        result.Errors.ShouldBeEmpty();
        result.Records[0].Content.ShouldBe("\"v=spf1 include:x.test; -all\" \"say \\\"hi\\\"; bye\"");
        result.Records[1].Content.ShouldBe("0 issue \"letsencrypt.org; validationmethods=dns-01\"");
    }

    [Fact]
    public void Parse_MultiLineTxtInParentheses_JoinsStrings()
    {
        var result = Parse("$TTL 300\nkey TXT ( \"part one\"\n   \"part two\" )\n");
        result.Errors.ShouldBeEmpty();
        result.Records.ShouldHaveSingleItem().Content.ShouldBe("\"part one\" \"part two\"");
    }

    [Fact]
    public void Parse_DisabledCommentLine_ParsesAsDisabledRecord()
    {
        var result = Parse("; disabled: old.tunnel.test.\t300\tIN\tA\t192.0.2.1\n; just a comment\n");
        result.Errors.ShouldBeEmpty();
        result.Records.ShouldBe([new ZoneRecord("old.tunnel.test", RecordType.A, "192.0.2.1", 300, Disabled: true)]);
    }

    [Fact]
    public void Parse_CrLfLineEndings_Parses()
    {
        var result = Parse("$TTL 300\r\nwww A 192.0.2.1\r\n");
        result.Errors.ShouldBeEmpty();
        result.Records.ShouldHaveSingleItem().Content.ShouldBe("192.0.2.1");
    }

    [Fact]
    public void Parse_InvalidContent_ReportsValidationMessageWithLine()
    {
        var result = Parse("""
            $TTL 300
            www A 192.0.2.1

            ; comment
            mail MX 70000 mx1
            bad A 300.1.2.3
            """);

        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldBe(
        [
            "line 5: MX preference must be a whole number from 0 to 65535",
            "line 6: IPv4 address '300.1.2.3' is not valid: each part must be 0-255",
        ]);
        result.Records.ShouldHaveSingleItem().Name.ShouldBe("www.tunnel.test");
    }

    [Fact]
    public void Parse_Include_RejectedWithLine()
    {
        Parse("$TTL 300\n$INCLUDE other.zone\n").Errors
            .ShouldBe(["line 2: $INCLUDE is not supported; paste the included file's records into this file instead"]);
    }

    [Fact]
    public void Parse_UnknownDirective_Rejected()
    {
        Parse("$GENERATE 1-10 host$ A 192.0.2.$").Errors.ShouldHaveSingleItem().ShouldStartWith("line 1: the directive '$GENERATE'");
    }

    [Fact]
    public void Parse_UnknownType_NamesLineAndType()
    {
        Parse("$TTL 300\n\nhost HINFO \"PC\" \"Linux\"").Errors.ShouldHaveSingleItem()
            .ShouldStartWith("line 3: record type 'HINFO' is not supported");
    }

    [Fact]
    public void Parse_PdnsutilListZoneStyleRootOrigin_ParsesAbsoluteNames()
    {
        var result = Parse("$ORIGIN .\ntunnel.test\t3600\tIN\tNS\tns1.tunnel.test.\nwww.tunnel.test\t300\tIN\tCNAME\ttunnel.test.\n");
        result.Errors.ShouldBeEmpty();
        result.Records.ShouldBe(
        [
            new ZoneRecord("tunnel.test", RecordType.NS, "ns1.tunnel.test", 3600),
            new ZoneRecord("www.tunnel.test", RecordType.CNAME, "tunnel.test", 300),
        ]);
    }

    [Fact]
    public void Parse_NonAsciiLookalikeClass_NotTreatedAsIn()
    {
        Parse("www 300 \u0131N A 192.0.2.1").Errors.ShouldHaveSingleItem().ShouldContain("is not supported");
    }

    [Fact]
    public void Parse_OtherClass_Rejected()
    {
        Parse("www 300 CH A 192.0.2.1").Errors.ShouldBe(["line 1: only class IN is supported (found 'CH')"]);
    }

    [Fact]
    public void Parse_NameOutsideZone_Rejected()
    {
        Parse("www.other.test. 300 A 192.0.2.1").Errors
            .ShouldBe(["line 1: name 'www.other.test' is not inside zone 'tunnel.test'"]);
    }

    [Fact]
    public void Parse_OriginOutsideZone_RecordsRejected()
    {
        Parse("$ORIGIN other.test.\nwww 300 A 192.0.2.1").Errors
            .ShouldBe(["line 2: name 'www.other.test' is not inside zone 'tunnel.test'"]);
    }

    [Fact]
    public void Parse_UnterminatedQuote_ReportsLine()
    {
        Parse("$TTL 300\ntxt TXT \"open").Errors.ShouldHaveSingleItem().ShouldStartWith("line 2: a quoted string is not terminated");
    }

    [Fact]
    public void Parse_UnclosedParenthesis_ReportsOpeningLine()
    {
        Parse("$TTL 300\n@ SOA ns1 hostmaster ( 1 2 3\n 4 5\n").Errors
            .ShouldBe(["line 2: the parenthesis opened on this line is never closed"]);
    }

    [Fact]
    public void Parse_StrayClosingParenthesis_ReportsLine()
    {
        Parse("$TTL 300\nwww A 192.0.2.1 )").Errors.ShouldBe(["line 2: ')' has no matching '('"]);
    }

    [Fact]
    public void Parse_BlankOwnerWithoutPrevious_ReportsLine()
    {
        Parse("$TTL 300\n   A 192.0.2.1").Errors.ShouldHaveSingleItem().ShouldStartWith("line 2: the line starts with a space");
    }

    [Fact]
    public void Parse_ErrorInsideMultiLineRecord_ReportsStartLine()
    {
        var result = Parse("$TTL 300\n\n@ SOA ns1 hostmaster (\n 1 2 3\n 4 99999999999 )\n");
        result.Errors.ShouldBe(["line 3: SOA minimum must be a whole number from 0 to 2147483647"]);
    }

    [Fact]
    public void Parse_MissingTypeAndContent_Reported()
    {
        Parse("www 300 IN").Errors.ShouldBe(["line 1: the record type is missing"]);
        Parse("www 300 IN A").Errors.ShouldBe(["line 1: the A record has no content"]);
    }

    [Fact]
    public void Parse_InvalidOwner_Reported()
    {
        Parse("bad!name 300 A 192.0.2.1").Errors.ShouldHaveSingleItem().ShouldStartWith("line 1: owner name:");
    }

    [Fact]
    public void Parse_BadTtlDirective_Reported()
    {
        Parse("$TTL forever").Errors.ShouldHaveSingleItem().ShouldStartWith("line 1: $TTL value 'forever'");
    }

    [Fact]
    public void Parse_SeveralErrors_AllReportedInLineOrder()
    {
        var result = Parse("$TTL 300\na A 1.2.3\nb A 1.2.3.4\nc TXT \"x\ne AAAA 2001:db8::g");
        result.Errors.Select(e => e[..6]).ShouldBe(["line 2", "line 4", "line 5"]);
    }
}
