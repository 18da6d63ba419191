using Dashboard.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

/// <summary>Stops a real replica database while /lag is open; runs apart from tests that expect every region up.</summary>
[Collection(StackMutatingCollection.Name)]
public sealed class LagPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task StopApDatabase_LagShowsItUnreachableAndOpensAnAlert_OnCallAcknowledges_RestartClosesIt()
    {
        var page = await fixture.NewSignedInPageAsync(TestUsers.OnCall);
        try
        {
            await page.GotoAsync(DashboardUrls.LagPath);
            var ap = page.GetByTestId("lag-card-ap");
            await Expect(ap).ToHaveAttributeAsync("data-state", "streaming");
            await Expect(page.GetByTestId("lag-card-eu")).ToHaveAttributeAsync("data-state", "streaming");
            await Expect(page.GetByTestId("lag-chart")).ToBeVisibleAsync();

            await fixture.Stack.RunScriptAsync("db-stop", "ap");
            var alert = page.GetByTestId("open-alert-ap");
            try
            {
                // Unknown, never zero: the number is a dash and the state says why; a critical alert opens at once.
                await Expect(ap).ToHaveAttributeAsync("data-state", "unreachable");
                await Expect(page.GetByTestId("lag-ap")).ToHaveTextAsync("—");
                await Expect(alert).ToHaveAttributeAsync("data-severity", "critical");
                await Expect(page.GetByTestId("open-alerts")).Not.ToHaveAttributeAsync("data-count", "0");
                await Expect(page.GetByTestId("lag-card-eu")).ToHaveAttributeAsync("data-state", "streaming");

                await alert.Locator("[data-testid^=ack-note-]").FillAsync("e2e: restarting ap's database");
                await alert.Locator("[data-testid^=ack-]").Filter(new() { HasText = "Acknowledge" }).ClickAsync();
                await Expect(alert).ToContainTextAsync("acknowledged by oncall");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "lag-ap-down.png"), FullPage = true });
            }
            finally
            {
                await fixture.Stack.RunScriptAsync("db-start", "ap");
            }

            await Expect(ap).ToHaveAttributeAsync("data-state", "streaming");
            await Expect(alert).ToHaveCountAsync(0);

            // The acknowledgement is in the audit trail, with its note.
            await page.GotoAsync(DashboardUrls.AuditPath);
            await Expect(page.GetByTestId("audit-table")).ToContainTextAsync("e2e: restarting ap's database");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Abuse_MayNotOpenTheLagPage()
    {
        var page = await fixture.NewSignedInPageAsync(TestUsers.Abuse);
        try
        {
            await page.GotoAsync(DashboardUrls.LagPath);
            await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("lag-card-eu")).ToHaveCountAsync(0);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
