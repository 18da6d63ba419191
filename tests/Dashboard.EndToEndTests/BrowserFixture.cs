using System.Collections.Concurrent;
using Dashboard.TestSupport;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(Dashboard.EndToEndTests.BrowserFixture))]

namespace Dashboard.EndToEndTests;

/// <summary>
/// One real dashboard process and one Debian Chromium (its headless shell) for the whole assembly. Playwright's bundled driver runs
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
    private readonly ConcurrentDictionary<string, ConcurrentBag<IBrowserContext>> _contextsByTest = new();
    private readonly ConcurrentDictionary<string, Task<string>> _seedSessions = new();

    /// <summary>The assembly's fixture, for the after-test hook that closes each test's contexts.</summary>
    internal static BrowserFixture? Current { get; private set; }

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
            ExecutablePath = DebianChromium.HeadlessShell,
            Headless = true,
            Args = DebianChromium.Args,
        });
        Current = this;
    }

    /// <summary>
    /// A fresh, isolated browser context (own cookies) on a page at the dashboard's base address (or another dashboard's),
    /// optionally carrying a signed-in session's cookies (<paramref name="storageState"/>).
    /// </summary>
    public async Task<IPage> NewPageAsync(Uri? baseAddress = null, string? storageState = null) =>
        await (await NewContextAsync(new BrowserNewContextOptions { BaseURL = (baseAddress ?? Server.BaseAddress).ToString(), StorageState = storageState })).NewPageAsync();

    /// <summary>
    /// A fresh context with the loaded-machine timeouts (1400 × 900 unless <paramref name="options"/> says otherwise). It
    /// is closed when the test that made it ends (see <see cref="CloseBrowserContextsAfterEachTestAttribute"/>): a page
    /// left open keeps its circuit, its live streams and its renderer busy, and on 2 cores that slowed every later test.
    /// </summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions options)
    {
        var context = await OpenContextAsync(options);
        if (TestContext.Current.Test?.UniqueID is { } test)
        {
            _contextsByTest.GetOrAdd(test, _ => new ConcurrentBag<IBrowserContext>()).Add(context);
        }
        return context;
    }

    /// <summary>A context with the default viewport and the loaded-machine timeouts, closed by whoever opened it.</summary>
    private async Task<IBrowserContext> OpenContextAsync(BrowserNewContextOptions options)
    {
        options.ViewportSize ??= new ViewportSize { Width = 1400, Height = 900 };
        var context = await Browser.NewContextAsync(options);
        context.SetDefaultTimeout(LoadedMachineTimeout);
        context.SetDefaultNavigationTimeout(LoadedMachineTimeout);
        return context;
    }

    /// <summary>Closes every context the test made (already closed ones included), without waiting and without failing.</summary>
    internal void CloseContextsOf(string test)
    {
        if (_contextsByTest.TryRemove(test, out var contexts))
        {
            foreach (var context in contexts)
            {
                _ = context.CloseAsync().ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            }
        }
    }

    /// <summary>
    /// A fresh context on <paramref name="path"/>, signed in as one of the seed users (<see cref="TestUsers.All"/>) with
    /// that user's shared session: each seed user signs in through the real form once per run, and every later page
    /// carries that session's cookie, as a second tab would. A sign-in through the form cost several seconds per test on
    /// a loaded machine. Tests that end a session, or sign in users they create, use <see cref="NewOwnSessionPageAsync"/>.
    /// </summary>
    public async Task<IPage> NewSignedInPageAsync(TestUsers.TestUser user, string path = "/")
    {
        if (!TestUsers.All.Contains(user))
        {
            throw new ArgumentException($"'{user.UserName}' is not a seed user: sign it in with {nameof(NewOwnSessionPageAsync)}.", nameof(user));
        }
        var session = _seedSessions.GetOrAdd(user.UserName, _ => SignInOnceAsync(user));
        string state;
        try
        {
            state = await session;
        }
        catch
        {
            _seedSessions.TryRemove(new KeyValuePair<string, Task<string>>(user.UserName, session));
            throw;
        }
        var page = await NewPageAsync(storageState: state);
        await page.GotoAsync(path);
        // The console is interactive only once its circuit is up; the signed-in user's name shows when it is.
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync(user.UserName);
        return page;
    }

    /// <summary>A fresh context signed in through the real sign-in form as <paramref name="user"/>: a session of its own.</summary>
    public async Task<IPage> NewOwnSessionPageAsync(TestUsers.TestUser user)
    {
        var page = await NewPageAsync();
        await SignInAsync(page, user);
        return page;
    }

    private async Task<string> SignInOnceAsync(TestUsers.TestUser user)
    {
        // Not tracked per test: the session outlives the test that happened to ask first.
        var context = await OpenContextAsync(new BrowserNewContextOptions { BaseURL = Server.BaseAddress.ToString() });
        try
        {
            var page = await context.NewPageAsync();
            await SignInAsync(page, user);
            return await context.StorageStateAsync();
        }
        finally
        {
            await context.CloseAsync();
        }
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
