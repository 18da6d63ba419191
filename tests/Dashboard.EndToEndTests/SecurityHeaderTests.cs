using Dashboard.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

public sealed class SecurityHeaderTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Pages_SendSecurityHeaders()
    {
        var page = await fixture.NewPageAsync();

        var response = await page.GotoAsync(DashboardUrls.SignInPath);

        var headers = await response!.AllHeadersAsync();
        headers["content-security-policy"].ShouldContain("frame-ancestors 'none'");
        headers["content-security-policy"].ShouldContain("script-src 'self'");
        headers["x-content-type-options"].ShouldBe("nosniff");
        headers["referrer-policy"].ShouldBe("no-referrer");
    }

    [Fact]
    public async Task Console_UnderTheCsp_RunsWithoutViolations()
    {
        var page = await fixture.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };

        await BrowserFixture.SignInAsync(page, TestUsers.Admin);
        await page.GotoAsync(DashboardUrls.RegionsPath);
        await Expect(page.GetByTestId($"region-{fixture.Stack.Primary.Name}")).ToBeVisibleAsync();
        await page.GotoAsync(DashboardUrls.UsersPath);
        await page.GetByTestId("create-user").ClickAsync();
        await Expect(page.GetByTestId("new-user-name")).ToBeVisibleAsync();

        violations.ShouldBeEmpty();
    }
}
