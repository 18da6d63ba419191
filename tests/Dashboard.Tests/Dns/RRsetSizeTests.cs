using Dashboard.Dns;

namespace Dashboard.Tests.Dns;

public class RRsetSizeTests
{
    private const string Zone = "x.test";

    /// <summary>A TXT record in storage form whose RDATA is exactly <paramref name="rdataBytes"/> bytes.</summary>
    private static string Txt(int rdataBytes, char fill = 'a')
    {
        var strings = new List<string>();
        for (var left = rdataBytes; left > 0;)
        {
            var length = Math.Min(255, left - 1);
            strings.Add(new string(fill, length));
            left -= length + 1;
        }
        return TxtContent.Format(strings);
    }

    [Fact]
    public void Txt_HelperBuildsTheRdataSizeAsked()
    {
        RRsetSize.RdataBytes(RecordType.TXT, Txt(33_000)).ShouldBe(33_000);
    }

    [Fact]
    public void Check_TwoTxtRecordsOf33KB_RefusedBecauseTheAnswerCannotFitADnsMessage()
    {
        var errors = RRsetRules.Check(Zone,
        [
            new ZoneRecord("big.x.test", RecordType.TXT, Txt(33_000, 'a'), 60),
            new ZoneRecord("big.x.test", RecordType.TXT, Txt(33_000, 'b'), 60),
        ]);

        errors.ShouldHaveSingleItem().ShouldContain("big.x.test TXT: the answer to a query for this set would be 66,0");
        errors[0].ShouldContain("a DNS message holds at most 65,535 bytes, even over TCP");
    }

    [Fact]
    public void Check_OneTxtRecordOf65535Bytes_RefusedForTheContentColumnAndTheMessage()
    {
        var txt = Txt(65_535);
        TxtContent.Validate(txt).IsValid.ShouldBeTrue();

        var errors = RRsetSize.Check("big.x.test", RecordType.TXT, [(txt, false)]);

        errors.ShouldContain(e => e.Contains("PowerDNS's content column holds at most 65,535"));
        errors.ShouldContain(e => e.Contains("a DNS message holds at most 65,535 bytes"));
    }

    [Fact]
    public void Check_OneTxtRecordOf60KB_Fits()
    {
        RRsetSize.Check("big.x.test", RecordType.TXT, [(Txt(60_000), false)]).ShouldBeEmpty();
    }

    [Fact]
    public void AnswerBytes_TheTwoSetsMeasuredOnPowerDns_SameSizeAsDigReceived()
    {
        // Two TXT records of 32,731 bytes each: dig +tcp (EDNS) got 65,534 bytes, the answer served whole.
        RRsetSize.AnswerBytes("u65460.h1probe.test", [32_731, 32_731]).ShouldBe(65_534);
        // Two of 32,736 bytes: 65,544 bytes, answered empty with TC set, over TCP too.
        RRsetSize.AnswerBytes("u65470.h1probe.test", [32_736, 32_736]).ShouldBe(65_544);
    }

    [Fact]
    public void Check_DisabledRecordsAreNotServed_DoNotCountTowardsTheAnswer()
    {
        RRsetSize.Check("big.x.test", RecordType.TXT, [(Txt(33_000, 'a'), false), (Txt(33_000, 'b'), true)]).ShouldBeEmpty();
    }

    [Fact]
    public void Check_EscapedTxtLongerThanTheColumn_Refused()
    {
        // 20,000 control bytes: 20 KB on the wire, but each is stored as \DDD (4 characters).
        var txt = TxtContent.Format([new string('\u0001', 20_000)]);

        RRsetSize.Check("esc.x.test", RecordType.TXT, [(txt, false)]).ShouldHaveSingleItem().ShouldContain("content column");
    }
}
