using Dashboard.Dns;
using Dashboard.Features.Zones;

namespace Dashboard.Tests.Zones;

public class RecordFormNewTypesTests
{
    [Theory]
    [InlineData(RecordType.DNAME, "New.Example.Net.", "new.example.net")]
    [InlineData(RecordType.DNAME, "new", "new.example.com")]
    [InlineData(RecordType.SVCB, "1 pool alpn=h2", "1 pool.example.com alpn=h2")]
    [InlineData(RecordType.HTTPS, "1 . alpn=h3,h2", "1 . alpn=h3,h2")]
    [InlineData(RecordType.SVCB, "0 Pool.Example.Net.", "0 pool.example.net")]
    [InlineData(RecordType.DS, "60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118", "60485 5 1 2bb183af5f22588179a53b0a98631fad1a292118")]
    [InlineData(RecordType.LOC, "42 21 54 N 71 06 18 W -24m 30m", "42 21 54.000 N 71 6 18.000 W -24.00m 30.00m 10000.00m 10.00m")]
    [InlineData((RecordType)65534, @"\# 3 ABCDEF", @"\# 3 abcdef")]
    public void Compose_WholeContent_NormalizedToStorage(RecordType type, string typed, string stored)
    {
        var result = RecordForm.Compose(type, new Dictionary<string, string> { ["content"] = typed }, "example.com");
        result.Errors.ShouldBeEmpty();
        result.Content.ShouldBe(stored);
    }

    [Theory]
    [InlineData(RecordType.DNAME, ".", "DNAME target: It must be a name, not the root '.'")]
    [InlineData(RecordType.SVCB, "0 pool alpn=h2", "SVCB priority 0 is AliasMode, which takes no parameters")]
    [InlineData(RecordType.NAPTR, "100 10 \"S\" \"SIP+D2U\" \"\" _sip.._udp", "NAPTR replacement: ")]
    [InlineData(RecordType.TLSA, "3 1 1 abcd", "TLSA data must be 64 hex digits for matching type 1 (SHA-256); it has 4")]
    public void Compose_BadContent_PreciseMessageOnTheContentField(RecordType type, string typed, string message)
    {
        var result = RecordForm.Compose(type, new Dictionary<string, string> { ["content"] = typed }, "example.com");
        result.IsValid.ShouldBeFalse();
        result.Errors.Keys.ShouldBe(["content"]);
        result.Errors["content"].ShouldStartWith(message);
    }

    [Fact]
    public void Split_StoredNamesInData_ShownAbsoluteSoTheyComposeBack()
    {
        var values = RecordForm.Split(RecordType.NAPTR, "100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.example.com");
        values["content"].ShouldBe("100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.example.com.");
        RecordForm.Compose(RecordType.NAPTR, values, "example.com").Content.ShouldBe("100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.example.com");
    }

    [Fact]
    public void EditableTypes_OfferEveryNewType()
    {
        new[] { RecordType.PTR, RecordType.DNAME, RecordType.DS, RecordType.NAPTR, RecordType.TLSA, RecordType.SSHFP, RecordType.SVCB, RecordType.HTTPS, RecordType.LOC }.Except(RecordForm.EditableTypes).ShouldBeEmpty();
    }
}
