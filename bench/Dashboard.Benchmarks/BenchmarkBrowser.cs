using Dashboard.TestSupport;
using Microsoft.Playwright;

namespace Dashboard.Benchmarks;

/// <summary>Debian's Chromium driven by Playwright against one dashboard; each signed-in page gets its own context (own cookies).</summary>
public sealed class BenchmarkBrowser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly DashboardServer _server;

    private BenchmarkBrowser(IPlaywright playwright, IBrowser browser, DashboardServer server)
    {
        _playwright = playwright;
        _browser = browser;
        _server = server;
    }

    public static async Task<BenchmarkBrowser> LaunchAsync(DashboardServer server)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = DebianChromium.Browser,
            Headless = true,
            Args = DebianChromium.Args,
        });
        return new BenchmarkBrowser(playwright, browser, server);
    }

    /// <summary>A new context signed in through the sign-in form, on the page it lands on once the circuit is up.</summary>
    public async Task<IPage> SignedInPageAsync(string userName, string password)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _server.BaseAddress.ToString() });
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(DashboardUrls.SignInPath);
        await page.FillAsync("[data-testid=username]", userName);
        await page.FillAsync("[data-testid=password]", password);
        await page.ClickAsync("[data-testid=sign-in]");
        await page.WaitForURLAsync(url => !url.Contains(DashboardUrls.SignInPath, StringComparison.Ordinal));
        await page.Locator("[data-testid=user-name]").WaitForAsync();
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
