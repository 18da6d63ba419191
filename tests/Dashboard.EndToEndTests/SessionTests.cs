using Dashboard.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

public sealed class SessionTests(BrowserFixture fixture)
{
    [Fact]
    public async Task SignOutInOneTab_EndsTheOtherTabsOfThatSession()
    {
        var tabA = await fixture.NewSignedInPageAsync(TestUsers.Operator);
        try
        {
            var tabB = await tabA.Context.NewPageAsync();
            await tabB.GotoAsync(DashboardUrls.RegionsPath);
            await Expect(tabB.GetByTestId("user-name")).ToHaveTextAsync(TestUsers.Operator.UserName);

            await tabA.GetByTestId("sign-out").ClickAsync();
            await Expect(tabA).ToHaveURLAsync(new Regex(Regex.Escape(DashboardUrls.SignInPath)));

            // Tab B's circuit re-checks its session (every 2 s on the test server) and goes to sign in.
            await Expect(tabB).ToHaveURLAsync(new Regex(Regex.Escape(DashboardUrls.SignInPath)), new() { Timeout = 30_000 });
        }
        finally
        {
            await tabA.Context.CloseAsync();
        }
    }
}
