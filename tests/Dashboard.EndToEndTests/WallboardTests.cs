using Dashboard.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

/// <summary>The on-call wallboard: WebAssembly in Chromium, talking to the live hub with the page's cookie.</summary>
public sealed class WallboardTests(BrowserFixture fixture)
{
    /// <summary>
    /// How long a fresh browser context may take from opening /wallboard to the wallboard being live: it downloads and
    /// starts the .NET WebAssembly runtime and the app (no cache in a new context) before it can connect. In the full
    /// suite on a loaded 2-core machine that took longer than the 60 s the console pages get.
    /// </summary>
    private static readonly LocatorAssertionsToBeVisibleOptions WebAssemblyStart = new() { Timeout = 240_000 };

    /// <summary>Opens the wallboard in <paramref name="page"/> and waits until it is connected.</summary>
    private static async Task OpenLiveAsync(IPage page)
    {
        await page.GotoAsync(DashboardUrls.WallboardPath);
        await Expect(page.GetByTestId("wallboard-live")).ToBeVisibleAsync(WebAssemblyStart);
    }

    [Fact]
    public async Task Open_Anonymous_GoesToSignIn()
    {
        var page = await fixture.NewPageAsync();

        await page.GotoAsync(DashboardUrls.WallboardPath);

        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(DashboardUrls.SignInPath)));
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// OnCall opens the wallboard beside a console tab: every region is live, with no CSP violation. Then signing out in
    /// the console ends the wallboard's session too: its hub connection is closed and it goes to sign in. (One test:
    /// each fresh context downloads and starts the WebAssembly runtime, the slowest step of the browser suite.)
    /// </summary>
    [Fact]
    public async Task Open_OnCall_ShowsEveryRegionLive_ThenSignOutInAnotherTabSendsItToSignIn()
    {
        var console = await fixture.NewOwnSessionPageAsync(TestUsers.OnCall);
        try
        {
            var page = await console.Context.NewPageAsync();
            var violations = WatchCsp(page);

            await OpenLiveAsync(page);

            foreach (var region in fixture.Stack.RegionNames)
            {
                await Expect(page.GetByTestId($"wallboard-health-{region}")).ToHaveTextAsync("healthy");
            }
            await Expect(page.GetByTestId($"wallboard-region-{fixture.Stack.Primary.Name}")).ToHaveAttributeAsync("data-state", "primary");
            // The real sampler: each replica streams with a measured heartbeat lag, and its chart fills.
            foreach (var replica in fixture.Stack.Replicas.Select(r => r.Name))
            {
                await Expect(page.GetByTestId($"wallboard-region-{replica}")).ToHaveAttributeAsync("data-state", "streaming");
                await Expect(page.GetByTestId($"wallboard-lag-{replica}")).ToHaveTextAsync(new Regex(@"^\d+ ms$|^\d+\.\d s$"));
                await Expect(page.GetByTestId($"wallboard-chart-{replica}").Locator("svg")).ToBeVisibleAsync();
            }
            // No nav drawer or app bar: a kiosk.
            await Expect(page.GetByTestId("user-name")).ToHaveCountAsync(0);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "wallboard.png"), FullPage = true });
            violations.ShouldBeEmpty();

            await console.GetByTestId("sign-out").ClickAsync();
            await Expect(console).ToHaveURLAsync(new Regex(Regex.Escape(DashboardUrls.SignInPath)));

            await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(DashboardUrls.SignInPath)));
        }
        finally
        {
            await console.Context.CloseAsync();
        }
    }

    private static List<string> WatchCsp(IPage page)
    {
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };
        return violations;
    }
}
