using Dashboard.Data.PowerDns;
using Dashboard.Dns;
using Dashboard.Features.Checks;

namespace Dashboard.Tests.Checks;

public sealed class CheckRulesTests
{
    private const string Name = "www.pro.tunnel.test";
    private static readonly CheckRecord Soa = new("pro.tunnel.test.", RecordType.SOA, 300, "ns1.tunnel.test. hostmaster.tunnel.test. 2026113001 10800 3600 604800 60");

    private static StoredRecord Row(string type, string content, int ttl = 300, int? prio = null, string name = Name) => new(1, name, type, content, ttl, prio, false);

    private static DnsReply Reply(CheckOutcome outcome, params CheckRecord[] answers) =>
        new(outcome, outcome == CheckOutcome.NxDomain ? "NotExistentDomain" : "NoError", true, answers, outcome is CheckOutcome.NxDomain or CheckOutcome.NoData ? Soa : null, TimeSpan.FromMilliseconds(1.5));

    [Theory]
    [InlineData(300, 60, 60)]
    [InlineData(10, 60, 10)]
    [InlineData(60, 60, 60)]
    public void NegativeTtl_AuthoritySoa_IsMinOfTtlAndMinimum(int ttl, int minimum, int expected)
    {
        var soa = new CheckRecord("z.", RecordType.SOA, ttl, $"ns1.z. h.z. 1 2 3 4 {minimum}");

        CheckRules.NegativeTtl(soa).ShouldBe(expected);
    }

    [Fact]
    public void NegativeTtl_NoSoa_IsUnknown()
    {
        CheckRules.NegativeTtl(null).ShouldBeNull();
    }

    [Fact]
    public void Cell_NxDomainAbsentInDatabase_MatchesWithTheMissInWords()
    {
        var cell = CheckRules.Cell(Name, RecordType.A, "eu", Reply(CheckOutcome.NxDomain), CheckRules.Expected.Of([]));

        cell.Comparison.ShouldBe(CheckComparison.Matches);
        cell.OutcomeText.ShouldBe("NXDOMAIN");
        cell.NegativeTtl.ShouldBe(60);
        cell.NegativeTtlText.ShouldBe("resolvers may keep this miss for 60 s");
        cell.Zone.ShouldBe("pro.tunnel.test");
        cell.LeavesMiss.ShouldBeTrue();
    }

    [Fact]
    public void Cell_NoDataWhileDatabaseHasTheRecord_IsMissing()
    {
        var cell = CheckRules.Cell(Name, RecordType.A, "eu", Reply(CheckOutcome.NoData), CheckRules.Expected.Of([Row("A", "192.0.2.1")]));

        cell.Comparison.ShouldBe(CheckComparison.Missing);
        cell.OutcomeText.ShouldBe("NODATA");
        cell.NegativeTtl.ShouldBe(60);
        cell.Detail!.ShouldContain("192.0.2.1");
    }

    [Fact]
    public void Cell_SameRecordsAndTtl_Matches()
    {
        var reply = Reply(CheckOutcome.NoError, new CheckRecord(Name + ".", RecordType.A, 300, "192.0.2.1"), new CheckRecord(Name + ".", RecordType.A, 300, "192.0.2.2"));

        var cell = CheckRules.Cell(Name, RecordType.A, "us", reply, CheckRules.Expected.Of([Row("A", "192.0.2.2"), Row("A", "192.0.2.1")]));

        cell.Comparison.ShouldBe(CheckComparison.Matches);
        cell.NegativeTtl.ShouldBeNull();
        cell.LeavesMiss.ShouldBeFalse();
    }

    [Fact]
    public void Cell_DifferentContent_IsStaleSayingHow()
    {
        var reply = Reply(CheckOutcome.NoError, new CheckRecord(Name + ".", RecordType.A, 300, "192.0.2.9"));

        var cell = CheckRules.Cell(Name, RecordType.A, "ap", reply, CheckRules.Expected.Of([Row("A", "192.0.2.1")]));

        cell.Comparison.ShouldBe(CheckComparison.Stale);
        cell.Detail.ShouldBe("answers A 192.0.2.9 (TTL 300); the database has A 192.0.2.1 (TTL 300)");
    }

    [Fact]
    public void Cell_DifferentTtl_IsStale()
    {
        var reply = Reply(CheckOutcome.NoError, new CheckRecord(Name + ".", RecordType.A, 60, "192.0.2.1"));

        var cell = CheckRules.Cell(Name, RecordType.A, "ap", reply, CheckRules.Expected.Of([Row("A", "192.0.2.1", ttl: 300)]));

        cell.Comparison.ShouldBe(CheckComparison.Stale);
        cell.Detail.ShouldBe("TTL 60 here, 300 in the database");
    }

    [Fact]
    public void Cell_AnswerTheDatabaseLacks_IsExtra()
    {
        var reply = Reply(CheckOutcome.NoError, new CheckRecord(Name + ".", RecordType.TXT, 300, "\"hello\""));

        var cell = CheckRules.Cell(Name, RecordType.TXT, "us", reply, CheckRules.Expected.Of([]));

        cell.Comparison.ShouldBe(CheckComparison.Extra);
    }

