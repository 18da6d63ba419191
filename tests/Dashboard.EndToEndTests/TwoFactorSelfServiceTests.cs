using Dashboard.Features.Auth;
using Dashboard.Features.TwoFactor;
using Dashboard.Features.Users;
using Dashboard.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

/// <summary>
/// Two-factor as a user manages it on their own, on the shared dashboard (where no role requires it): turned on from the
/// app bar, new recovery codes, then turned off with one of them. Turning it on or off ends every session of the user,
/// this browser's too, and the user signs in again: with a code after turning it on, with the password alone after
/// turning it off.
/// </summary>
public sealed class TwoFactorSelfServiceTests(BrowserFixture fixture, EditingServices services)
{
    [Fact]
    public async Task OnCall_TurnsItOn_SignsInWithARecoveryCode_GetsNewCodes_TurnsItOffWithOne_SignsInWithThePassword()
    {
        var user = new TestUsers.TestUser($"tf-self-{Guid.NewGuid():N}"[..16], "tf-self-service-password", Roles.OnCall);
        (await services.Get<UserCommands>().CreateAsync(Actor.System, user.UserName, user.Password, [user.Role], TestContext.Current.CancellationToken)).Succeeded.ShouldBeTrue();
        var page = await fixture.NewOwnSessionPageAsync(user);

        // On, from the app bar, with a code computed here from the key shown for typing in.
        await page.GetByTestId("two-factor-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(DashboardUrls.TwoFactorPath)));
        await Expect(page.GetByTestId("enrolment-required")).ToHaveCountAsync(0);
        var key = (await page.GetByTestId("manual-key").TextContentAsync()).ShouldNotBeNull();
        var now = DateTimeOffset.UtcNow;
        await page.GetByTestId("enable-code").FillAsync(TotpCodes.At(key, now));
        await page.GetByTestId("enable-two-factor").ClickAsync();
        var first = await RecoveryCodesAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "two-factor-on-sign-in-again.png"), FullPage = true });

        // Every session ended, this one too: sign in again, now with a second step (a recovery code here).
        await page.GetByTestId("continue").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(DashboardUrls.SignInPath)));
        await TwoFactorTests.SubmitPasswordAsync(page, user);
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(DashboardUrls.SignInCodePath)));
        await page.GetByTestId("two-factor-code").FillAsync(first[1]);
        await page.GetByTestId("verify-code").ClickAsync();
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync(user.UserName);

        // New recovery codes need an app code; the one already used is refused as a replay. This session stays.
        await page.GotoAsync(DashboardUrls.TwoFactorPath);
        await Expect(page.GetByTestId("two-factor-on")).ToContainTextAsync($"Recovery codes left: {RecoveryCodes.Count - 1}");
        await page.GetByTestId("recovery-code-input").FillAsync(TotpCodes.At(key, now));
        await page.GetByTestId("new-recovery-codes").ClickAsync();
        await Expect(page.GetByTestId("two-factor-message")).ToHaveTextAsync(TwoFactorCommands.WrongCodeMessage);
        await page.GetByTestId("recovery-code-input").FillAsync(TotpCodes.At(key, now.AddSeconds(Totp.StepSeconds)));
        await page.GetByTestId("new-recovery-codes").ClickAsync();
        var second = await RecoveryCodesAsync(page);
        second.ShouldNotContain(code => first.Contains(code));
        await page.GetByTestId("continue").ClickAsync();
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync(user.UserName);

        // Off, with a recovery code: an old one is refused, a new one works, and this session ends too.
        await page.GotoAsync(DashboardUrls.TwoFactorPath);
        await page.GetByTestId("disable-code").FillAsync(first[0]);
        await page.GetByTestId("disable-two-factor").ClickAsync();
        await Expect(page.GetByTestId("two-factor-message")).ToHaveTextAsync(TwoFactorCommands.WrongCodeMessage);
        await page.GetByTestId("disable-code").FillAsync(second[0]);
        await page.GetByTestId("disable-two-factor").ClickAsync();
        await Expect(page.GetByTestId("two-factor-message")).ToHaveTextAsync("Two-factor sign-in is off.");
        await Expect(page.GetByTestId("signed-out-hint")).ToBeVisibleAsync();

        // The password alone signs in again: no second step.
        await page.GetByTestId("continue").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(DashboardUrls.SignInPath)));
        await BrowserFixture.SignInAsync(page, user);
    }

    /// <summary>The recovery codes, shown once after a change.</summary>
    private static async Task<IReadOnlyList<string>> RecoveryCodesAsync(IPage page)
    {
        var codes = page.GetByTestId("recovery-codes").Locator("li");
        await Expect(codes).ToHaveCountAsync(RecoveryCodes.Count);
        return [.. (await codes.AllTextContentsAsync()).Select(c => c.Trim())];
    }
}
