using Dashboard.Dns;

namespace Dashboard.Tests.Dns;

public class ZoneFileWriterTests
{
    [Fact]
    public void Write_Records_SortsAndUsesAbsoluteNames()
    {
        var text = ZoneFileWriter.Write("tunnel.test",
        [
            new ZoneRecord("www.tunnel.test", RecordType.CNAME, "edge.tunnel.test", 300),
            new ZoneRecord("tunnel.test", RecordType.MX, "10 mx1.tunnel.test", 3600),
            new ZoneRecord("tunnel.test", RecordType.NS, "ns2.tunnel.test", 86400),
            new ZoneRecord("tunnel.test", RecordType.SOA, "ns1.tunnel.test hostmaster.tunnel.test 1 10800 3600 604800 10", 3600),
            new ZoneRecord("tunnel.test", RecordType.NS, "ns1.tunnel.test", 86400),
            new ZoneRecord("_sip._tcp.tunnel.test", RecordType.SRV, "10 5 5060 .", 300),
            new ZoneRecord("a.tunnel.test", RecordType.A, "192.0.2.1", 300, Disabled: true),
        ]);

        text.ShouldBe(
            "$ORIGIN tunnel.test.\n" +
            "$TTL 3600\n" +
            "tunnel.test.\t3600\tIN\tSOA\tns1.tunnel.test. hostmaster.tunnel.test. 1 10800 3600 604800 10\n" +
            "tunnel.test.\t86400\tIN\tNS\tns1.tunnel.test.\n" +
            "tunnel.test.\t86400\tIN\tNS\tns2.tunnel.test.\n" +
            "tunnel.test.\t3600\tIN\tMX\t10 mx1.tunnel.test.\n" +
            "_sip._tcp.tunnel.test.\t300\tIN\tSRV\t10 5 5060 .\n" +
            "; disabled: a.tunnel.test.\t300\tIN\tA\t192.0.2.1\n" +
            "www.tunnel.test.\t300\tIN\tCNAME\tedge.tunnel.test.\n");
    }

    [Fact]
    public void FormatLine_MxRecord_WritesAbsoluteTargets()
    {
        ZoneFileWriter.FormatLine(new ZoneRecord("Mail.Tunnel.Test", RecordType.MX, "10 mx1.tunnel.test", 60))
            .ShouldBe("mail.tunnel.test.\t60\tIN\tMX\t10 mx1.tunnel.test.");
    }

    [Fact]
    public void Write_NoSoa_UsesDefaultTtlHeader()
    {
        ZoneFileWriter.Write("tunnel.test.", []).ShouldBe("$ORIGIN tunnel.test.\n$TTL 3600\n");
    }

    [Fact]
    public void Write_InputOrder_DoesNotMatter()
    {
        var records = ZoneFileRoundTripTests.RealisticZone();
        var reversed = records.AsEnumerable().Reverse().ToList();
        ZoneFileWriter.Write("tunnel.test", reversed).ShouldBe(ZoneFileWriter.Write("tunnel.test", records));
    }
}
