using Dashboard.TestSupport;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(Dashboard.EndToEndTests.BrowserFixture))]

namespace Dashboard.EndToEndTests;

/// <summary>
/// One real dashboard process and one Debian Chromium for the whole assembly. Playwright's bundled driver runs
/// offline; its own browser download is never used.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>
    /// How long any Playwright wait (an <c>Expect</c>, an action's auto-wait, a navigation) may take before it fails.
    /// Sized for a 2-core machine with both cores busy: at load average 30 a page that is right a moment later missed
    /// Playwright's 5 s default, and at load average 70 to 115 (eight sessions sharing the machine) loading the sign-in
    /// page alone took more than 30 s. Every wait is on state, so a generous limit costs nothing when the page is quick.
    /// </summary>
    public const float LoadedMachineTimeout = 60_000;

    private IPlaywright? _playwright;

    public TestStack Stack { get; } = TestStack.Load();
    public DashboardServer Server { get; private set; } = null!;

    /// <summary>
    /// The live hub's backplane of the shared dashboard: it runs as one instance of a deployment that the scale-out
    /// tests join with instances of their own (then whichever leads sends the hub's streams to the clients of all).
    /// </summary>
    public RedisServer Redis { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The dashboard's Route 53: the local stand-in (not AWS), whose changes stay PENDING for <see cref="RoutingPendingFor"/>.</summary>
    public RoutingStandIn Route53 { get; private set; } = null!;

    public static readonly TimeSpan RoutingPendingFor = TimeSpan.FromSeconds(3);

    /// <summary>Failures the stand-in answers instead (a test that queues some must run alone: every routing call meets them).</summary>
    public Route53StandIn.StandInFailures Route53Failures { get; } = new();

    public async ValueTask InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(LoadedMachineTimeout);
        Route53 = await RoutingStandIn.StartAsync(Stack, RoutingPendingFor, failures: Route53Failures);
        Redis = await RedisServer.StartAsync();
        Server = await DashboardServer.StartAsync(Stack, new Dictionary<string, string>(Route53.Environment)
        {
            ["Dashboard__Scaleout__Redis"] = Redis.Configuration,
            ["Dashboard__Scaleout__InstanceName"] = "shared",
        });
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh, isolated browser context (own cookies) on a page at the dashboard's base address (or another dashboard's).</summary>
    public async Task<IPage> NewPageAsync(Uri? baseAddress = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = (baseAddress ?? Server.BaseAddress).ToString(), ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        context.SetDefaultTimeout(LoadedMachineTimeout);
        context.SetDefaultNavigationTimeout(LoadedMachineTimeout);
        return await context.NewPageAsync();
    }

    /// <summary>A fresh context signed in through the real sign-in form as <paramref name="user"/>.</summary>
    public async Task<IPage> NewSignedInPageAsync(TestUsers.TestUser user)
    {
        var page = await NewPageAsync();
        await SignInAsync(page, user);
        return page;
    }

    public static async Task SignInAsync(IPage page, TestUsers.TestUser user, string? returnUrl = null)
    {
        await page.GotoAsync(DashboardUrls.SignInUrl(returnUrl));
        // The first sign-in (password hashing, circuit start) can take a while on a loaded machine: the default limit is
        // sized for it. On a saturated machine the first sign-ins of a run can also meet the dashboard still hashing its
        // seeded users' passwords; it then says it is busy, and the form is sent again, as a person would (a saturated
        // run once failed its first test here after 60 s).
        var busy = page.GetByText(Dashboard.Features.Account.LoginPage.BusyMessage);
        for (var attempt = 1; ; attempt++)
        {
            await page.GetByTestId("username").FillAsync(user.UserName);
            await page.GetByTestId("password").FillAsync(user.Password);
            await page.GetByTestId("sign-in").ClickAsync();
            await Assertions.Expect(page.GetByTestId("user-name").Or(busy)).ToBeVisibleAsync();
            if (attempt >= 5 || !await busy.IsVisibleAsync())
            {
                break;
            }
        }
        await page.WaitForURLAsync(url => !url.Contains(DashboardUrls.SignInPath, StringComparison.Ordinal));
        // The console is interactive only once its circuit is up; the signed-in user's name shows when it is.
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync(user.UserName);
    }

    /// <summary>The page's cookies as a <c>Cookie</c> header, to replay them from outside the browser.</summary>
    public static async Task<string> CookieHeaderAsync(IPage page) =>
        string.Join("; ", (await page.Context.CookiesAsync()).Select(c => $"{c.Name}={c.Value}"));

    /// <summary>GETs <paramref name="path"/> with only the given cookie header, without following redirects.</summary>
    public async Task<int> StatusWithCookieAsync(string cookieHeader, string path)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookieHeader);
        using var response = await http.SendAsync(request);
        return (int)response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
        if (Route53 is not null)
        {
            await Route53.DisposeAsync();
        }
        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }
    }
}
