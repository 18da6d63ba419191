using Dashboard.Features.Account;
using Dashboard.Features.Auth;
using Dashboard.Features.TwoFactor;
using Dashboard.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

/// <summary>
/// A dashboard of its own with production's rule for Operators (two-factor required), and Operators of its own: the
/// shared dashboard lets every test user in with a password alone.
/// </summary>
public sealed class TwoFactorServerFixture : IAsyncLifetime
{
    private static readonly string Suffix = Guid.NewGuid().ToString("N")[..8];

    public TestUsers.TestUser Enrolling { get; } = new($"tf-op-{Suffix}", "tf-operator-password", Roles.Operator);
    public TestUsers.TestUser Guessed { get; } = new($"tf-guess-{Suffix}", "tf-guessed-password", Roles.Operator);

    public DashboardServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var env = new Dictionary<string, string> { ["Dashboard__TwoFactor__RequiredRolesDefault"] = Roles.Operator };
        foreach (var (user, i) in new[] { Enrolling, Guessed }.Select((u, i) => (u, TestUsers.All.Count + i)))
        {
            env[$"Dashboard__SeedUsers__{i}__UserName"] = user.UserName;
            env[$"Dashboard__SeedUsers__{i}__Password"] = user.Password;
            env[$"Dashboard__SeedUsers__{i}__Roles__0"] = user.Role;
        }
        Server = await DashboardServer.StartAsync(TestStack.Load(), env);
    }

    public ValueTask DisposeAsync() => Server?.DisposeAsync() ?? ValueTask.CompletedTask;
}

