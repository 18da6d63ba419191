using Dashboard.Dns;

namespace Dashboard.Tests.Dns;

public class DnsNameComparerTests
{
    [Fact]
    public void Compare_Names_SortsInCanonicalOrder()
    {
        string[] names =
        [
            "z.example.test", "a.example.test", "example.test", "*.example.test",
            "_dmarc.example.test", "b.a.example.test", "yljkjljk.a.example.test", "1.example.test",
        ];
        names.Order(DnsNameComparer.Instance).ShouldBe(
        [
            "example.test", "*.example.test", "1.example.test", "_dmarc.example.test", "a.example.test",
            "b.a.example.test", "yljkjljk.a.example.test", "z.example.test",
        ]);
    }

    [Fact]
    public void Compare_CaseAndTrailingDot_Equal()
    {
        DnsNameComparer.Instance.Compare("WWW.example.test.", "www.example.test").ShouldBe(0);
    }
}
