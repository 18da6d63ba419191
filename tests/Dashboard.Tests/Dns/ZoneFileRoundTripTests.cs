using Dashboard.Dns;

namespace Dashboard.Tests.Dns;

public class ZoneFileRoundTripTests
{
    private const string Zone = "tunnel.test";

    public static List<ZoneRecord> RealisticZone() =>
    [
        new(Zone, RecordType.SOA, "ns1.tunnel.test hostmaster.tunnel.test 2026112201 10800 3600 604800 10", 3600),
        new(Zone, RecordType.NS, "ns1.tunnel.test", 86400),
        new(Zone, RecordType.NS, "ns2.tunnel.test", 86400),
        new(Zone, RecordType.A, "192.0.2.10", 300),
        new(Zone, RecordType.AAAA, "2001:db8::10", 300),
        new(Zone, RecordType.MX, "10 mx1.pro.tunnel.test", 3600),
        new(Zone, RecordType.MX, "20 mx2.pro.tunnel.test", 3600),
        new(Zone, RecordType.TXT, "\"v=spf1 mx -all\"", 3600),
        new(Zone, RecordType.TXT, "\"part one; still one\" \"part \\\"two\\\"\" \"back\\\\slash\"", 3600),
        new(Zone, RecordType.TXT, "\"café ünïcødé\" \"ctrl\\009tab\"", 3600),
        new(Zone, RecordType.CAA, "0 issue \"letsencrypt.org\"", 3600),
        new(Zone, RecordType.CAA, "0 iodef \"mailto:security@tunnel.test\"", 3600),
        new("_dmarc.tunnel.test", RecordType.TXT, "\"v=DMARC1; p=reject; rua=mailto:dmarc@tunnel.test\"", 3600),
        new("_sip._tcp.tunnel.test", RecordType.SRV, "10 5 5060 sip.tunnel.test", 300),
        new("_imaps._tcp.tunnel.test", RecordType.SRV, "0 0 0 .", 300),
        new("*.free.tunnel.test", RecordType.CNAME, "ap.edge.free.tunnel.test", 60),
        new("happy-otter-12.free.tunnel.test", RecordType.A, "198.51.100.7", 60),
        new("happy-otter-12.free.tunnel.test", RecordType.A, "198.51.100.8", 60, Disabled: true),
        new("www.tunnel.test", RecordType.CNAME, "tunnel.test", 300),
        new("nomail.tunnel.test", RecordType.MX, "0 .", 3600),
        new("10.2.0.192.in-addr.tunnel.test", RecordType.PTR, "tunnel.test", 3600),
        new("sub.tunnel.test", RecordType.NS, "ns.sub.tunnel.test", 3600),
        new("ns.sub.tunnel.test", RecordType.A, "192.0.2.53", 3600),
    ];

    [Fact]
    public void RoundTrip_RealisticZone_ExportParseExportIsByteIdentical()
    {
        var exported = ZoneFileWriter.Write(Zone, RealisticZone());

        var parsed = ZoneFileParser.Parse(exported, Zone);

        parsed.Errors.ShouldBeEmpty();
        ZoneFileWriter.Write(Zone, parsed.Records).ShouldBe(exported);
    }

    [Fact]
    public void RoundTrip_RealisticZone_ParsedRecordsEqualOriginal()
    {
        var original = RealisticZone();

        var parsed = ZoneFileParser.Parse(ZoneFileWriter.Write(Zone, original), Zone);

        parsed.Records.ShouldBe(original, ignoreOrder: true);
    }

    [Fact]
    public void RoundTrip_NamesWithZoneFileSpecialCharacters_ReadBackAsTheSameNames()
    {
        // Names that are data may hold any octet (RFC 2181 §11); storage keeps ; ( ) " $ unescaped, as PowerDNS does.
        List<ZoneRecord> original =
        [
            new(Zone, RecordType.SOA, "ns1.tunnel.test hostmaster.tunnel.test 2026112201 10800 3600 604800 10", 3600),
            new(Zone, RecordType.NS, "ns1.tunnel.test", 86400),
            new("alias.tunnel.test", RecordType.CNAME, "a;b(c)\"d.example.net", 300),
            new("mail.tunnel.test", RecordType.CNAME, "$dollar.example.net", 300),
            new("old.tunnel.test", RecordType.DNAME, "x;y.example.net", 300),
        ];

        var exported = ZoneFileWriter.Write(Zone, original);
        var parsed = ZoneFileParser.Parse(exported, Zone);

        parsed.Errors.ShouldBeEmpty();
        parsed.Records.ShouldBe(original, ignoreOrder: true);
        exported.ShouldContain("a\\;b\\(c\\)\\\"d.example.net.");
    }

    [Fact]
    public void RoundTrip_HandWrittenFile_ExportIsStableAfterFirstImport()
    {
        const string text = """
            $ORIGIN tunnel.test.
            $TTL 1h
            @   IN SOA ns1 hostmaster ( 2026112201 ; serial
                        3h 1h 1w 10 )
                IN NS  ns1
            www 300 CNAME @
            txt TXT "a;b" unquoted
            """;
        var first = ZoneFileParser.Parse(text, Zone);
        first.Errors.ShouldBeEmpty();
        var exported = ZoneFileWriter.Write(Zone, first.Records);

        var second = ZoneFileParser.Parse(exported, Zone);

        second.Errors.ShouldBeEmpty();
        ZoneFileWriter.Write(Zone, second.Records).ShouldBe(exported);
        exported.ShouldContain("tunnel.test.\t3600\tIN\tSOA\tns1.tunnel.test. hostmaster.tunnel.test. 2026112201 10800 3600 604800 10\n");
        exported.ShouldContain("txt.tunnel.test.\t3600\tIN\tTXT\t\"a;b\" \"unquoted\"\n");
    }
}