    [Fact]
    public void Cell_CnameAnsweredForAnA_IsComparedWithTheCnameRow()
    {
        // PowerDNS answers an A query at a CNAME with the CNAME and what it leads to in the zone.
        var reply = Reply(CheckOutcome.NoError,
            new CheckRecord(Name + ".", RecordType.CNAME, 300, "us.edge.pro.tunnel.test."),
            new CheckRecord("us.edge.pro.tunnel.test.", RecordType.A, 300, "192.0.2.20"));

        var cell = CheckRules.Cell(Name, RecordType.A, "us", reply, CheckRules.Expected.Of([Row("CNAME", "us.edge.pro.tunnel.test")]));

        cell.Comparison.ShouldBe(CheckComparison.Matches);
        cell.Answers.Count.ShouldBe(2);
    }

    [Theory]
    [InlineData(CheckOutcome.Timeout)]
    [InlineData(CheckOutcome.ServFail)]
    [InlineData(CheckOutcome.Refused)]
    public void Cell_NoUsableAnswer_IsUnknown(CheckOutcome outcome)
    {
        var reply = new DnsReply(outcome, outcome.ToString(), false, [], null, TimeSpan.FromSeconds(1), outcome == CheckOutcome.Timeout ? "no answer within 1000 ms" : null);

        var cell = CheckRules.Cell(Name, RecordType.A, "ap", reply, CheckRules.Expected.Of([Row("A", "192.0.2.1")]));

        cell.Comparison.ShouldBe(CheckComparison.Unknown);
        cell.NegativeTtl.ShouldBeNull();
        cell.LeavesMiss.ShouldBe(outcome == CheckOutcome.Timeout);
    }

    [Fact]
    public void Cell_DatabaseUnreadable_IsUnknownSayingWhy()
    {
        var cell = CheckRules.Cell(Name, RecordType.A, "us", Reply(CheckOutcome.NxDomain), CheckRules.Expected.Unreadable("connection refused"));

        cell.Comparison.ShouldBe(CheckComparison.Unknown);
        cell.Detail.ShouldBe("primary database not read: connection refused");
        cell.NegativeTtl.ShouldBe(60, "the region's answer is still shown whole");
    }

    [Theory]
    [InlineData(RecordType.A, "192.0.2.1", "192.0.2.1")]
    [InlineData(RecordType.AAAA, "2001:DB8:0:0::1", "2001:db8::1")]
    [InlineData(RecordType.CNAME, "US.edge.free.tunnel.test", "us.edge.free.tunnel.test.")]
    [InlineData(RecordType.NS, "ns1.tunnel.test.", "ns1.tunnel.test.")]
    [InlineData(RecordType.MX, "10 mx1.pro.tunnel.test", "10 mx1.pro.tunnel.test.")]
    [InlineData(RecordType.SRV, "0 5 443 svc.pro.tunnel.test", "0 5 443 svc.pro.tunnel.test.")]
    [InlineData(RecordType.SOA, "ns1.tunnel.test hostmaster.tunnel.test 2026113001 10800 3600 604800 60", "ns1.tunnel.test. hostmaster.tunnel.test. 2026113001 10800 3600 604800 60")]
    [InlineData(RecordType.TXT, "\"v=spf1 -all\"", "\"v=spf1 -all\"")]
    [InlineData(RecordType.CAA, "0 issue \"letsencrypt.org\"", "0 issue \"letsencrypt.org\"")]
    [InlineData(RecordType.PTR, "Host-10.example.net", "host-10.example.net.")]
    // DnsClient reads john\.doe off the wire as john.doe; the stored escape is read the same way.
    [InlineData(RecordType.SOA, "ns1.tunnel.test john\\.doe.tunnel.test 2026120101 10800 3600 604800 10", "ns1.tunnel.test. john.doe.tunnel.test. 2026120101 10800 3600 604800 10")]
    public void Canonical_StoredContent_IsWhatTheResolverShows(RecordType type, string stored, string expected)
    {
        CheckRules.Canonical(type, stored).ShouldBe(expected);
    }

    [Fact]
    public void Compare_MxStoredWithPrio_MatchesTheAnswer()
    {
        var rows = new[] { Row("MX", "mx1.pro.tunnel.test", 3600, 10, "pro.tunnel.test"), Row("MX", "mx2.pro.tunnel.test", 3600, 20, "pro.tunnel.test") };
        var answers = new[]
        {
            new CheckRecord("pro.tunnel.test.", RecordType.MX, 3600, "20 mx2.pro.tunnel.test."),
            new CheckRecord("pro.tunnel.test.", RecordType.MX, 3600, "10 mx1.pro.tunnel.test."),
        };

        CheckRules.Compare("pro.tunnel.test", RecordType.MX, answers, rows).Comparison.ShouldBe(CheckComparison.Matches);
    }
}
