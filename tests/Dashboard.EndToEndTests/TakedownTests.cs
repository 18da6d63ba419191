using Dashboard.Dns;
using Dashboard.TestSupport;
using DnsClient;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

/// <summary>Issue #10 as the abuse team does it: find a name, take it down with evidence, watch it go from every region, meet the hold as an operator, restore.</summary>
public sealed class TakedownTests(BrowserFixture fixture, EditingServices services)
{
    private static readonly LocatorAssertionsToHaveAttributeOptions Confirmed = new() { Timeout = 30_000 };

    [Fact]
    public async Task Abuse_TakesDownWithEvidence_GoneFromEveryRegion_OperatorRefusedByTheHold_RestoreBringsItBack()
    {
        await using var zone = await services.CreateZoneAsync();
        var phish = zone.Fqdn("phish");
        await services.ApplyAsync(zone.Name, ("phish", RecordType.A, "192.0.2.66", 30), ("phish", RecordType.TXT, "\"bank-login\"", 30));
        var page = await fixture.NewSignedInPageAsync(TestUsers.Abuse);
        IPage? operatorPage = null;
        try
        {
            await page.GotoAsync(DashboardUrls.TakedownsPath);
            await page.GetByTestId("takedown-search-text").FillAsync(zone.Name);
            await page.GetByTestId("takedown-search").ClickAsync();
            var candidate = page.Locator($"[data-testid=takedown-candidate][data-name='{phish}']");
            await Expect(candidate).ToContainTextAsync("A 192.0.2.66");
            await candidate.GetByTestId("candidate-takedown").ClickAsync();

            // Evidence is required; then given, hostile parts included.
            await page.GetByTestId("takedown-submit").ClickAsync();
            await Expect(page.GetByTestId("takedown-errors")).ToContainTextAsync("Give at least one evidence URL");
            await page.GetByTestId("takedown-urls").FillAsync("https://reports.example/PH-1\njavascript:alert(1)");
            await page.GetByTestId("takedown-note").FillAsync("<script>alert(1)</script> a clone of a bank's login page");
            await page.GetByTestId("takedown-submit").ClickAsync();

            // The verification, live: every region confirmed by DNS.
            var applied = page.GetByTestId("takedown-applied");
            await Expect(applied).ToHaveAttributeAsync("data-state", "visible", Confirmed);
            foreach (var region in RegionDns.Regions)
            {
                await Expect(applied.GetByTestId($"propagation-{region}")).ToContainTextAsync("done, confirmed by DNS");
                var answer = await StackDns.For(fixture.Stack.Region(region)).QueryAsync(phish, QueryType.A, QueryClass.IN, TestContext.Current.CancellationToken);
                answer.Header.ResponseCode.ShouldBe(DnsHeaderResponseCode.NotExistentDomain, region);
            }
            await Expect(candidate.GetByTestId("candidate-held")).ToBeVisibleAsync();

            // The detail: evidence inert unless http(s), the rows removed, the stored verification.
            await page.GetByTestId("takedown-applied-link").ClickAsync();
            await Expect(page.GetByTestId("takedown-detail")).ToHaveAttributeAsync("data-status", "active");
            await Expect(page.GetByTestId("evidence-link")).ToHaveAttributeAsync("rel", "noopener noreferrer");
            await Expect(page.GetByTestId("evidence-text")).ToHaveTextAsync("javascript:alert(1)");
            (await page.Locator("a[href^='javascript']").CountAsync()).ShouldBe(0);
            await Expect(page.GetByTestId("takedown-note-text")).ToContainTextAsync("<script>alert(1)</script>");
            await Expect(page.GetByTestId("takedown-removed-row")).ToHaveCountAsync(2);
            await Expect(page.GetByTestId("takedown-verification").GetByTestId("stored-propagation")).ToHaveAttributeAsync("data-state", "visible", Confirmed);
            var detailUrl = page.Url;

            // An operator who tries to re-create the name is refused with the hold's reason.
            operatorPage = await fixture.NewSignedInPageAsync(TestUsers.Operator);
            var ui = new ZonePageUi(operatorPage);
            await ui.OpenAsync(zone.Name);
            await ui.AddRecordAsync("phish", RecordType.A, new Dictionary<string, string> { ["address"] = "192.0.2.99" });
            await operatorPage.GetByTestId("changeset-apply").ClickAsync();
            await Expect(operatorPage.GetByTestId("changeset-invalid")).ToContainTextAsync($"{phish} is held after an abuse takedown (phishing, takedown #");

            // Restored, with a reason: the records are served again everywhere.
            await page.GotoAsync(detailUrl);
            await page.GetByTestId("restore-submit").ClickAsync();
            await Expect(page.GetByTestId("restore-errors")).ToContainTextAsync("Say why");
            await page.GetByTestId("restore-reason").FillAsync("appeal PH-1 granted: the page was the bank's own");
            await page.GetByTestId("restore-submit").ClickAsync();
            await Expect(page.GetByTestId("takedown-live")).ToHaveAttributeAsync("data-state", "visible", Confirmed);
            await Expect(page.GetByTestId("takedown-detail")).ToHaveAttributeAsync("data-status", "restored");
            await RegionDns.ShouldServeAsync(fixture.Stack, phish, RecordType.A, 30, "192.0.2.66");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "takedown-restored.png"), FullPage = true });

            // Bulk: every name pointing at one address; the pro-zone one is listed as left out, the others go at once.
            await using var pro = await services.CreateZoneAsync(Dashboard.Configuration.ZoneTier.Pro);
            await services.ApplyAsync(zone.Name, ("bulk-a", RecordType.A, "192.0.2.88", 30), ("bulk-b", RecordType.A, "192.0.2.88", 30));
            await services.ApplyAsync(pro.Name, ("shop", RecordType.A, "192.0.2.88", 300));
            await page.GotoAsync(DashboardUrls.TakedownsPath);
            await Expect(page.GetByTestId("takedown-search-text")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await page.GetByTestId("takedown-search-mode").ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = "target (IP or edge name)" }).ClickAsync();
            // The field is drawn again for the new mode (its label): typing into the old drawing could be lost.
            await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "An IP address or an edge name" })).ToBeVisibleAsync();
            await page.GetByTestId("takedown-search-text").FillAsync("192.0.2.88");
            await page.GetByTestId("takedown-search").ClickAsync();
            await Expect(page.Locator($"[data-testid=takedown-candidate][data-name='{pro.Fqdn("shop")}'] [data-testid=candidate-excluded]")).ToBeVisibleAsync();
            await page.GetByTestId("takedown-select-all").CheckAsync();
            await page.GetByTestId("takedown-selected").ClickAsync();
            await Expect(page.GetByTestId("takedown-preview-name")).ToHaveTextAsync([zone.Fqdn("bulk-a"), zone.Fqdn("bulk-b")]);
            await Expect(page.GetByTestId("takedown-preview-excluded")).ToContainTextAsync($"{pro.Fqdn("shop")}: in a Pro-tier zone");
            await page.GetByTestId("takedown-urls").FillAsync("https://reports.example/PH-2");
            await page.GetByTestId("takedown-note").FillAsync("two more on the same phishing host");
            await page.GetByTestId("takedown-submit").ClickAsync();
            await Expect(page.GetByTestId("bulk-applied")).ToHaveAttributeAsync("data-state", "visible", Confirmed);
            await Expect(page.GetByTestId("bulk-summary")).ToContainTextAsync("Took down 2 name(s) in 1 zone(s)");
            await RegionDns.ShouldServeAsync(fixture.Stack, pro.Fqdn("shop"), RecordType.A, 300, "192.0.2.88");

            // The list's CSV names it, with the evidence as text.
            var csv = await page.APIRequest.GetAsync(DashboardUrls.TakedownsUrl(status: "all", zone: zone.Name, export: true));
            csv.Status.ShouldBe(200);
            var text = await csv.TextAsync();
            text.ShouldStartWith("id,name,zone,reason,status,");
            text.ShouldContain($",{phish},{zone.Name},phishing,restored,");
            text.ShouldContain("https://reports.example/PH-1 javascript:alert(1)");
        }
        finally
        {
            if (operatorPage is not null)
            {
                await operatorPage.Context.CloseAsync();
            }
            await page.Context.CloseAsync();
        }
    }
}
