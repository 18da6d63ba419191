using Dashboard.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

public sealed class RegionsPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Open_RegionsFromNavigation_ShowsRegionsPage()
    {
        var page = await fixture.NewSignedInPageAsync(TestUsers.OnCall);

        await page.GetByTestId("nav-regions").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(DashboardUrls.RegionsPath) + "$"));
        await Expect(page.Locator("#page-title")).ToHaveTextAsync("Regions");
        await Expect(page).ToHaveTitleAsync(new Regex("Regions"));
    }

    [Fact]
    public async Task Open_Regions_ListsEveryRegionHealthyWithVersionAndSerials()
    {
        var page = await fixture.NewSignedInPageAsync(TestUsers.OnCall);

        await page.GotoAsync(DashboardUrls.RegionsPath);

        foreach (var region in fixture.Stack.Options.Regions.Select(r => r.Name))
        {
            var card = page.GetByTestId($"region-{region}");
            await Expect(card).ToHaveAttributeAsync("data-health", "healthy");
            await Expect(card.GetByTestId("powerdns")).ToContainTextAsync("PowerDNS 4.");
            await Expect(card.GetByTestId("soa-free.tunnel.test")).ToContainTextAsync("serial ");
            await Expect(card.GetByTestId("soa-pro.tunnel.test")).ToContainTextAsync("serial ");
        }
        foreach (var region in fixture.Stack.Options.Regions.Select(r => r.Name))
        {
            // The stack's PowerDNS keeps the default answer caches (the negative query cache outlasts free.tunnel.test's 10 s), with the zone cache off.
            var card = page.GetByTestId($"region-{region}");
            await Expect(card.GetByTestId("setting-negquery-cache-ttl")).ToHaveTextAsync("negquery-cache-ttl 60 s");
            await Expect(card.GetByTestId("setting-zone-cache-refresh-interval")).ToHaveTextAsync("zone-cache-refresh-interval 0 s");
            var negative = card.Locator("[data-testid=lint-line][data-setting=negquery-cache-ttl][data-severity=warning]");
            // Other tests' zones may be named in the same line (every zone in the database is linted).
            await Expect(negative).ToContainTextAsync("stays NXDOMAIN here for up to 60 s, longer than the negative TTL of ");
            await Expect(negative).ToContainTextAsync("free.tunnel.test (10 s)");
            await Expect(card.Locator("[data-testid=lint-line][data-setting=zone-cache-refresh-interval][data-severity=info]"))
                .ToContainTextAsync("the zone cache is off; a new zone answers at once");
        }
        await Expect(page.GetByTestId($"region-{fixture.Stack.Primary.Name}").GetByTestId("database")).ToContainTextAsync("up, primary");
        foreach (var replica in fixture.Stack.Replicas)
        {
            await Expect(page.GetByTestId($"region-{replica.Name}").GetByTestId("database")).ToContainTextAsync("up, replica");
        }
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "regions-healthy.png"), FullPage = true });
    }
}
