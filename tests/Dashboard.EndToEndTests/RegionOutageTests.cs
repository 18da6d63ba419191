using Dashboard.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

/// <summary>Stops a real replica database; must not run beside other tests that expect every region up.</summary>
[Collection(StackMutatingCollection.Name)]
public sealed class RegionOutageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task StopAReplicasDatabase_ShowsItDownThenHealthyAfterRestart()
    {
        // A replica (the stack's last) is stopped.
        var stopped = fixture.Stack.Replicas[^1].Name;
        var page = await fixture.NewSignedInPageAsync(TestUsers.OnCall);
        await page.GotoAsync(DashboardUrls.RegionsPath);
        var card = page.GetByTestId($"region-{stopped}");
        await Expect(card).ToHaveAttributeAsync("data-health", "healthy");

        await fixture.Stack.RunScriptAsync("db-stop", stopped);
        try
        {
            await Expect(card).ToHaveAttributeAsync("data-health", "down");
            await Expect(card.GetByTestId("problems")).ToContainTextAsync("database down");
            await Expect(card.GetByTestId("database")).ToContainTextAsync("down");
            // The other regions are untouched, and the page is still the page, not an error.
            foreach (var other in fixture.Stack.RegionNames.Where(r => r != stopped))
            {
                await Expect(page.GetByTestId($"region-{other}")).ToHaveAttributeAsync("data-health", "healthy");
            }
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, $"regions-{stopped}-down.png"), FullPage = true });
        }
        finally
        {
            await fixture.Stack.RunScriptAsync("db-start", stopped);
        }

        await Expect(card).ToHaveAttributeAsync("data-health", "healthy");
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StackMutatingCollection
{
    public const string Name = "stack-mutating";
}
