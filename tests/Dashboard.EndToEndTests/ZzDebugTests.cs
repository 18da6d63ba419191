using Dashboard.TestSupport;
namespace Dashboard.EndToEndTests;
public sealed class ZzDebugTests(BrowserFixture fixture, EditingServices services)
{
    [Fact]
    public async Task Dump()
    {
        await using var zone = await services.CreateZoneAsync();
        var page = await fixture.NewSignedInPageAsync(TestUsers.Operator);
        var ui = new ZonePageUi(page);
        await ui.OpenAsync(zone.Name);
        await page.GetByTestId("add-record").ClickAsync();
        await page.WaitForTimeoutAsync(1000);
        File.WriteAllText("/tmp/e2edebug/dialog.html", await page.Locator(".mud-dialog-container").First.EvaluateAsync<string>("e => e.outerHTML"));
        await page.ScreenshotAsync(new() { Path = "/tmp/e2edebug/dialog.png" });
    }
}
