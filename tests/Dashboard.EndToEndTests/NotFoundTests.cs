using Dashboard.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

public sealed class NotFoundTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("/no-such-page")]
    [InlineData(DashboardUrls.ZonesPath + "/free.tunnel.test/no/such/page")]
    public async Task UnknownPath_SignedIn_ShowsNotFoundInsideTheConsole(string path)
    {
        var page = await fixture.NewSignedInPageAsync(TestUsers.OnCall);

        var response = await page.GotoAsync(path);

        response.ShouldNotBeNull().Status.ShouldBe(404);
        await Expect(page.GetByTestId("not-found")).ToContainTextAsync(path, new() { Timeout = 30_000 });
        // Inside the layout: the signed-in user and the navigation are there.
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync(TestUsers.OnCall.UserName, new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("nav-zones")).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }
}
