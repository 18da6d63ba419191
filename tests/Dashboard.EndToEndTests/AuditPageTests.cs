using System.Text.RegularExpressions;
using Dashboard.Dns;
using Dashboard.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

/// <summary>Issue #7's audit page: the reason typed at apply, a trail that fits a laptop screen, changes marked, filters in the URL.</summary>
public sealed class AuditPageTests(BrowserFixture fixture, EditingServices services)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Loaded = new() { Timeout = 30_000 };

    [Fact]
    public async Task ApplyWithReason_AuditShowsItOnALaptopScreen_ReasonVisible_ChangeMarked_ChainIntact()
    {
        await using var zone = await services.CreateZoneAsync();
        var www = zone.Fqdn("www");
        // A long TXT value: one unbroken 250-character string, the kind that made the table 2,781 px wide.
        var longText = string.Join(' ', Enumerable.Range(0, 4).Select(i => $"\"{new string((char)('a' + i), 250)}\""));
        await services.ApplyAsync(zone.Name, ("www", RecordType.A, "192.0.2.1", 300), ("long", RecordType.TXT, longText, 300));
        const string Reason = "ticket OPS-1234: move www to the new edge";

        var operatorPage = await fixture.NewSignedInPageAsync(TestUsers.Operator);
        try
        {
            var ui = new ZonePageUi(operatorPage);
            await ui.OpenAsync(zone.Name);
            await ui.EditRRsetAsync(www, RecordType.A, new Dictionary<string, string> { ["address"] = "192.0.2.2" });
            await operatorPage.GetByTestId("changeset-reason").FillAsync(Reason);
            await operatorPage.GetByTestId("changeset-apply").ClickAsync();
            await Expect(operatorPage.GetByTestId("changeset-applied")).ToBeVisibleAsync(Loaded);
            await Expect(operatorPage.GetByTestId("changeset-applied")).ToHaveAttributeAsync("data-state", "visible", new() { Timeout = 30_000 });

            // The zone page's history: this change first, with who made it and where it reached, as stored.
            var newest = operatorPage.GetByTestId("zone-history-row").First;
            await Expect(newest).ToContainTextAsync($"record.edit {www} A", new() { Timeout = 30_000 });
            await Expect(newest).ToContainTextAsync(Reason);
            await Expect(newest.GetByTestId("stored-propagation")).ToHaveAttributeAsync("data-state", "visible", new() { Timeout = 30_000 });
            foreach (var region in RegionDns.Regions)
            {
                await Expect(newest.GetByTestId($"stored-propagation-{region}")).ToHaveTextAsync(new Regex($@"^\W*{region} \+\d+ ms$"));
            }
            await Expect(operatorPage.GetByTestId("zone-history-row").Last).ToContainTextAsync("zone created");
            await operatorPage.GetByTestId("zone-history").ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "zone-history.png") });
        }
        finally
        {
            await operatorPage.Context.CloseAsync();
        }

        var context = await fixture.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.Server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
        });
        var page = await context.NewPageAsync();
        try
        {
            await BrowserFixture.SignInAsync(page, TestUsers.Admin);
            await page.GotoAsync(DashboardUrls.AuditUrl(zone: zone.Name));
            var edit = page.Locator($"tr:has([data-testid=audit-name]:text-is('{www}'))").Filter(new() { Has = page.GetByTestId("audit-action").GetByText("record.edit") });
            await Expect(edit).ToBeVisibleAsync(Loaded);
            await Expect(page.Locator($"tr:has([data-testid=audit-name]:text-is('{zone.Fqdn("long")}'))")).ToBeVisibleAsync();

            // The reason typed at apply is in the entry, and on screen at 1366 px: the table is no wider than its container.
            var reason = edit.GetByTestId("audit-reason");
            await Expect(reason).ToHaveTextAsync(Reason);
            var box = (await reason.BoundingBoxAsync()).ShouldNotBeNull();
            (box.X + box.Width).ShouldBeLessThanOrEqualTo(1366);
            var header = (await page.Locator("th").Filter(new() { HasText = "Reason" }).BoundingBoxAsync()).ShouldNotBeNull();
            (header.X + header.Width).ShouldBeLessThanOrEqualTo(1366);
            var widths = await page.GetByTestId("audit-table").Locator(".mud-table-container").EvaluateAsync<int[]>("e => [e.scrollWidth, e.clientWidth]");
            widths[0].ShouldBeLessThanOrEqualTo(widths[1]);
            (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(1366);
            // The page's scoped layout rules reach the table (they did not while no element of the page carried its
            // scope): fixed column widths, and a date that does not break at its hyphens.
            (await page.GetByTestId("audit-table").Locator("table").EvaluateAsync<string>("e => getComputedStyle(e).tableLayout")).ShouldBe("fixed");
            var date = edit.GetByTestId("audit-at").Locator("span").First;
            (await date.EvaluateAsync<int>("e => e.getClientRects().length")).ShouldBe(1, "the date is on one line");

            // The entry carries its change's propagation, as stored: every region confirmed by DNS.
            await Expect(edit.GetByTestId("stored-propagation")).ToHaveAttributeAsync("data-state", "visible");
            foreach (var region in fixture.Stack.RegionNames)
            {
                await Expect(edit.GetByTestId($"stored-propagation-{region}")).ToHaveTextAsync(new Regex($@"{Regex.Escape(region)} \+\d+ ms$"));
            }
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "audit-propagation.png") });

            // What changed is marked on each side, and only that.
            await Expect(edit.GetByTestId("audit-before").GetByTestId("audit-changed")).ToHaveTextAsync("192.0.2.1");
            await Expect(edit.GetByTestId("audit-after").GetByTestId("audit-changed")).ToHaveTextAsync("192.0.2.2");

            // The page verifies the hash chain.
            await page.GetByTestId("verify-chain").ClickAsync();
            await Expect(page.GetByTestId("chain-result")).ToContainTextAsync("audit chain intact", new() { Timeout = 30_000 });
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task NameAndZonePrefixFilters_NarrowTheTrail_AndLiveInTheUrl()
    {
        await using var zone = await services.CreateZoneAsync();
        await services.ApplyAsync(zone.Name, ("alpha", RecordType.A, "192.0.2.1", 300), ("beta", RecordType.A, "192.0.2.2", 300));
        var prefix = zone.Name[..12];
        var page = await fixture.NewSignedInPageAsync(TestUsers.Admin);
        try
        {
            await page.GotoAsync(DashboardUrls.AuditPath);
            await Expect(page.GetByTestId("audit-table")).ToBeVisibleAsync(Loaded);
            // The table's first load re-renders the filters: type only once its rows are in (on a loaded machine the
            // typed prefix was otherwise lost before its debounce ran).
            await Expect(page.GetByTestId("audit-zone").First).ToBeVisibleAsync(Loaded);

            await page.GetByTestId("filter-zone").FillAsync(prefix);
            await Expect(page).ToHaveURLAsync(new Regex($"zone={Regex.Escape(prefix)}"), new() { Timeout = 30_000 });
            await Expect(page.GetByTestId("audit-zone")).ToHaveCountAsync(3, new() { Timeout = 30_000 });
            await Expect(page.GetByTestId("audit-zone").First).ToHaveTextAsync(zone.Name);

            await page.GetByTestId("filter-name").FillAsync("ALPHA");
            await Expect(page).ToHaveURLAsync(new Regex("name=ALPHA"), new() { Timeout = 30_000 });
            await Expect(page.GetByTestId("audit-name")).ToHaveTextAsync([zone.Fqdn("alpha")], new() { Timeout = 30_000 });

            // The URL alone gives the same view (pasted into a ticket).
            var url = page.Url;
            var second = await fixture.NewSignedInPageAsync(TestUsers.OnCall);
            try
            {
                await second.GotoAsync(url);
                await Expect(second.GetByTestId("audit-name")).ToHaveTextAsync([zone.Fqdn("alpha")], new() { Timeout = 30_000 });
                await Expect(second.GetByTestId("filter-name")).ToHaveValueAsync("ALPHA");
            }
            finally
            {
                await second.Context.CloseAsync();
            }
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
