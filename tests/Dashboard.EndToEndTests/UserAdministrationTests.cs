using Dashboard.Features.Audit;
using Dashboard.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

public sealed class UserAdministrationTests(BrowserFixture fixture)
{
    private const string HostileReason = "<script>window.__pwned=1</script>\"><img src=x onerror=\"window.__pwned=2\"> javascript:alert(3)";

    [Fact]
    public async Task Admin_CreatesUser_DisablesIt_OpenSessionStops_AndAuditShowsReasonEscaped()
    {
        var userName = $"temp-{Guid.NewGuid():N}"[..16];
        const string password = "a-long-temporary-password";
        var admin = await fixture.NewSignedInPageAsync(TestUsers.Admin);
        var dialogs = 0;
        admin.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };

        // Create the user through the Users page.
        await UserDialogSteps.CreateUserAsync(admin, userName, password, role: "OnCall");
        var row = admin.Locator($"tr:has([data-user='{userName}'])");
        await Expect(row.GetByTestId("user-roles-cell")).ToHaveTextAsync("OnCall");

        // The new user signs in and keeps a page open.
        var user = await fixture.NewOwnSessionPageAsync(new TestUsers.TestUser(userName, password, "OnCall"));
        await user.GotoAsync(DashboardUrls.RegionsPath);
        await Expect(user.GetByTestId($"region-{fixture.Stack.Primary.Name}")).ToBeVisibleAsync();
        var copied = await BrowserFixture.CookieHeaderAsync(user);

        // The admin disables them, with a hostile reason.
        await row.GetByTestId("disable-user").ClickAsync();
        await admin.GetByTestId("reason").FillAsync(HostileReason);
        await admin.GetByTestId("dialog-submit").ClickAsync();
        await Expect(row.GetByTestId("user-state")).ToHaveTextAsync("disabled");

        // Their open circuit notices within the revalidation interval and sends them to sign in;
        // their cookie is refused outright.
        await Expect(user).ToHaveURLAsync(new Regex(Regex.Escape(DashboardUrls.SignInPath)));
        (await fixture.StatusWithCookieAsync(copied, DashboardUrls.RegionsPath)).ShouldBe(302);

        // The audit trail has the disable, with the reason shown as text, never run.
        await admin.GotoAsync(DashboardUrls.AuditUrl(action: AuditActions.UserDisable));
        var entry = admin.Locator($"tr:has([data-testid=audit-name]:text-is('{userName}'))");
        await Expect(entry.GetByTestId("audit-reason")).ToHaveTextAsync(HostileReason);
        await Expect(entry.GetByTestId("audit-actor")).ToHaveTextAsync(TestUsers.Admin.UserName);
        (await admin.EvaluateAsync<object?>("() => window.__pwned ?? null")).ShouldBeNull();
        (await admin.Locator("img[src=x]").CountAsync()).ShouldBe(0);
        dialogs.ShouldBe(0);
    }
}
