using System.Net;
using System.Net.Http.Headers;
using Dashboard.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

/// <summary>An Admin makes an API key on the Keys page: its secret is shown once (and copied), it works at once, and revoking stops it at once.</summary>
public sealed class ApiKeyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Admin_CreatesAKey_SeesTheSecretOnce_ItWorks_AndRevokingStopsItAtOnce()
    {
        var keyName = $"e2e-{Guid.NewGuid():N}"[..16];
        var admin = await fixture.NewSignedInPageAsync(TestUsers.Admin);
        await admin.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await admin.GotoAsync(DashboardUrls.KeysPath);
        await admin.GetByTestId("create-key").ClickAsync();
        var name = admin.GetByTestId("key-name");
        // The dialog focuses its first field once rendered; a fill started before that would land wherever the focus goes.
        await Expect(name).ToBeFocusedAsync();
        await name.FillAsync(keyName);
        await admin.GetByTestId("key-owner").ClickAsync();
        await admin.Locator(".mud-popover-open .mud-list-item").GetByText(new Regex($"^{TestUsers.Abuse.UserName} \\(")).ClickAsync();
        // The owner is Abuse: the dialog offers only what Abuse may do (no EditDns), and Takedown is one of them.
        await Expect(admin.GetByTestId("key-permission-EditDns")).ToHaveCountAsync(0);
        await admin.GetByTestId("key-permission-ReadZones").CheckAsync();
        await Expect(name).ToHaveValueAsync(keyName);
        await admin.GetByTestId("dialog-submit").ClickAsync();

        var secretField = admin.GetByTestId("key-secret");
        await Expect(secretField).ToHaveValueAsync(new Regex("^dash_"));
        var secret = await secretField.InputValueAsync();
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "api-key-secret-once.png") });
        await admin.GetByTestId("key-copy").ClickAsync();
        await Expect(admin.GetByTestId("key-copy")).ToContainTextAsync("Copied");
        (await admin.EvaluateAsync<string>("() => navigator.clipboard.readText()")).ShouldBe(secret);
        await admin.GetByTestId("key-secret-done").ClickAsync();
        var row = admin.Locator($"tr:has([data-key='{keyName}'])");
        await Expect(row.GetByTestId("key-state")).ToHaveTextAsync("active");
        (await admin.ContentAsync()).ShouldNotContain(secret);
        await admin.ReloadAsync();
        await Expect(row.GetByTestId("key-last-used")).ToHaveTextAsync("never");
        (await admin.ContentAsync()).Contains(secret, StringComparison.Ordinal).ShouldBeFalse("the secret is shown once, never again");

        (await ZonesStatusAsync(secret)).ShouldBe(HttpStatusCode.OK);
        await admin.ReloadAsync();
        await Expect(row.GetByTestId("key-last-used")).ToContainTextAsync("from 127.0.0.1");

        await row.GetByTestId("revoke-key").ClickAsync();
        await admin.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(admin.GetByTestId("keys-message")).ToContainTextAsync($"key:{keyName} is revoked");
        // A revoked key leaves the list of active ones, and shows with the switch.
        await Expect(row).ToHaveCountAsync(0);
        await admin.GetByTestId("show-ended-keys").CheckAsync();
        await Expect(row.GetByTestId("key-state")).ToHaveTextAsync("revoked");
        (await ZonesStatusAsync(secret)).ShouldBe(HttpStatusCode.Unauthorized);
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "api-keys-list.png") });
    }

    private async Task<HttpStatusCode> ZonesStatusAsync(string key)
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/zones");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
