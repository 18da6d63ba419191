using Dashboard.Features.Zones;
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

        await page.GotoAsync(DashboardRoutes.Regions);

        await Expect(page).ToHaveURLAsync(new Regex("/account/login\\?ReturnUrl=%2Fregions"));
        await page.GetByTestId("username").FillAsync(TestUsers.OnCall.UserName);
        await page.GetByTestId("password").FillAsync(TestUsers.OnCall.Password);
        await page.GetByTestId("sign-in").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/regions$"));
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync(TestUsers.OnCall.UserName);
    }

    [Fact]
    public async Task SignIn_WrongPassword_SaysSoWithoutNamingWhichPart()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/account/login");

        await page.GetByTestId("username").FillAsync(TestUsers.Operator.UserName);
        await page.GetByTestId("password").FillAsync("not-the-password");
        await page.GetByTestId("sign-in").ClickAsync();

        await Expect(page.GetByTestId("login-error")).ToHaveTextAsync("Wrong user name or password, or the account is disabled.");
        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
    }

    [Fact]
    public async Task SignOut_ThenReuseTheOldCookie_IsRefused()
    {
        var page = await fixture.NewSignedInPageAsync(TestUsers.OnCall);
        var copied = await BrowserFixture.CookieHeaderAsync(page);
        (await fixture.StatusWithCookieAsync(copied, DashboardRoutes.Regions)).ShouldBe(200);

        await page.GetByTestId("sign-out").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        // The session lives on the server: a copy of the cookie taken before signing out is dead too.
        (await fixture.StatusWithCookieAsync(copied, DashboardRoutes.Regions)).ShouldBe(302);
    }

    [Fact]
    public async Task Hub_SignedOut_IsRefused()
    {
        var page = await fixture.NewPageAsync();

        var response = await page.APIRequest.PostAsync("/hubs/live/negotiate?negotiateVersion=1");

        response.Status.ShouldBe(401);
    }

    [Fact]
    public async Task Hub_SignedOutGet_Is401WithoutAStatusPage()
    {
        var page = await fixture.NewPageAsync();

        var response = await page.APIRequest.GetAsync("/hubs/live", new() { MaxRedirects = 0 });

        response.Status.ShouldBe(401);
        (await response.TextAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task ZoneExport_SignedOut_Is401NotARedirect()
    {
        var page = await fixture.NewPageAsync();

        var response = await page.APIRequest.GetAsync(ZoneExportEndpoint.PathFor("pro.tunnel.test"), new() { MaxRedirects = 0 });

        response.Status.ShouldBe(401);
        (await response.TextAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Page_SignedOut_RedirectsToSignIn()
    {
        var page = await fixture.NewPageAsync();

        var response = await page.APIRequest.GetAsync(DashboardRoutes.Zones, new() { MaxRedirects = 0 });

        response.Status.ShouldBe(302);
        response.Headers["location"].ShouldContain("/account/login");
    }

    [Fact]
    public async Task Healthz_SignedOut_IsServed()
    {
        var page = await fixture.NewPageAsync();

        var response = await page.APIRequest.GetAsync(DashboardRoutes.Healthz);

        response.Status.ShouldBeOneOf(200, 503);
        (await response.TextAsync()).ShouldContain("\"regions\"");
    }
}
