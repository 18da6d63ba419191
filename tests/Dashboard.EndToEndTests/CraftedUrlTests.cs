using System.Collections.Concurrent;
using Dashboard.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

/// <summary>
/// Crafted query values (a NUL in a text filter, page=abc, 1.5, 2147483648, negative, huge sizes) on every page that
/// reads its URL: each page must render, say what it ignored, and never crash the circuit. The query strings are spelled
/// raw on purpose (NULs, bad escapes, repeated keys): <see cref="DashboardUrls"/> would escape them into harmless text.
/// Every kind of hazard appears once per query key here (not a number, NUL, out of range, too long, repeated, odd
/// Unicode); the spellings that only the parser tells apart (1.5, 1e3, 0x10, a full-width digit, +3) are
/// <c>QueryReaderTests</c>' job, where they cost microseconds rather than a page load each.
/// </summary>
public sealed class CraftedUrlTests(BrowserFixture fixture)
{
    private const string Zone = DashboardUrls.ZonesPath + "/free.tunnel.test";
    private const string ZoneReady = "[data-testid=rrset], [data-testid=rrset-empty], [data-testid=zone-missing]";
    private const string SearchReady = "[data-testid=search-total], [data-testid=ignored-query]";
    private const string Ignored = "[data-testid=ignored-query]";

    private static readonly string Long = new('a', 5_000);

    /// <summary>Each URL with the element that shows its page has rendered after reading it.</summary>
    public static readonly IReadOnlyList<(string Url, string Ready)> Urls =
    [
        // Several keys' hazards share a URL (each parameter is read on its own, so one crash still shows as a crash);
        // a repeated key and the largest valid page keep URLs of their own, and no URL holds two 5,000-character values
        // (Kestrel refuses a request line over 8 KB). One page load costs seconds under load.
        .. new[]
        {
            "page=abc&size=abc&prefix=%00&type=%00&sort=%00",
            "page=2147483648&size=-5&contains=us%00edge&type=BOGUS&sort=weird",
            $"page=-1&size=0&prefix={Long}&sort=--type",
            $"page=0&size=1000000&contains={Long}",
            "page=99999999999&size=2147483648&contains=%25%5F%5C&prefix=%F0%9F%98%80",
            "page=%00&prefix=%C3%A9&contains=%E2%80%A8",
            "page=&prefix=%0A%0D",
            "page=1&page=2",
            "page=2147483647",
        }.Select(q => ($"{Zone}?{q}", ZoneReady)),
        (DashboardUrls.ZoneUrl(Long), ZoneReady),
        ($"{DashboardUrls.ZoneUrl("é.test")}?page=abc", ZoneReady),
        .. new[]
        {
            "q=%00", "q=a%00b", "q=192.0.2.10&page=abc", "q=192.0.2.10&page=2147483648",
            "q=192.0.2.10&page=-1", "q=192.0.2.10&page=99999999", "q=tunnel&page=2147483647", $"q={Long}", "q=%25%25%25",
            "q=%5C%5C%5C", "page=abc", "q=::ffff:%00",
        }.Select(q => ($"{DashboardUrls.SearchPath}?{q}", SearchReady)),
        // Only white space is no query at all: the page shows its empty search box.
        (DashboardUrls.SearchUrl("\n"), "[data-testid=search-box]"),
        .. new[] { "actor=%00&zone=%00&action=%00", "from=abc&to=9999-99-99", "from=2026-13-45", "from=%00", $"actor={Long}", $"zone={Long}" }
            .Select(q => ($"{DashboardUrls.AuditPath}?{q}", Ignored)),
        ($"{DashboardUrls.ZonesPath}?page=abc&q=%00", "[data-testid=zones-table]"),
        ($"{DashboardUrls.UsersPath}?page=%00", "[data-testid=user-row]"),
        ($"{DashboardUrls.RegionsPath}?page=%00", $"[data-testid=region-{TestStack.Current.Primary.Name}]"),
    ];

    /// <summary>Tabs of one signed-in context that share the list: each page load mostly waits on its circuit's start.</summary>
    private const int Tabs = 3;

    [Fact]
    public async Task CraftedQueryValues_EveryPage_RendersWithoutAnUnhandledError()
    {
        var first = await fixture.NewSignedInPageAsync(TestUsers.Admin);
        var tabs = new List<IPage> { first };
        for (var i = 1; i < Tabs; i++)
        {
            tabs.Add(await first.Context.NewPageAsync());
        }
        var failures = new ConcurrentBag<string>();

        await Task.WhenAll(tabs.Select((page, i) => VisitAsync(page, Urls.Where((_, n) => n % Tabs == i), failures)));

        failures.ShouldBeEmpty($"{failures.Count} of {Urls.Count} crafted URLs crashed their page");
    }

    private static async Task VisitAsync(IPage page, IEnumerable<(string Url, string Ready)> urls, ConcurrentBag<string> failures)
    {
        foreach (var (url, ready) in urls)
        {
            var shown = url.Length > 120 ? url[..120] + "…" : url;
            try
            {
                await page.GotoAsync(url);
                // Whichever comes first: the page's content, or the error bar of a crashed circuit.
                await Expect(page.Locator($"{ready}, #blazor-error-ui:visible").First).ToBeVisibleAsync(new() { Timeout = BrowserFixture.LoadedMachineTimeout });
            }
            catch (PlaywrightException ex)
            {
                failures.Add($"{shown} (never rendered: {ex.Message.Split('\n')[0]})");
                continue;
            }
            if (await page.Locator("#blazor-error-ui").IsVisibleAsync())
            {
                failures.Add(shown);
            }
        }
    }

    /// <summary>A NUL in the path never reaches a page: the web server refuses the request as malformed, not as a crash.</summary>
    [Theory]
    [InlineData(DashboardUrls.ZonesPath + "/%00")]
    [InlineData(DashboardUrls.ZonesPath + "/a%00b.test")]
    public async Task NulInThePath_IsABadRequest_NotAServerError(string path)
    {
        var page = await fixture.NewSignedInPageAsync(TestUsers.Admin);
        var cookie = await BrowserFixture.CookieHeaderAsync(page);

        (await fixture.StatusWithCookieAsync(cookie, path)).ShouldBe(400);
    }
}
