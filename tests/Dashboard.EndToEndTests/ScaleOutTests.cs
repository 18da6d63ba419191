using System.Text.RegularExpressions;
using Dashboard.Dns;
using Dashboard.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

/// <summary>
/// Two more dashboard instances behind a real HAProxy, as <c>./run.sh --instances 2</c> runs them, joining the shared
/// dashboard's deployment (its Redis backplane): whichever of the three leads sends the hub's streams to everyone.
/// </summary>
public sealed class ScaleOutBrowserFixture(BrowserFixture browser) : IAsyncLifetime
{
    public ScaledOutDashboard Dashboard { get; private set; } = null!;
    public HaproxyServer Haproxy { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Dashboard = await ScaledOutDashboard.StartAsync(browser.Stack, instances: 2, sharedRedis: browser.Redis);
        Haproxy = await HaproxyServer.StartAsync(Dashboard.Instances);
    }

    public async ValueTask DisposeAsync()
    {
        await Haproxy.DisposeAsync();
        await Dashboard.DisposeAsync();
    }
}

public sealed class ScaleOutTests(BrowserFixture fixture, ScaleOutBrowserFixture scaled, EditingServices services) : IClassFixture<ScaleOutBrowserFixture>
{
    private static readonly LocatorAssertionsToBeVisibleOptions WebAssemblyStart = new() { Timeout = 240_000 };

    /// <summary>
    /// Through HAProxy, as people use it. Two operators' pages on two instances: a change staged on one is staged on the
    /// other too (the staged set is in the database); the second has the zone page open while the first applies it,
    /// and sees it arrive in Recent changes and confirmed by DNS in every region, without a reload. Then on-call loses
    /// the instance their wallboard is on (SIGKILL) and keeps watching: same page, live again, samples taken after the
    /// kill. One test, in this order, because the kill ends the deployment's second instance.
    /// </summary>
    [Fact]
    public async Task TwoInstances_ChangeShowsLiveOnTheOther_ThenAWallboardsInstanceKilled_ItStaysLive()
    {
        await using var zone = await services.CreateZoneAsync();
        var first = await NewContextAsync(pinnedTo: 0);
        var second = await NewContextAsync(pinnedTo: 1);
        var oncall = await NewContextAsync(pinnedTo: 1);
        try
        {
            var applying = new ZonePageUi(await first.NewPageAsync());
            var watching = new ZonePageUi(await second.NewPageAsync());
            var wallboard = await oncall.NewPageAsync();
            await BrowserFixture.SignInAsync(applying.Page, TestUsers.Operator);
            await BrowserFixture.SignInAsync(watching.Page, TestUsers.Operator);
            await BrowserFixture.SignInAsync(wallboard, TestUsers.OnCall);
            (await InstanceOfAsync(applying.Page)).ShouldNotBe(await InstanceOfAsync(watching.Page), "the two operators must be on different instances");
            // The wallboard starts its WebAssembly runtime while the operators work.
            await wallboard.GotoAsync(DashboardUrls.WallboardPath);

            await applying.OpenAsync(zone.Name);
            await watching.OpenAsync(zone.Name);
            var rows = watching.Page.GetByTestId("zone-history-row");
            // The zone's creation is its first recorded change: wait for the history to show it before counting.
            await Expect(rows.First).ToBeVisibleAsync();
            var before = await rows.CountAsync();

            await applying.AddRecordAsync("www", RecordType.A, new Dictionary<string, string> { ["address"] = "192.0.2.77" });
            await watching.Page.ReloadAsync();
            await watching.ExpectStagedAsync(1);
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

            // The wallboard, on the second instance: kill that instance under it.
            await Expect(wallboard.GetByTestId("wallboard-live")).ToBeVisibleAsync(WebAssemblyStart);
            await wallboard.EvaluateAsync("() => { window.wallboardInstance = 'before-kill'; }");
            await scaled.Dashboard.Instances[1].DisposeAsync();
            var killedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

            // Live again, on the other instance, in the same page, with samples taken after the kill.
            var root = wallboard.GetByTestId("wallboard");
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
            while (!(long.TryParse(await root.GetAttributeAsync("data-sampled-at"), out var at) && at > killedAt))
            {
                DateTime.UtcNow.ShouldBeLessThan(deadline, "no sample taken after the kill reached the wallboard within 120 s");
                await Task.Delay(200, TestContext.Current.CancellationToken);
            }
            await Expect(wallboard.GetByTestId("wallboard-live")).ToBeVisibleAsync();
            await Expect(wallboard.GetByTestId("wallboard-reconnecting")).ToHaveCountAsync(0);
            (await wallboard.EvaluateAsync<string?>("() => window.wallboardInstance")).ShouldBe("before-kill");
            (await InstanceOfAsync(wallboard)).ShouldBe(scaled.Dashboard.NamePrefix + "d1", "the wallboard's requests go to the instance left");
            foreach (var region in fixture.Stack.Options.Regions)
            {
                await Expect(wallboard.GetByTestId($"wallboard-health-{region.Name}")).ToHaveTextAsync("healthy");
            }
            await wallboard.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "scaleout-wallboard-after-kill.png"), FullPage = true });
        }
        finally
        {
            await first.CloseAsync();
            await second.CloseAsync();
            await oncall.CloseAsync();
        }
    }

    /// <summary>A context through HAProxy; pinned to an instance (0-based) by HAProxy's own cookie, or left to its balancing.</summary>
    private async Task<IBrowserContext> NewContextAsync(int? pinnedTo)
    {
        var context = await fixture.NewContextAsync(new BrowserNewContextOptions { BaseURL = scaled.Haproxy.BaseAddress.ToString() });
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
