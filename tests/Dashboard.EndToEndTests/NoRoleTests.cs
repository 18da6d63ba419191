using Dashboard.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

/// <summary>
/// A signed-in user with no role: no role means no access, whatever the URL. One sign-in walks every read page (a
/// sign-in and a circuit start are most of a browser test's cost on a loaded machine).
/// </summary>
public sealed class NoRoleTests(BrowserFixture fixture)
{
    private static readonly string[] ReadPages =
    [
        DashboardUrls.ZonesPath,
        DashboardUrls.ZoneUrl("pro.tunnel.test"),
        DashboardUrls.ZoneFilteredTo("free.tunnel.test", "us.edge"),
        DashboardUrls.SearchUrl("192.0.2.20"),
        DashboardUrls.SearchUrl("tunnel"),
    ];

    [Fact]
    public async Task NoRole_NavigationOffersNoArea_EveryReadPageSaysNotAllowed_ExportRefused()
    {
        var page = await fixture.NewSignedInPageAsync(TestUsers.NoRole);
        try
        {
            await Expect(page.GetByTestId("user-roles")).ToHaveTextAsync("no role");
            await Expect(page.GetByTestId("nav-zones")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("nav-search")).ToHaveCountAsync(0);

            foreach (var path in ReadPages)
            {
                await page.GotoAsync(path);

                await Expect(page.GetByTestId("access-denied")).ToContainTextAsync("not allow");
                await Expect(page.GetByTestId("zones-table")).ToHaveCountAsync(0);
                await Expect(page.GetByTestId("rrset-grid")).ToHaveCountAsync(0);
                await Expect(page.GetByTestId("search-results")).ToHaveCountAsync(0);
                (await page.ContentAsync()).ShouldNotContain("us.edge.pro.tunnel.test", customMessage: path);
            }

            var cookie = await BrowserFixture.CookieHeaderAsync(page);
            (await fixture.StatusWithCookieAsync(cookie, DashboardUrls.ZoneExportUrl("pro.tunnel.test"))).ShouldBe(403);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
