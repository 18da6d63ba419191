using Dashboard.Dns;
using Dashboard.TestSupport;
using DnsClient;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

/// <summary>
/// A takedown while one region's PowerDNS is down, as the abuse team would meet it: the other regions confirm NXDOMAIN,
/// the stopped one says in red why it is not yet visible, and turns visible by itself once its PowerDNS is back.
/// Stops a PowerDNS; runs alone.
/// </summary>
[Collection(StackMutatingCollection.Name)]
public sealed class TakedownRegionOutageTests(BrowserFixture fixture, EditingServices services)
{
    /// <summary>The region whose PowerDNS is stopped: a replica, the stack's last.</summary>
    private string Stopped => fixture.Stack.Replicas[^1].Name;

    /// <summary>Past the dashboard's propagation timeout (10 s), on a loaded machine.</summary>
    private static readonly LocatorAssertionsToHaveAttributeOptions PastTimeout = new() { Timeout = 60_000 };

    [Fact]
    public async Task Abuse_TakedownWhileAReplicasPowerDnsIsDown_OthersConfirm_ItIsNotYetVisibleThenConfirmedWhenBack()
    {
        await using var zone = await services.CreateZoneAsync();
        var phish = zone.Fqdn("phish");
        await services.ApplyAsync(zone.Name, ("phish", RecordType.A, "192.0.2.67", 30));
        var page = await fixture.NewSignedInPageAsync(TestUsers.Abuse);
        try
        {
            await page.GotoAsync(DashboardUrls.TakedownsPath);
            await page.GetByTestId("takedown-search-text").FillAsync(phish);
            await page.GetByTestId("takedown-search").ClickAsync();
            var candidate = page.Locator($"[data-testid=takedown-candidate][data-name='{phish}']");
            await candidate.GetByTestId("candidate-takedown").ClickAsync();
            await page.GetByTestId("takedown-urls").FillAsync("https://reports.example/PH-9");
            await page.GetByTestId("takedown-note").FillAsync("credential phishing, reported twice");

            await fixture.Stack.RunScriptAsync("pdns-stop", Stopped);
            try
            {
                await page.GetByTestId("takedown-submit").ClickAsync();
                var applied = page.GetByTestId("takedown-applied");
                foreach (var region in fixture.Stack.RegionNames.Where(r => r != Stopped))
                {
                    await Expect(applied.GetByTestId($"propagation-{region}")).ToHaveAttributeAsync("data-state", "Visible", PastTimeout);
                    var answer = await StackDns.For(fixture.Stack.Region(region)).QueryAsync(phish, QueryType.A, QueryClass.IN, TestContext.Current.CancellationToken);
                    answer.Header.ResponseCode.ShouldBe(DnsHeaderResponseCode.NotExistentDomain, region);
                }
                var stopped = applied.GetByTestId($"propagation-{Stopped}");
                await Expect(stopped).ToHaveAttributeAsync("data-state", "NotYetVisible", PastTimeout);
                await Expect(stopped).ToContainTextAsync("not yet visible: its PowerDNS API refused the cache flush (connection refused)");
                await Expect(applied).ToHaveAttributeAsync("data-state", "not-visible");
                await applied.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, $"takedown-{Stopped}-down.png") });
            }
            finally
            {
                await fixture.Stack.RunScriptAsync("pdns-start", Stopped);
            }

            // Watched on: the region that came back is flushed, asked, and confirmed without anyone pressing anything.
            var confirmed = page.GetByTestId("takedown-applied");
            await Expect(confirmed).ToHaveAttributeAsync("data-state", "visible", PastTimeout);
            var back = await StackDns.For(fixture.Stack.Region(Stopped)).QueryAsync(phish, QueryType.A, QueryClass.IN, TestContext.Current.CancellationToken);
            back.Header.ResponseCode.ShouldBe(DnsHeaderResponseCode.NotExistentDomain, Stopped);
            await confirmed.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, $"takedown-{Stopped}-back.png") });
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