public sealed class TwoFactorTests(BrowserFixture fixture, TwoFactorServerFixture server) : IClassFixture<TwoFactorServerFixture>
{
    [Fact]
    public async Task Operator_EnrolsAtFirstSignIn_ThenSignsInWithACodeThatCannotBeReplayed()
    {
        var user = server.Enrolling;
        var page = await fixture.NewPageAsync(server.Server.BaseAddress);

        // The password is right, but the role requires two-factor: the enrolment page, and nothing else.
        await SubmitPasswordAsync(page, user);
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(DashboardUrls.TwoFactorPath)));
        await Expect(page.GetByTestId("enrolment-required")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("qr-code").Locator("svg")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "two-factor-enrolment.png"), FullPage = true });
        await page.GotoAsync(DashboardUrls.ZonesPath);
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(DashboardUrls.SignInPath)));
        (await page.Context.CookiesAsync()).ShouldNotContain(c => c.Name == AuthCookie.Name);

        // Enrol with a code computed here from the key shown for typing in.
        await page.GotoAsync(DashboardUrls.TwoFactorPath);
        var key = (await page.GetByTestId("manual-key").TextContentAsync()).ShouldNotBeNull();
        await page.GetByTestId("enable-code").FillAsync(TotpCodes.At(key, DateTimeOffset.UtcNow));
        await page.GetByTestId("enable-two-factor").ClickAsync();
        await Expect(page.GetByTestId("recovery-codes").Locator("li")).ToHaveCountAsync(RecoveryCodes.Count);
        await page.GetByTestId("continue").ClickAsync();
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync(user.UserName);

        // Next sign-in: password, then the code page; a wrong code is refused, the right one signs in.
        await page.GetByTestId("sign-out").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(DashboardUrls.SignInPath)));
        await SubmitPasswordAsync(page, user);
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(DashboardUrls.SignInCodePath)));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "two-factor-code.png"), FullPage = true });
        await page.GetByTestId("two-factor-code").FillAsync(TotpCodes.At(key, DateTimeOffset.UtcNow.AddMinutes(-10)));
        await page.GetByTestId("verify-code").ClickAsync();
        await Expect(page.GetByTestId("code-error")).ToHaveTextAsync(TwoFactorCodePage.WrongCodeMessage);
        // The step after enrolment's: inside the accepted window, and not used yet.
        var code = TotpCodes.At(key, DateTimeOffset.UtcNow.AddSeconds(Totp.StepSeconds));
        await page.GetByTestId("two-factor-code").FillAsync(code);
        await page.GetByTestId("verify-code").ClickAsync();
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync(user.UserName);

        // The same code, seen over a shoulder and typed in another browser with the password, is refused.
        var other = await fixture.NewPageAsync(server.Server.BaseAddress);
        await SubmitPasswordAsync(other, user);
        await Expect(other).ToHaveURLAsync(new Regex(Regex.Escape(DashboardUrls.SignInCodePath)));
        await other.GetByTestId("two-factor-code").FillAsync(code);
        await other.GetByTestId("verify-code").ClickAsync();
        await Expect(other.GetByTestId("code-error")).ToHaveTextAsync(TwoFactorCodePage.WrongCodeMessage);
        (await other.Context.CookiesAsync()).ShouldNotContain(c => c.Name == AuthCookie.Name);
    }

    [Fact]
    public async Task WrongCodes_CountWithWrongPasswords_TowardTheLockout()
    {
        var user = server.Guessed;
        var key = await EnrolAsync(user);
        var page = await fixture.NewPageAsync(server.Server.BaseAddress);

        // Two wrong passwords and three wrong codes: the fifth failure for this name from this address.
        for (var i = 0; i < 2; i++)
        {
            await SubmitPasswordAsync(page, user with { Password = $"wrong-password-{i}" });
            await Expect(page.GetByTestId("login-error")).ToHaveTextAsync(LoginPage.RefusedMessage);
        }
        await SubmitPasswordAsync(page, user);
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(DashboardUrls.SignInCodePath)));
        for (var i = 1; i <= 3; i++)
        {
            await page.GetByTestId("two-factor-code").FillAsync(TotpCodes.At(key, DateTimeOffset.UtcNow.AddMinutes(-10 * i)));
            await page.GetByTestId("verify-code").ClickAsync();
            await Expect(page.GetByTestId("code-error")).ToHaveTextAsync(TwoFactorCodePage.WrongCodeMessage);
        }

        // Now even the right code is refused, and so is the right password: the name is locked out from here.
        await page.GetByTestId("two-factor-code").FillAsync(TotpCodes.At(key, DateTimeOffset.UtcNow.AddSeconds(Totp.StepSeconds)));
        await page.GetByTestId("verify-code").ClickAsync();
        await Expect(page.GetByTestId("code-error")).ToHaveTextAsync(LoginPage.ThrottledMessage);
        (await page.Context.CookiesAsync()).ShouldNotContain(c => c.Name == AuthCookie.Name);
        await SubmitPasswordAsync(page, user);
        await Expect(page.GetByTestId("login-error")).ToHaveTextAsync(LoginPage.ThrottledMessage);
    }

    [Fact]
    public async Task Admin_ResetsASecondFactor_UserIsSignedOutEverywhere_AndSignsInWithThePasswordAgain()
    {
        var user = new TestUsers.TestUser($"tf-reset-{Guid.NewGuid():N}"[..17], "tf-reset-password", Roles.OnCall);
        var key = await EnrolAsync(user, create: true);
        var userPage = await fixture.NewPageAsync(server.Server.BaseAddress);
        await SubmitPasswordAsync(userPage, user);
        await userPage.GetByTestId("two-factor-code").FillAsync(TotpCodes.At(key, DateTimeOffset.UtcNow.AddSeconds(Totp.StepSeconds)));
        await userPage.GetByTestId("verify-code").ClickAsync();
        await Expect(userPage.GetByTestId("user-name")).ToHaveTextAsync(user.UserName);

        var admin = await fixture.NewPageAsync(server.Server.BaseAddress);
        await BrowserFixture.SignInAsync(admin, TestUsers.Admin, DashboardUrls.UsersPath);
        var row = admin.Locator($"tr:has([data-user='{user.UserName}'])");
        await Expect(row.GetByTestId("user-two-factor")).ToHaveTextAsync("on");
        await row.GetByTestId("reset-two-factor").ClickAsync();
        await admin.GetByTestId("reason").FillAsync("lost phone");
        await admin.GetByTestId("dialog-submit").ClickAsync();
        await Expect(admin.GetByTestId("users-message")).ToContainTextAsync($"Second factor of {user.UserName} reset");
        await Expect(row.GetByTestId("user-two-factor")).ToHaveTextAsync("off");
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "two-factor-users.png") });

        // Their open page goes to sign-in; OnCall does not require two-factor here, so the password alone signs in now.
        await Expect(userPage).ToHaveURLAsync(new Regex(Regex.Escape(DashboardUrls.SignInPath)));
        await SubmitPasswordAsync(userPage, user);
        await Expect(userPage.GetByTestId("user-name")).ToHaveTextAsync(user.UserName);
    }

    /// <summary>Turns two-factor on for <paramref name="user"/> (created first if asked) through the app's own commands; returns the key.</summary>
    private async Task<string> EnrolAsync(TestUsers.TestUser user, bool create = false)
    {
        await using var app = AppServices.Build(fixture.Stack, AppServices.ArrangementTimeouts);
        if (create)
        {
            (await app.Get<UserCommands>().CreateAsync(Actor.System, user.UserName, user.Password, [user.Role])).Succeeded.ShouldBeTrue();
        }
        await using var scope = app.Services.CreateAsyncScope();
        var account = (await scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>().FindByNameAsync(user.UserName)).ShouldNotBeNull();
        var self = new Actor(account.Id, user.UserName, new HashSet<string> { user.Role });
        var commands = app.Get<TwoFactorCommands>();
        var key = (await commands.SetupAsync(self)).Key.ShouldNotBeNull();
        (await commands.EnableAsync(self, TotpCodes.At(key, DateTimeOffset.UtcNow))).Succeeded.ShouldBeTrue();
        return key;
    }

    /// <summary>The password step on the sign-in page, without waiting for where it leads (the console, or a second step).</summary>
    internal static async Task SubmitPasswordAsync(IPage page, TestUsers.TestUser user)
    {
        await page.GotoAsync(DashboardUrls.SignInPath);
        await page.GetByTestId("username").FillAsync(user.UserName);
        await page.GetByTestId("password").FillAsync(user.Password);
        await page.GetByTestId("sign-in").ClickAsync();
    }
}
