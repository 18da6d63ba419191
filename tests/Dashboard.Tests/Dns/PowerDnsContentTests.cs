using Dashboard.Dns;

namespace Dashboard.Tests.Dns;

public class PowerDnsContentTests
{
    /// <summary>What PowerDNS 4.7.3's API wrote in gpgsql for the same records (content, prio), read back from the table.</summary>
    [Theory]
    [InlineData(RecordType.MX, "10 mx1.example.test", "mx1.example.test", 10)]
    [InlineData(RecordType.MX, "0 .", ".", 0)]
    [InlineData(RecordType.MX, "65535 mx.example.test", "mx.example.test", 65535)]
    [InlineData(RecordType.SRV, "10 5 5060 sip.example.test", "5 5060 sip.example.test", 10)]
    [InlineData(RecordType.SRV, "0 0 0 .", "0 0 .", 0)]
    [InlineData(RecordType.CNAME, "sel._domainkey.provider.net", "sel._domainkey.provider.net", 0)]
    [InlineData(RecordType.A, "192.0.2.1", "192.0.2.1", 0)]
    public void ToStorage_Content_AsThePowerDnsApiWritesIt(RecordType type, string content, string stored, int prio)
    {
        PowerDnsContent.ToStorage(type, content).ShouldBe((stored, prio));
        PowerDnsContent.FromStorage(type.ToString(), stored, prio).ShouldBe(type is RecordType.MX or RecordType.SRV ? content : stored);
    }

    [Theory]
    [InlineData("MX", "10 mx1.example.test", null, "10 mx1.example.test")]
    [InlineData("SRV", "10 5 5060 sip.example.test", null, "10 5 5060 sip.example.test")]
    public void FromStorage_RowWrittenWholeWithNullPrio_IsStillRead(string type, string content, int? prio, string expected)
    {
        PowerDnsContent.FromStorage(type, content, prio).ShouldBe(expected);
    }

    [Theory]
    [InlineData(RecordType.MX, "10 mx1.example.test", null, true)]
    [InlineData(RecordType.MX, "mx1.example.test", 10, false)]
    [InlineData(RecordType.A, "192.0.2.1", null, false)]
    [InlineData(RecordType.A, "192.0.2.1", 0, false)]
    public void NeedsRewrite_StoredRow_TrueOnlyWhenNotInTheApiForm(RecordType type, string stored, int? prio, bool expected)
    {
        var content = PowerDnsContent.FromStorage(type.ToString(), stored, prio);

        PowerDnsContent.NeedsRewrite(type, stored, prio, content).ShouldBe(expected);
    }
}
