using Dashboard.Dns;
using Dashboard.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

/// <summary>
/// An operator applies a change while ap's PowerDNS is down: the page shows the change applied at once, ap "not yet
/// visible" in red within the propagation timeout, and turns green by itself once ap is back. Stops a PowerDNS; runs alone.
/// </summary>
[Collection(StackMutatingCollection.Name)]
public sealed class PropagationOutageTests(BrowserFixture fixture, EditingServices services)
{
    [Fact]
    public async Task ApPowerDnsStopped_TimelineRedForAp_ThenGreenOnceItIsBack_WithoutAReload()
    {
        await using var zone = await services.CreateZoneAsync();
        var page = await fixture.NewSignedInPageAsync(TestUsers.Operator);
        try
        {
            var ui = new ZonePageUi(page);
            await ui.OpenAsync(zone.Name);
            await ui.AddRecordAsync("late", RecordType.A, new Dictionary<string, string> { ["address"] = "192.0.2.77" });
            await page.EvaluateAsync("() => { window.beforeOutage = true; }");
            var applied = page.GetByTestId("changeset-applied");

            await fixture.Stack.RunScriptAsync("pdns-stop", "ap");
            try
            {
                await page.GetByTestId("changeset-apply").ClickAsync();

                await Expect(applied).ToContainTextAsync("the SOA serial is now");
                // Past the propagation timeout (10 s) ap is said not to be visible, in red; the others are confirmed.
                await Expect(applied).ToHaveAttributeAsync("data-state", "not-visible", new() { Timeout = 90_000 });
                await Expect(applied.GetByTestId("propagation-ap")).ToContainTextAsync("not yet visible");
                await Expect(applied.GetByTestId("propagation-us")).ToContainTextAsync("serving it, confirmed by DNS");
                await Expect(applied.GetByTestId("propagation-eu")).ToContainTextAsync("serving it, confirmed by DNS");
                await applied.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "propagation-not-yet-visible.png") });
            }
            finally
            {
                await fixture.Stack.RunScriptAsync("pdns-start", "ap");
            }

            // Still watched: green by itself once ap answers, in the same page.
            await Expect(applied).ToHaveAttributeAsync("data-state", "visible", new() { Timeout = 90_000 });
            await Expect(applied.GetByTestId("propagation-ap")).ToContainTextAsync("serving it, confirmed by DNS");
            (await page.EvaluateAsync<bool>("() => window.beforeOutage === true")).ShouldBeTrue("no reload");
            await applied.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "propagation-visible-again.png") });
            await RegionDns.ShouldServeAsync(fixture.Stack, zone.Fqdn("late"), RecordType.A, 30, "192.0.2.77");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
