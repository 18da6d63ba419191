using System.Text.RegularExpressions;
using Dashboard.Dns;
using Dashboard.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

/// <summary>
/// Two dashboard instances with a Redis backplane behind a real HAProxy, as <c>./run.sh --instances 2</c> runs them.
/// The shared dashboard of the other tests is stopped meanwhile, so that one of these two leads.
/// </summary>
public sealed class ScaleOutBrowserFixture(BrowserFixture browser) : IAsyncLifetime
{
    public ScaledOutDashboard Dashboard { get; private set; } = null!;
    public HaproxyServer Haproxy { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await browser.StopServerAsync();
        Dashboard = await ScaledOutDashboard.StartAsync(browser.Stack, instances: 2);
        Haproxy = await HaproxyServer.StartAsync(Dashboard.Instances);
        await Dashboard.WaitForOneLeaderAsync(TimeSpan.FromSeconds(120));
    }

    public async ValueTask DisposeAsync()
    {
        await Haproxy.DisposeAsync();
        await Dashboard.DisposeAsync();
        await browser.StartServerAgainAsync();
    }
}

[Collection(StackMutatingCollection.Name)]
public sealed class ScaleOutTests(BrowserFixture fixture, ScaleOutBrowserFixture scaled, EditingServices services) : IClassFixture<ScaleOutBrowserFixture>
{
    private static readonly LocatorAssertionsToBeVisibleOptions WebAssemblyStart = new() { Timeout = 240_000 };

    /// <summary>On-call loses the instance their wallboard is on (SIGKILL) and keeps watching: same page, live again, newer samples.</summary>
    [Fact]
    public async Task Wallboard_ItsInstanceKilled_StaysOpenAndLiveOnTheOther()
    {
        var context = await NewContextAsync(pinnedTo: null);
        try
        {
            var page = await context.NewPageAsync();
            await BrowserFixture.SignInAsync(page, TestUsers.OnCall);
            await page.GotoAsync("/wallboard");
            await Expect(page.GetByTestId("wallboard-live")).ToBeVisibleAsync(WebAssemblyStart);
            await page.EvaluateAsync("() => { window.wallboardInstance = 'before-kill'; }");
            var on = (await context.CookiesAsync()).Single(c => c.Name == HaproxyServer.CookieName).Value;
            var instance = int.Parse(on[1..], System.Globalization.CultureInfo.InvariantCulture) - 1;

            await scaled.Dashboard.Instances[instance].DisposeAsync();
            var killedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

            // Live again, on the other instance, in the same page, with samples taken after the kill.
            var wallboard = page.GetByTestId("wallboard");
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
            while (long.TryParse(await wallboard.GetAttributeAsync("data-sampled-at"), out var at) is var parsed && !(parsed && at > killedAt))
            {
                DateTime.UtcNow.ShouldBeLessThan(deadline, "no sample taken after the kill reached the wallboard within 120 s");
                await Task.Delay(200);
            }
            await Expect(page.GetByTestId("wallboard-live")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("wallboard-reconnecting")).ToHaveCountAsync(0);
            (await page.EvaluateAsync<string?>("() => window.wallboardInstance")).ShouldBe("before-kill");
            foreach (var region in fixture.Stack.Options.Regions)
            {
                await Expect(page.GetByTestId($"wallboard-health-{region.Name}")).ToHaveTextAsync("healthy");
            }
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "scaleout-wallboard-after-kill.png"), FullPage = true });
        }
        finally
        {
            await context.CloseAsync();
            // Back to two instances (on the port HAProxy expects) for the other tests.
            for (var i = 0; i < scaled.Dashboard.Instances.Count; i++)
            {
                if (!scaled.Dashboard.Instances[i].IsRunning)
                {
                    await scaled.Dashboard.RestartAsync(i);
                }
            }
        }
    }

    /// <summary>
    /// Two operators on two instances: the second has the zone page open while the first applies a change, and sees it
    /// arrive in Recent changes and confirmed by DNS in every region, without a reload.
    /// </summary>
    [Fact]
    public async Task Change_AppliedOnOneInstance_ShowsLiveOnTheOtherInstancesZonePage()
    {
        await using var zone = await services.CreateZoneAsync();
        var first = await NewContextAsync(pinnedTo: 0);
        var second = await NewContextAsync(pinnedTo: 1);
        try
        {
            var applying = new ZonePageUi(await first.NewPageAsync());
            var watching = new ZonePageUi(await second.NewPageAsync());
            await BrowserFixture.SignInAsync(applying.Page, TestUsers.Operator);
            await BrowserFixture.SignInAsync(watching.Page, TestUsers.Operator);
            (await InstanceOfAsync(applying.Page)).ShouldNotBe(await InstanceOfAsync(watching.Page), "the two operators must be on different instances");
            await applying.OpenAsync(zone.Name);
            await watching.OpenAsync(zone.Name);
            var rows = watching.Page.GetByTestId("zone-history-row");
            // The zone's creation is its first recorded change: wait for the history to show it before counting.
            await Expect(rows.First).ToBeVisibleAsync();
            var before = await rows.CountAsync();

            await applying.AddRecordAsync("www", RecordType.A, new Dictionary<string, string> { ["address"] = "192.0.2.77" });
            await applying.ApplyAsync();

            await Expect(rows).ToHaveCountAsync(before + 1);
            var newest = rows.First;
            await Expect(newest).ToContainTextAsync("www");
            await Expect(newest.GetByTestId("stored-propagation")).ToHaveAttributeAsync("data-state", "visible");
            foreach (var region in fixture.Stack.Options.Regions)
            {
                await Expect(newest.GetByTestId($"stored-propagation-{region.Name}")).ToHaveAttributeAsync("data-state", "Visible");
            }
            await watching.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "scaleout-other-instance-history.png"), FullPage = true });
        }
        finally
        {
            await first.CloseAsync();
            await second.CloseAsync();
        }
    }

    /// <summary>A context through HAProxy; pinned to an instance (0-based) by HAProxy's own cookie, or left to its balancing.</summary>
    private async Task<IBrowserContext> NewContextAsync(int? pinnedTo)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = scaled.Haproxy.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        context.SetDefaultTimeout(BrowserFixture.LoadedMachineTimeout);
        context.SetDefaultNavigationTimeout(BrowserFixture.LoadedMachineTimeout);
        if (pinnedTo is { } instance)
        {
            await context.AddCookiesAsync([new Cookie { Name = HaproxyServer.CookieName, Value = HaproxyServer.ServerName(instance), Url = scaled.Haproxy.BaseAddress.ToString() }]);
        }
        return context;
    }

    /// <summary>Which instance serves this page's requests (its <c>/livez</c> through HAProxy, with the page's cookies).</summary>
    private static async Task<string> InstanceOfAsync(IPage page)
    {
        var response = await page.APIRequest.GetAsync(DashboardUrls.LivezPath);
        var body = await response.TextAsync();
        return Regex.Match(body, "\"name\":\"([^\"]+)\"").Groups[1].Value;
    }
}
