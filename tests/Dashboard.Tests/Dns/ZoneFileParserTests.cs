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
        Parse("$DEFAULT 1-10 host$ A 192.0.2.$").Errors.ShouldHaveSingleItem().ShouldStartWith("line 1: the directive '$DEFAULT'");
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

    // Issue #7, part 2, "Zone files": each test starts from the input named there.

    [Theory]
    [InlineData("\u00A0", "a no-break space (U+00A0)")]
    [InlineData("\u000C", "a form feed (U+000C)")]
    [InlineData("\u2028", "a line separator (U+2028)")]
    public void Parse_OtherSpaceBetweenFields_IsNotASeparator_SaysWhichCharacter(string space, string named)
    {
        var result = Parse($"$TTL 300\nwww{space}A 192.0.2.1\nmail A{space}192.0.2.2\n");

        result.Records.ShouldBeEmpty();
        result.Errors.Count.ShouldBe(2);
        result.Errors[0].ShouldStartWith("line 2:");
        result.Errors[0].ShouldContain(named);
        result.Errors[0].ShouldContain("only spaces and tabs separate fields");
        result.Errors[1].ShouldStartWith("line 3:");
    }

    [Theory]
    [InlineData("\u00A0", "\u00A0")]
    [InlineData("\u000C", "\\012")]
    [InlineData("\u2028", "\u2028")]
    public void Parse_OtherSpaceInsideTxtWord_IsKeptAsText(string space, string stored)
    {
        var result = Parse($"$TTL 300\ntxt TXT hello{space}world \"quoted{space}too\"\n");

        result.Errors.ShouldBeEmpty();
        result.Records.ShouldHaveSingleItem().Content.ShouldBe($"\"hello{stored}world\" \"quoted{stored}too\"");
    }

    [Fact]
    public void Parse_GenericTxtFromIssue_IsDecoded()
    {
        var result = Parse("$TTL 300\ntxt TXT \\# 6 0568656C6C6F\n");

        result.Errors.ShouldBeEmpty();
        result.Records.ShouldBe([new ZoneRecord("txt.tunnel.test", RecordType.TXT, "\"hello\"", 300)]);
    }

    [Fact]
    public void Parse_GenericFormOfSimpleTypes_DecodedLikeTheirUsualForm()
    {
        var result = Parse("""
            $TTL 300
            a     A     \# 4 C0000201
            aaaa  AAAA  \# 16 20010DB8000000000000000000000001
            alias CNAME \# 17 03777777 0674756E6E656C 0474657374 00
            @     MX    \# 18 000A 026D78 0674756E6E656C 0474657374 00
            _sip._tcp SRV ( \# 16 000A 0005 13C4
                            03736970 0474657374 00 )
            @     CAA   \# 22 00 05 6973737565 6C657473656E63727970742E6F7267
            multi TXT   \# 8 03616263 03646566
            """);

        result.Errors.ShouldBeEmpty();
        result.Records.Select(r => $"{r.Name} {r.Type} {r.Content}").ShouldBe(
        [
            "a.tunnel.test A 192.0.2.1",
            "aaaa.tunnel.test AAAA 2001:db8::1",
            "alias.tunnel.test CNAME www.tunnel.test",
            "tunnel.test MX 10 mx.tunnel.test",
            "_sip._tcp.tunnel.test SRV 10 5 5060 sip.test",
            "tunnel.test CAA 0 issue \"letsencrypt.org\"",
            "multi.tunnel.test TXT \"abc\" \"def\"",
        ]);
    }

    [Theory]
    [InlineData("x CNAME \\# 2 C00C", "compressed or malformed name")]
    [InlineData("x A \\# 5 C000020101", "more than a A record holds")]
    [InlineData("x A \\# 4 C00002", "says 4 byte(s) but has 3")]
    [InlineData("x A \\# 4 C00002ZZ", "hexadecimal digits")]
    [InlineData("x A \\# four C0000201", "length 'four'")]
    [InlineData("x AAAA \\# 4 C0000201", "ends too early")]
    public void Parse_BadGenericData_NamesLineAndProblem(string line, string expected)
    {
        var error = Parse($"$TTL 300\n{line}\n").Errors.ShouldHaveSingleItem();
        error.ShouldStartWith("line 2:");
        error.ShouldContain(expected);
    }

    [Fact]
    public void Parse_CrOnlyLineEndings_SplitsLinesAndNumbersThem()
    {
        var result = Parse("$TTL 300\rwww A 192.0.2.1\rmail A 192.0.2.2\rbad A 300.1.2.3\r");

        result.Records.Select(r => r.Name).ShouldBe(["www.tunnel.test", "mail.tunnel.test"]);
        result.Errors.ShouldHaveSingleItem().ShouldStartWith("line 4:");
    }

    [Fact]
    public void Parse_CaaIodefHttpAndContactTags_Accepted()
    {
        var result = Parse("""
            $TTL 300
            @ CAA 0 iodef "http://tunnel.test/caa-report"
            @ CAA 0 contactemail "security@tunnel.test"
            @ CAA 0 contactphone "+1-555-010-0100"
            """);

        result.Errors.ShouldBeEmpty();
        result.Records.Select(r => r.Content).ShouldBe(
            ["0 iodef \"http://tunnel.test/caa-report\"", "0 contactemail \"security@tunnel.test\"", "0 contactphone \"+1-555-010-0100\""]);
    }

    [Fact]
    public void Parse_RootOriginThenAt_SaysWhy()
    {
        var error = Parse("$ORIGIN .\n$TTL 300\n@ A 192.0.2.1\n").Errors.ShouldHaveSingleItem();

        error.ShouldStartWith("line 3: '@' stands for the current origin, which $ORIGIN . on line 1 made the root");
    }

    [Fact]
    public void Parse_RootOriginThenAtInData_SaysWhy()
    {
        Parse("$ORIGIN .\n$TTL 300\nwww.tunnel.test. CNAME @\n").Errors.ShouldHaveSingleItem()
            .ShouldContain("$ORIGIN . on line 1 made the root");
    }

    [Fact]
    public void Parse_PastedTextWithByteOrderMark_SaysSo()
    {
        var result = Parse("\uFEFF$TTL 300\nwww A 192.0.2.1\n");

        result.Errors.ShouldBe(["line 1: the text starts with a byte-order mark (U+FEFF, an invisible character some editors add); remove it and try again"]);
    }

    [Theory]
    [InlineData("; disabled: until the customer pays (ticket 4711)")]
    [InlineData("; disabled: old.tunnel.test. 300 IN A 192.0.2.1")]
    [InlineData("; disabled:")]
    [InlineData("; disabled: www")]
    public void Parse_CommentStartingDisabled_IsAComment(string comment)
    {
        var result = Parse($"$TTL 300\n{comment}\nwww A 192.0.2.1\n");

        result.Errors.ShouldBeEmpty();
        result.Records.ShouldBe([new ZoneRecord("www.tunnel.test", RecordType.A, "192.0.2.1", 300)]);
    }

    [Fact]
    public void Parse_DisabledLineAsExportWritesIt_IsDisabledRecord()
    {
        var line = ZoneFileWriter.FormatLine(new ZoneRecord("old.tunnel.test", RecordType.TXT, "\"a; b\"", 300, Disabled: true));

        Parse($"; disabled: {line}\n").Records.ShouldBe([new ZoneRecord("old.tunnel.test", RecordType.TXT, "\"a; b\"", 300, Disabled: true)]);
    }

    [Fact]
    public void Parse_Generate_RangeWithStepAndModifiers()
    {
        var result = Parse("""
            $TTL 300
            $GENERATE 1-3 host-$ A 192.0.2.$
            $GENERATE 10-20/5 h${-10,3,d} 60 IN A 198.51.100.${0,0,d}
            $GENERATE 254-255 x${0,2,x} TXT "id$$-${0,0,X}"
            $GENERATE 8-9 o${0,3,o} CNAME host-$
            """);

        result.Errors.ShouldBeEmpty();
        result.Records.Select(r => $"{r.Name} {r.Ttl} {r.Type} {r.Content}").ShouldBe(
        [
            "host-1.tunnel.test 300 A 192.0.2.1",
            "host-2.tunnel.test 300 A 192.0.2.2",
            "host-3.tunnel.test 300 A 192.0.2.3",
            "h000.tunnel.test 60 A 198.51.100.10",
            "h005.tunnel.test 60 A 198.51.100.15",
            "h010.tunnel.test 60 A 198.51.100.20",
            "xfe.tunnel.test 300 TXT \"id$-FE\"",
            "xff.tunnel.test 300 TXT \"id$-FF\"",
            "o010.tunnel.test 300 CNAME host-8.tunnel.test",
            "o011.tunnel.test 300 CNAME host-9.tunnel.test",
        ]);
    }

    [Fact]
    public void Parse_GenerateNibbles_AsBindWritesReverseNames()
    {
        var result = Parse("$TTL 300\n$GENERATE 1024-1025 ${0,3,n}.rev PTR host$.example.test.\n");

        result.Errors.ShouldBeEmpty();
        result.Records.Select(r => $"{r.Name} {r.Content}").ShouldBe(
        [
            "0.0.4.rev.tunnel.test host1024.example.test",
            "1.0.4.rev.tunnel.test host1025.example.test",
        ]);
    }

    [Theory]
    [InlineData("$GENERATE 5-1 h$ A 192.0.2.$", "line 2: $GENERATE: the range '5-1'")]
    [InlineData("$GENERATE 1-2/0 h$ A 192.0.2.$", "line 2: $GENERATE: the range '1-2/0'")]
    [InlineData("$GENERATE 1-10", "line 2: $GENERATE: it needs a range, an owner, a type and data")]
    [InlineData("$GENERATE 0-200000 h$ A 192.0.2.1", "would make 200001 records")]
    [InlineData("$GENERATE 1-2 h${1,x} A 192.0.2.1", "'${1,x}' is not valid")]
    [InlineData("$GENERATE 1-2 h${-5} A 192.0.2.1", "values must not be negative")]
    [InlineData("$GENERATE 250-260 h$ A 192.0.2.$", "line 2: $GENERATE, at 'h256 A 192.0.2.256': IPv4 address '192.0.2.256' is not valid")]
    public void Parse_BadGenerate_NamesLineAndProblem(string directive, string expected)
    {
        var result = Parse($"$TTL 300\n{directive}\n");

        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldHaveSingleItem().ShouldContain(expected);
    }

    [Fact]
    public void Parse_IncludeFromIssue_RefusedWithLine()
    {
        Parse("$TTL 300\nwww A 192.0.2.1\n$INCLUDE /etc/bind/db.common\n").Errors.ShouldHaveSingleItem().ShouldStartWith("line 3: $INCLUDE is not supported");
    }
}
