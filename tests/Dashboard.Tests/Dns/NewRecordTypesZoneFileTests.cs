using Dashboard.Dns;

namespace Dashboard.Tests.Dns;

public class NewRecordTypesZoneFileTests
{
    private const string Zone = "tunnel.test";

    private static readonly List<ZoneRecord> Records =
    [
        new(Zone, RecordType.SOA, "ns1.tunnel.test hostmaster.tunnel.test 2026113001 10800 3600 604800 10", 3600),
        new(Zone, RecordType.NS, "ns1.tunnel.test", 3600),
        new(Zone, RecordType.HTTPS, "1 . alpn=h3,h2 ipv4hint=192.0.2.1", 300),
        new(Zone, RecordType.LOC, "52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000.00m 10.00m", 300),
        new("_443._tcp.www.tunnel.test", RecordType.TLSA, "3 1 1 0c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6", 300),
        new("old.tunnel.test", RecordType.DNAME, "new.example.net", 300),
        new("sip.tunnel.test", RecordType.NAPTR, "100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.tunnel.test", 300),
        new("sip.tunnel.test", RecordType.NAPTR, "100 20 \"u\" \"E2U+sip\" \"!^.*$!sip:info@tunnel.test!\" .", 300),
        new("svc.tunnel.test", RecordType.SVCB, "0 pool.svc.tunnel.test", 300),
        new("host.tunnel.test", RecordType.SSHFP, "4 2 123456789abcdef67890123456789abcdef67890123456789abcdef123456789", 300),
        new("sub.tunnel.test", RecordType.NS, "ns1.example.net", 300),
        new("sub.tunnel.test", RecordType.DS, "60485 5 1 2bb183af5f22588179a53b0a98631fad1a292118", 300),
        new("x.tunnel.test", (RecordType)65534, @"\# 3 abcdef", 300),
        new("y.tunnel.test", (RecordType)65280, @"\# 0 ", 300),
    ];

    [Fact]
    public void RoundTrip_EveryNewType_ExportParseExportIsByteIdentical()
    {
        var exported = ZoneFileWriter.Write(Zone, Records);
        var parsed = ZoneFileParser.Parse(exported, Zone);
        parsed.Errors.ShouldBeEmpty();
        parsed.Records.OrderBy(r => r.Name).ThenBy(r => r.Content).ShouldBe(Records.OrderBy(r => r.Name).ThenBy(r => r.Content));
        ZoneFileWriter.Write(Zone, parsed.Records).ShouldBe(exported);
    }

    [Fact]
    public void Write_NamesInData_AreAbsolute()
    {
        var exported = ZoneFileWriter.Write(Zone, Records);
        exported.ShouldContain("old.tunnel.test.\t300\tIN\tDNAME\tnew.example.net.\n");
        exported.ShouldContain("svc.tunnel.test.\t300\tIN\tSVCB\t0 pool.svc.tunnel.test.\n");
        exported.ShouldContain("sip.tunnel.test.\t300\tIN\tNAPTR\t100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.tunnel.test.\n");
        exported.ShouldContain("x.tunnel.test.\t300\tIN\tTYPE65534\t\\# 3 abcdef\n");
    }

    [Fact]
    public void Parse_BindStyleRelativeNamesAndQuotedSvcParams_Resolved()
    {
        var parsed = ZoneFileParser.Parse("""
            $ORIGIN tunnel.test.
            $TTL 300
            old      DNAME  new
            svc      HTTPS  1 pool alpn="h2,h3" port="443"
            sip      NAPTR  100 10 "S" "SIP+D2U" "" _sip._udp
            sub      NS     ns1.example.net.
            sub      DS     60485 5 1 ( 2BB183AF5F22588179A53B0A
                                        98631FAD1A292118 )
            geo      LOC    42 21 54 N 71 06 18 W -24m 30m
            x        TYPE65534 \# 3 ABCDEF
            """, Zone);
        parsed.Errors.ShouldBeEmpty();
        parsed.Records.Select(r => r.Content).ShouldBe(
        [
            "new.tunnel.test",
            "1 pool.tunnel.test alpn=h2,h3 port=443",
            "100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.tunnel.test",
            "ns1.example.net",
            "60485 5 1 2bb183af5f22588179a53b0a98631fad1a292118",
            "42 21 54.000 N 71 6 18.000 W -24.00m 30.00m 10000.00m 10.00m",
            @"\# 3 abcdef",
        ]);
    }

    [Theory]
    [InlineData(@"x TYPE13 \# 2 0102", "line 2: record type 'TYPE13': TYPE13 is HINFO, which PowerDNS stores in its own format")]
    [InlineData(@"x TYPE1 \# 4 0a000001", "line 2: record type 'TYPE1': TYPE1 is A; enter it as A with its usual content")]
    [InlineData("x DS 60485 5 3 2bb1", "line 2: DS digest must be 64 hex digits for digest type 3")]
    public void Parse_BadNewTypes_NameLineAndReason(string line, string error)
    {
        ZoneFileParser.Parse("$TTL 300\n" + line, Zone).Errors.ShouldHaveSingleItem().ShouldStartWith(error);
    }
}
