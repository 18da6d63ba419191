using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

/// <summary>Steps on the Admin's Users page shared by the tests that need a user of their own.</summary>
internal static class UserDialogSteps
{
    /// <summary>Creates a user through the Users page's Create dialog and waits for the page to confirm it (the page is left open there).</summary>
    public static async Task CreateUserAsync(IPage admin, string userName, string password, string? role = null)
    {
        await admin.GotoAsync(DashboardUrls.UsersPath);
        await admin.GetByTestId("create-user").ClickAsync();
        var name = admin.GetByTestId("new-user-name");
        var secret = admin.GetByTestId("new-password");
        // The dialog focuses its first field once it has rendered in the browser. A fill started before that moment types
        // into whichever field has the focus when it comes: seen under load in CI, the password landed in the name field.
        await Expect(name).ToBeFocusedAsync();
        await name.FillAsync(userName);
        await secret.FillAsync(password);
        await Expect(name).ToHaveValueAsync(userName);
        await Expect(secret).ToHaveValueAsync(password);
        if (role is not null)
        {
            await admin.GetByTestId($"role-{role}").CheckAsync();
        }
        await admin.GetByTestId("dialog-submit").ClickAsync();
        await Expect(admin.GetByTestId("users-message")).ToContainTextAsync($"Created {userName}");
    }
}
