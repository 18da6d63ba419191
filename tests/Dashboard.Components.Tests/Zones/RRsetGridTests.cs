using Bunit;
using Dashboard.Dns;
using Dashboard.Features.Zones;

namespace Dashboard.Components.Tests.Zones;

public sealed class RRsetGridTests : DashboardTestContext
{
    private IRenderedComponent<RRsetGrid> RenderPage(params RRsetRow[] rrsets) =>
        Render<RRsetGrid>(p => p
            .Add(g => g.Page, new RRsetPage(rrsets, HasMore: false))
            .Add(g => g.CanEdit, true));

    [Fact]
    public void SoaRow_OffersNoDisableOrDelete_OtherRowsDo()
    {
        var soa = new RRsetRow("x.test", RecordType.SOA, 60, [new RecordRow(1, "ns1.x.test. hostmaster.x.test. 1 3600 600 604800 10", false)], "v1");
        var a = new RRsetRow("www.x.test", RecordType.A, 60, [new RecordRow(2, "192.0.2.1", false)], "v2");

        var cut = RenderPage(soa, a);

        var soaRow = cut.Find("tr[data-type=SOA]");
        soaRow.QuerySelectorAll("[data-testid=toggle-record]").ShouldBeEmpty();
        soaRow.QuerySelectorAll("[data-testid=delete-record]").ShouldBeEmpty();
        var aRow = cut.Find("tr[data-type=A]");
        aRow.QuerySelectorAll("[data-testid=toggle-record]").Length.ShouldBe(1);
        aRow.QuerySelectorAll("[data-testid=delete-record]").Length.ShouldBe(1);
    }
}
