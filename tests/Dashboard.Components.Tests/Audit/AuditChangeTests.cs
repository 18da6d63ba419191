using Bunit;
using Dashboard.Features.Audit;

namespace Dashboard.Components.Tests.Audit;

public sealed class AuditChangeTests : DashboardTestContext
{
    [Fact]
    public void Render_Edit_MarksWhatChangedOnEachSide()
    {
        var change = Render<AuditChange>(p => p.Add(c => c.Before, "192.0.2.1 (TTL 300)").Add(c => c.After, "192.0.2.2 (TTL 300)"));

        change.Find("[data-testid=audit-before]").TextContent.ShouldBe("−192.0.2.1 (TTL 300)");
        change.Find("[data-testid=audit-before] mark").TextContent.ShouldBe("192.0.2.1");
        change.Find("[data-testid=audit-after] mark").TextContent.ShouldBe("192.0.2.2");
    }

    [Fact]
    public void Render_Add_ShowsOnlyTheAfterSide_Unmarked()
    {
        var change = Render<AuditChange>(p => p.Add(c => c.After, "192.0.2.9 (TTL 300)"));

        change.FindAll("[data-testid=audit-before]").ShouldBeEmpty();
        change.Find("[data-testid=audit-after]").TextContent.ShouldBe("+192.0.2.9 (TTL 300)");
        change.FindAll("mark").ShouldBeEmpty();
    }

    [Fact]
    public void Render_HostileText_IsEscaped()
    {
        var change = Render<AuditChange>(p => p.Add(c => c.Before, "<b>x</b>").Add(c => c.After, "<script>alert(1)</script>"));

        change.FindAll("script").ShouldBeEmpty();
        change.FindAll("b").ShouldBeEmpty();
        change.Find("[data-testid=audit-after]").TextContent.ShouldContain("<script>alert(1)</script>");
    }
}
