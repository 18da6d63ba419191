using Dashboard.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

/// <summary>Stops a real replica database while /lag is open; runs apart from tests that expect every region up.</summary>
[Collection(StackMutatingCollection.Name)]
public sealed class LagPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task StopAReplicasDatabase_LagShowsItUnreachableAndOpensAnAlert_OnCallAcknowledges_RestartClosesIt()
    {
        // A replica (the stack's last) is stopped; another (its first) keeps streaming.
        var stopped = fixture.Stack.Replicas[^1].Name;
        var other = fixture.Stack.Replicas[0].Name;
        other.ShouldNotBe(stopped, "the stack needs two replicas for this test");
        var page = await fixture.NewSignedInPageAsync(TestUsers.OnCall);
        try
        {
            await page.GotoAsync(DashboardUrls.LagPath);
            var card = page.GetByTestId($"lag-card-{stopped}");
            await Expect(card).ToHaveAttributeAsync("data-state", "streaming");
            await Expect(page.GetByTestId($"lag-card-{other}")).ToHaveAttributeAsync("data-state", "streaming");
            await Expect(page.GetByTestId("lag-chart")).ToBeVisibleAsync();

            await fixture.Stack.RunScriptAsync("db-stop", stopped);
            var alert = page.GetByTestId($"open-alert-{stopped}");
            var note = $"e2e: restarting {stopped}'s database";
            try
            {
                // Unknown, never zero: the number is a dash and the state says why; a critical alert opens at once.
                await Expect(card).ToHaveAttributeAsync("data-state", "unreachable");
                await Expect(page.GetByTestId($"lag-{stopped}")).ToHaveTextAsync("—");
                await Expect(alert).ToHaveAttributeAsync("data-severity", "critical");
                await Expect(page.GetByTestId("open-alerts")).Not.ToHaveAttributeAsync("data-count", "0");
                await Expect(page.GetByTestId($"lag-card-{other}")).ToHaveAttributeAsync("data-state", "streaming");

                await alert.Locator("[data-testid^=ack-note-]").FillAsync(note);
                await alert.Locator("[data-testid^=ack-]").Filter(new() { HasText = "Acknowledge" }).ClickAsync();
                await Expect(alert).ToContainTextAsync("acknowledged by oncall");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, $"lag-{stopped}-down.png"), FullPage = true });
            }
            finally
            {
                await fixture.Stack.RunScriptAsync("db-start", stopped);
            }

            await Expect(card).ToHaveAttributeAsync("data-state", "streaming");
            await Expect(alert).ToHaveCountAsync(0);

            // The acknowledgement is in the audit trail, with its note.
            await page.GotoAsync(DashboardUrls.AuditPath);
            await Expect(page.GetByTestId("audit-table")).ToContainTextAsync(note);
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
            await Expect(page.GetByTestId($"lag-card-{fixture.Stack.Replicas[0].Name}")).ToHaveCountAsync(0);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
