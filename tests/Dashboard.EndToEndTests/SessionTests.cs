using Dashboard.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

public sealed class SessionTests(BrowserFixture fixture)
{
    private const string Password = "a-long-temporary-password";

    [Fact]
    public async Task SignOutInOneTab_EndsTheOtherTabsOfThatSession()
    {
        var tabA = await fixture.NewOwnSessionPageAsync(TestUsers.Operator);
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

    /// <summary>
    /// Issue #7: the landing page carries no page policy (a user without a role is told so there), so a circuit that
    /// turned anonymous kept showing it, with the user's name in the header, for as long as the tab stayed open.
    /// </summary>
    [Fact]
    public async Task Disable_UserOnTheLandingPage_TheirPageGoesToSignIn()
    {
        var admin = await fixture.NewSignedInPageAsync(TestUsers.Admin);
        var (user, name) = await CreateAndSignInAsync(admin, role: null);
        await Expect(user.GetByTestId("no-role")).ToBeVisibleAsync();

        await Row(admin, name).GetByTestId("disable-user").ClickAsync();
        await admin.GetByTestId("reason").FillAsync("left the team");
        await admin.GetByTestId("dialog-submit").ClickAsync();
        await Expect(Row(admin, name).GetByTestId("user-state")).ToHaveTextAsync("disabled");

        await Expect(user).ToHaveURLAsync(new Regex(Regex.Escape(DashboardUrls.SignInPath)));
    }

    /// <summary>
    /// Issue #7: removing roles changed no security stamp and ended no session, so the open page kept the roles its
    /// cookie was issued with until the user left it.
    /// </summary>
    [Fact]
    public async Task RemoveRoles_UserWithAnOpenPage_TheirPageGoesToSignInAndTheirCookieStops()
    {
        var admin = await fixture.NewSignedInPageAsync(TestUsers.Admin);
        var (user, name) = await CreateAndSignInAsync(admin, role: "OnCall");
        await user.GotoAsync(DashboardUrls.RegionsPath);
        await Expect(user.GetByTestId($"region-{fixture.Stack.Primary.Name}")).ToBeVisibleAsync();
        var cookie = await BrowserFixture.CookieHeaderAsync(user);

        await Row(admin, name).GetByTestId("edit-roles").ClickAsync();
        await admin.GetByTestId("role-OnCall").UncheckAsync();
        await admin.GetByTestId("dialog-submit").ClickAsync();
        await Expect(Row(admin, name).GetByTestId("user-roles-cell")).ToHaveTextAsync("none");

        await Expect(user).ToHaveURLAsync(new Regex(Regex.Escape(DashboardUrls.SignInPath)));
        (await fixture.StatusWithCookieAsync(cookie, DashboardUrls.RegionsPath)).ShouldBe(302);
    }

    [Fact]
    public async Task SignOutEverywhere_EndsEveryOpenPageOfEverySessionOfTheUser()
    {
        var admin = await fixture.NewSignedInPageAsync(TestUsers.Admin);
        var (first, name) = await CreateAndSignInAsync(admin, role: "OnCall");
        var second = await fixture.NewOwnSessionPageAsync(new TestUsers.TestUser(name, Password, "OnCall"));
        await first.GotoAsync(DashboardUrls.RegionsPath);
        await second.GotoAsync(DashboardUrls.RegionsPath);
        await Expect(first.GetByTestId($"region-{fixture.Stack.Primary.Name}")).ToBeVisibleAsync();
        await Expect(second.GetByTestId($"region-{fixture.Stack.Primary.Name}")).ToBeVisibleAsync();
        await admin.ReloadAsync();
        await Expect(Row(admin, name).GetByTestId("user-sessions")).ToHaveTextAsync("2");

        await Row(admin, name).GetByTestId("sign-out-everywhere").ClickAsync();
        await admin.GetByTestId("reason").FillAsync("laptop stolen");
        await admin.GetByTestId("dialog-submit").ClickAsync();

        await Expect(first).ToHaveURLAsync(new Regex(Regex.Escape(DashboardUrls.SignInPath)));
        await Expect(second).ToHaveURLAsync(new Regex(Regex.Escape(DashboardUrls.SignInPath)));
        await Expect(Row(admin, name).GetByTestId("user-sessions")).ToHaveTextAsync("0");
        await Expect(Row(admin, name).GetByTestId("user-state")).ToHaveTextAsync("active");
    }

    /// <summary>Creates a user on the admin's Users page (left open there) and signs them in in a context of their own.</summary>
    private async Task<(IPage Page, string UserName)> CreateAndSignInAsync(IPage admin, string? role)
    {
        var userName = $"sess-{Guid.NewGuid():N}"[..16];
        await UserDialogSteps.CreateUserAsync(admin, userName, Password, role);
        return (await fixture.NewOwnSessionPageAsync(new TestUsers.TestUser(userName, Password, role ?? "")), userName);
    }

    private static ILocator Row(IPage admin, string userName) => admin.Locator($"tr:has([data-user='{userName}'])");
}
