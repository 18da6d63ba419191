using Dashboard.Client.Live;
using Dashboard.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

public sealed class SignInTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Open_AnyPageSignedOut_GoesToSignInAndBackAfterwards()
    {
        var page = await fixture.NewPageAsync();

        await page.GotoAsync(DashboardUrls.RegionsPath);

        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(DashboardUrls.SignInUrl(DashboardUrls.RegionsPath))));
        await page.GetByTestId("username").FillAsync(TestUsers.OnCall.UserName);
        await page.GetByTestId("password").FillAsync(TestUsers.OnCall.Password);
        await page.GetByTestId("sign-in").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(DashboardUrls.RegionsPath) + "$"));
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync(TestUsers.OnCall.UserName);
    }

    [Fact]
    public async Task SignIn_WrongPassword_SaysSoWithoutNamingWhichPart()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(DashboardUrls.SignInPath);

        await page.GetByTestId("username").FillAsync(TestUsers.Operator.UserName);
        await page.GetByTestId("password").FillAsync("not-the-password");
        await page.GetByTestId("sign-in").ClickAsync();

        await Expect(page.GetByTestId("login-error")).ToHaveTextAsync("Wrong user name or password, or the account is disabled.");
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(DashboardUrls.SignInPath)));
    }

    /// <summary>Signed in already: the sign-in page says as whom and offers to sign out, not a form that would sign in over that session.</summary>
    [Fact]
    public async Task SignInPage_WhileSignedIn_SaysAsWhom_SignOutThenAnotherUserSignsIn()
    {
        var page = await fixture.NewOwnSessionPageAsync(TestUsers.OnCall);

        await page.GotoAsync(DashboardUrls.SignInPath);

        await Expect(page.GetByTestId("signed-in-as")).ToContainTextAsync(TestUsers.OnCall.UserName);
        await Expect(page.GetByTestId("username")).ToHaveCountAsync(0);
        await page.GetByTestId("sign-out-first").ClickAsync();
        await Expect(page.GetByTestId("username")).ToBeVisibleAsync();
        await BrowserFixture.SignInAsync(page, TestUsers.Abuse);
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync(TestUsers.Abuse.UserName);
    }

    [Fact]
    public async Task SignOut_ThenReuseTheOldCookie_IsRefused()
    {
        var page = await fixture.NewOwnSessionPageAsync(TestUsers.OnCall);
        var copied = await BrowserFixture.CookieHeaderAsync(page);
        (await fixture.StatusWithCookieAsync(copied, DashboardUrls.RegionsPath)).ShouldBe(200);

        await page.GetByTestId("sign-out").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(DashboardUrls.SignInPath)));
        // The session lives on the server: a copy of the cookie taken before signing out is dead too.
        (await fixture.StatusWithCookieAsync(copied, DashboardUrls.RegionsPath)).ShouldBe(302);
    }

    [Fact]
    public async Task Hub_SignedOut_IsRefused()
    {
        var page = await fixture.NewPageAsync();

        var response = await page.APIRequest.PostAsync($"{LiveHubPaths.Hub}/negotiate?negotiateVersion=1");

        response.Status.ShouldBe(401);
    }

    [Fact]
    public async Task Hub_SignedOutGet_Is401WithoutAStatusPage()
    {
        var page = await fixture.NewPageAsync();

        var response = await page.APIRequest.GetAsync(LiveHubPaths.Hub, new() { MaxRedirects = 0 });

        response.Status.ShouldBe(401);
        (await response.TextAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task ZoneExport_SignedOut_Is401NotARedirect()
    {
        var page = await fixture.NewPageAsync();

        var response = await page.APIRequest.GetAsync(DashboardUrls.ZoneExportUrl("pro.tunnel.test"), new() { MaxRedirects = 0 });

        response.Status.ShouldBe(401);
        (await response.TextAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Page_SignedOut_RedirectsToSignIn()
    {
        var page = await fixture.NewPageAsync();

        var response = await page.APIRequest.GetAsync(DashboardUrls.ZonesPath, new() { MaxRedirects = 0 });

        response.Status.ShouldBe(302);
        response.Headers["location"].ShouldContain(DashboardUrls.SignInPath);
    }

    [Fact]
    public async Task Healthz_SignedOut_IsServed()
    {
        var page = await fixture.NewPageAsync();

        var response = await page.APIRequest.GetAsync(DashboardUrls.HealthzPath);

        response.Status.ShouldBeOneOf(200, 503);
        (await response.TextAsync()).ShouldContain("\"regions\"");
    }
}
