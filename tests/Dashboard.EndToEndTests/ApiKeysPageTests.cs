using System.Net;
using System.Net.Http.Headers;
using Dashboard.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

public sealed class ApiKeysPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Admin_CreatesAKeyForAbuse_CopiesItOnce_ItWorks_RevokesIt_ItStops()
    {
        var name = $"e2e-{Guid.NewGuid():N}"[..16];
        var page = await fixture.NewSignedInPageAsync(TestUsers.Admin);
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);

        await page.GotoAsync(DashboardUrls.KeysPath);
        await Expect(page.GetByTestId("keys-table")).ToBeVisibleAsync();
        await page.GetByTestId("create-key").ClickAsync();
        await page.GetByTestId("key-name").FillAsync(name);
        await page.GetByTestId("key-owner").ClickAsync();
        await page.GetByText($"{TestUsers.Abuse.UserName} (Abuse)").ClickAsync();
        // Only what Abuse may do is offered.
        await Expect(page.GetByTestId("key-permission-EditDns")).ToHaveCountAsync(0);
        await page.GetByTestId("key-permission-ReadZones").CheckAsync();
        await page.GetByTestId("dialog-submit").ClickAsync();

        await Expect(page.GetByTestId("key-secret")).ToBeVisibleAsync();
        await page.GetByTestId("key-copy").ClickAsync();
        await Expect(page.GetByTestId("key-copy")).ToContainTextAsync("Copied");
        var key = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        key.ShouldStartWith("dash_");
        await page.GetByTestId("key-secret-done").ClickAsync();

        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        (await http.GetAsync("/api/v1/zones")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var row = page.Locator($"tr:has([data-key='{name}'])");
        await row.GetByTestId("revoke-key").ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(page.GetByTestId("keys-message")).ToContainTextAsync($"key:{name} is revoked");
        await Expect(row.GetByTestId("key-state")).ToHaveTextAsync("revoked");
        (await http.GetAsync("/api/v1/zones")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        // The page never shows the key again.
        (await page.ContentAsync()).ShouldNotContain(key);
    }
}
