using Dashboard.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

/// <summary>Stops a real replica database; must not run beside other tests that expect every region up.</summary>
[Collection(StackMutatingCollection.Name)]
public sealed class RegionOutageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task StopApDatabase_ShowsApDownThenHealthyAfterRestart()
    {
        var page = await fixture.NewSignedInPageAsync(TestUsers.OnCall);
        await page.GotoAsync(DashboardUrls.RegionsPath);
        var ap = page.GetByTestId("region-ap");
        await Expect(ap).ToHaveAttributeAsync("data-health", "healthy");

        await fixture.Stack.RunScriptAsync("db-stop", "ap");
        try
        {
            await Expect(ap).ToHaveAttributeAsync("data-health", "down");
            await Expect(ap.GetByTestId("problems")).ToContainTextAsync("database down");
            await Expect(ap.GetByTestId("database")).ToContainTextAsync("down");
            // The other regions are untouched, and the page is still the page, not an error.
            await Expect(page.GetByTestId("region-us")).ToHaveAttributeAsync("data-health", "healthy");
            await Expect(page.GetByTestId("region-eu")).ToHaveAttributeAsync("data-health", "healthy");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "regions-ap-down.png"), FullPage = true });
        }
        finally
        {
            await fixture.Stack.RunScriptAsync("db-start", "ap");
        }

        await Expect(ap).ToHaveAttributeAsync("data-health", "healthy");
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StackMutatingCollection
{
    public const string Name = "stack-mutating";
}
