using Dashboard.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

/// <summary>
/// Issue #11 as an operator does it during an incident: take a replica's region out of client routing, see Route 53 (the local
/// stand-in, PENDING for 3 s) apply it, put it back, and find both in the audit with their change ids. Only these tests
/// change the stand-in's records, and its failures are injected only by <see cref="RoutingOutageTests"/>, which runs
/// alone: these run beside the others.
/// </summary>
public sealed class RoutingPageTests(BrowserFixture fixture)
{
    private static readonly LocatorAssertionsToHaveAttributeOptions InSync = new() { Timeout = 60_000 };

    [Fact]
    public async Task Operator_TakesAReplicaOutOfRotation_PendingThenInsync_PutsItBack_AuditShowsBothWithChangeIds()
    {
        // The region taken out: a replica, the stack's first.
        var replica = fixture.Stack.Replicas[0].Name;
        var regions = fixture.Stack.RegionNames;
        var page = await fixture.NewSignedInPageAsync(TestUsers.Operator);
        try
        {
            await page.GotoAsync(DashboardUrls.RoutingPath);
            var route = page.Locator($"[data-testid=routing-route][data-set={replica}]");
            await Expect(route).ToHaveAttributeAsync("data-rotation", "in");
            await Expect(page.GetByTestId("routing-in-rotation")).ToHaveTextAsync($"{regions.Count} of {regions.Count} region(s) in rotation");
            await Expect(page.GetByTestId("routing-standin")).ToContainTextAsync("local stand-in");

            // Out: the confirmation names the effect, wants a reason, and the page follows Route 53 to INSYNC.
            await route.GetByTestId("routing-take-out").ClickAsync();
            await Expect(page.GetByTestId("rotation-effect")).ToContainTextAsync($"Clients near {replica} will be sent to the next-nearest region in rotation");
            await page.GetByTestId("rotation-submit").ClickAsync();
            await Expect(page.GetByTestId("rotation-errors")).ToContainTextAsync("Say why");
            var reason = $"INC-7: {replica} edge packet loss";
            await page.GetByTestId("rotation-reason").FillAsync(reason);
            await page.GetByTestId("rotation-submit").ClickAsync();
            var change = page.GetByTestId("routing-change");
            await Expect(change).ToHaveAttributeAsync("data-status", "pending");
            await Expect(change).ToContainTextAsync("Route 53 can take up to 60 seconds");
            await change.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "routing-pending.png") });
            var outId = await change.GetAttributeAsync("data-change-id");
            outId.ShouldNotBeNullOrEmpty();
            await Expect(change).ToHaveAttributeAsync("data-status", "insync", InSync);
            await Expect(change).ToContainTextAsync("INSYNC after");
            await Expect(route).ToHaveAttributeAsync("data-rotation", "out");
            await Expect(route.GetByTestId("routing-rotation")).ToContainTextAsync(reason);
            await Expect(page.GetByTestId("routing-in-rotation")).ToHaveTextAsync($"{regions.Count - 1} of {regions.Count} region(s) in rotation");
            fixture.Route53.EntryRecords.Keys.Order().ShouldBe(regions.Where(r => r != replica).Order());
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, $"routing-{replica}-out.png"), FullPage = true });

            // Back.
            await route.GetByTestId("routing-put-back").ClickAsync();
            await Expect(page.GetByTestId("rotation-effect")).ToContainTextAsync($"Clients near {replica} will be sent to {fixture.Route53.Route(replica).Edge} again");
            await page.GetByTestId("rotation-reason").FillAsync("INC-7 resolved");
            await page.GetByTestId("rotation-submit").ClickAsync();
            await Expect(change).Not.ToHaveAttributeAsync("data-change-id", outId!);
            var backId = await change.GetAttributeAsync("data-change-id");
            await Expect(change).ToHaveAttributeAsync("data-status", "insync", InSync);
            await Expect(route).ToHaveAttributeAsync("data-rotation", "in");
            fixture.Route53.EntryRecords.Keys.Order().ShouldBe(regions.Order());

            // The trail: both changes, with Route 53's change ids, accepted and then in sync.
            await page.GotoAsync(DashboardUrls.AuditUrl(name: RoutingStandIn.EntryName));
            var table = page.GetByTestId("audit-table");
            await Expect(table).ToContainTextAsync($"Route 53 change {outId} PENDING: take [{replica}] out of rotation");
            await Expect(table).ToContainTextAsync($"Route 53 change {outId} INSYNC");
            await Expect(table).ToContainTextAsync($"Route 53 change {backId} PENDING: put [{replica}] back in rotation");
            await Expect(table).ToContainTextAsync($"Route 53 change {backId} INSYNC");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task OnCall_SeesRoutingWithRegionHealth_ButNoButtonsThatChangeIt()
    {
        var page = await fixture.NewSignedInPageAsync(TestUsers.OnCall);
        try
        {
            await page.GotoAsync(DashboardUrls.RoutingPath);
            await Expect(page.Locator("[data-testid=routing-route]")).ToHaveCountAsync(fixture.Stack.Options.Regions.Count);
            await Expect(page.Locator($"[data-testid=routing-route][data-set={fixture.Stack.Primary.Name}] [data-testid=routing-region-health]")).Not.ToBeEmptyAsync();
            (await page.GetByTestId("routing-take-out").CountAsync()).ShouldBe(0);
            (await page.GetByTestId("routing-add").CountAsync()).ShouldBe(0);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
