using Dashboard.TestSupport;
using Microsoft.Playwright;
using Route53StandIn;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

/// <summary>
/// The Routing page when things are wrong, as on call meets it: a region whose PowerDNS is down says so beside its
/// latency record (so an operator can decide to take it out; the page never does by itself), and Route 53 not answering
/// is said in words with a way to try again. Stops a PowerDNS and makes the stand-in fail: runs alone.
/// </summary>
[Collection(StackMutatingCollection.Name)]
public sealed class RoutingOutageTests(BrowserFixture fixture)
{
    /// <summary>The region whose PowerDNS is stopped: a replica, the stack's last.</summary>
    private string Stopped => fixture.Stack.Replicas[^1].Name;

    [Fact]
    public async Task AReplicasPowerDnsDown_ShowsBesideItsRecord_StillInRotation_Route53Failing_SaysSoAndTriesAgain()
    {
        var page = await fixture.NewSignedInPageAsync(TestUsers.Operator);
        try
        {
            await fixture.Stack.RunScriptAsync("pdns-stop", Stopped);
            try
            {
                // The page reads region health as the monitor last saw it (every second in tests): reload until it shows.
                var health = page.Locator($"[data-testid=routing-route][data-set={Stopped}] [data-testid=routing-region-health]");
                for (var attempt = 0; ; attempt++)
                {
                    await page.GotoAsync(DashboardUrls.RoutingPath);
                    await Expect(health).ToBeVisibleAsync();
                    if ((await health.TextContentAsync())!.Contains("PowerDNS", StringComparison.Ordinal) || attempt >= 30)
                    {
                        break;
                    }
                    await Task.Delay(1_000, TestContext.Current.CancellationToken);
                }
                await Expect(health).ToContainTextAsync("PowerDNS");
                await Expect(page.Locator($"[data-testid=routing-route][data-set={Stopped}]")).ToHaveAttributeAsync("data-rotation", "in");
                // Another replica (the stack's first) is fine.
                var other = fixture.Stack.Replicas[0].Name;
                other.ShouldNotBe(Stopped, "the stack needs two replicas for this test");
                await Expect(page.Locator($"[data-testid=routing-route][data-set={other}] [data-testid=routing-region-health]")).ToHaveTextAsync("no problem seen");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, $"routing-{Stopped}-down.png"), FullPage = true });
            }
            finally
            {
                await fixture.Stack.RunScriptAsync("pdns-start", Stopped);
            }

            // Route 53 answers 503 to everything: retried, then said in words; the page recovers with Try again.
            fixture.Route53Failures.Rule = _ => new StandInError(503, "ServiceUnavailable", "the stand-in is failing on purpose");
            try
            {
                await page.GotoAsync(DashboardUrls.RoutingPath);
                await Expect(page.GetByTestId("routing-load-error")).ToContainTextAsync("Route 53 answered ServiceUnavailable");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "routing-route53-down.png") });
            }
            finally
            {
                fixture.Route53Failures.Rule = null;
            }
            await page.GetByRole(AriaRole.Button, new() { Name = "Try again" }).ClickAsync();
            await Expect(page.Locator("[data-testid=routing-route]")).ToHaveCountAsync(fixture.Stack.Options.Regions.Count);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
