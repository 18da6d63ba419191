using Dashboard.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

/// <summary>A signed-in user with no role: no role means no access, whatever the URL.</summary>
public sealed class NoRoleTests(BrowserFixture fixture)
{
    public static TheoryData<string> ReadPages =>
    [
        DashboardUrls.ZonesPath,
        DashboardUrls.ZoneUrl("pro.tunnel.test"),
        DashboardUrls.ZoneFilteredTo("free.tunnel.test", "us.edge"),
        DashboardUrls.SearchUrl("192.0.2.20"),
        DashboardUrls.SearchUrl("tunnel"),
    ];

    [Theory]
    [MemberData(nameof(ReadPages))]
    public async Task NoRole_OpensAReadPage_IsToldNotAllowedAndSeesNoData(string path)
    {
        var page = await fixture.NewSignedInPageAsync(TestUsers.NoRole);

        await page.GotoAsync(path);

        await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("access-denied")).ToContainTextAsync("not allow");
        await Expect(page.GetByTestId("zones-table")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("rrset-grid")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("search-results")).ToHaveCountAsync(0);
        (await page.ContentAsync()).ShouldNotContain("us.edge.pro.tunnel.test");
    }

    [Fact]
    public async Task NoRole_ExportsAZone_IsRefused()
    {
        var page = await fixture.NewSignedInPageAsync(TestUsers.NoRole);
        var cookie = await BrowserFixture.CookieHeaderAsync(page);

        (await fixture.StatusWithCookieAsync(cookie, DashboardUrls.ZoneExportUrl("pro.tunnel.test"))).ShouldBe(403);
    }

    [Fact]
    public async Task NoRole_Navigation_OffersNoArea()
    {
        var page = await fixture.NewSignedInPageAsync(TestUsers.NoRole);

        await Expect(page.GetByTestId("user-roles")).ToHaveTextAsync("no role", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("nav-zones")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("nav-search")).ToHaveCountAsync(0);
    }
}
