using Dashboard.Features.Audit;
using Dashboard.Features.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.TwoFactor;

/// <summary>What the enrolment page shows. <paramref name="Key"/> is null once two-factor is on (it is never shown again).</summary>
public sealed record TwoFactorSetup(string UserName, bool Enabled, bool Required, string? Key, string? AuthenticatorUri, int RecoveryCodesLeft);

/// <summary>How a two-factor change ended; <paramref name="RecoveryCodes"/> are the fresh codes, to be shown once.</summary>
public sealed record TwoFactorChange(bool Succeeded, string? Error, IReadOnlyList<string> RecoveryCodes)
{
    public static TwoFactorChange Fail(string error) => new(false, error, []);
}

/// <summary>
/// A user's own second factor: set-up, turning it on (confirmed by a code from the app), new recovery codes (a current
/// code needed) and turning it off (only where no role of theirs requires it). Each writes its audit entry in the same
/// transaction (<see cref="UserCommands"/>' write unit). Turning it on or off gives the user a new security stamp and
/// ends their sessions (this browser's too), so none signed in with the password alone outlives it; the page then
/// asks to sign in again. The admin's reset is <see cref="UserCommands.ResetTwoFactorAsync"/>. Singleton.
/// </summary>
public sealed class TwoFactorCommands(UserCommands commands, TwoFactorPolicy policy, IOptions<TwoFactorOptions> options, AuditLog audit, TimeProvider time)
{
    public const string WrongCodeMessage = "That code is not right (or was already used). Enter the code your app shows now.";

    /// <summary>The set-up of <paramref name="self"/>; makes their authenticator key when they have none (nothing else changes).</summary>
    public async Task<TwoFactorSetup> SetupAsync(Actor self, CancellationToken cancellationToken = default)
    {
        var required = (await policy.GetAsync(cancellationToken)).Requires(self.Roles);
        TwoFactorSetup? setup = null;
        await commands.InTransactionAsync(async (users, _) =>
        {
            var user = await users.FindByIdAsync(self.UserId) ?? throw new NotSignedInException("the account is gone");
            var name = user.UserName ?? user.Id;
            if (user.TwoFactorEnabled)
            {
                setup = new TwoFactorSetup(name, true, required, null, null, await users.CountRecoveryCodesAsync(user));
                return UserCommandResult.Ok;
            }
            var key = await users.EnsureAuthenticatorKeyAsync(user);
            setup = new TwoFactorSetup(name, false, required, key, Totp.AuthenticatorUri(options.Value.Issuer, name, key), 0);
            return UserCommandResult.Ok;
        }, cancellationToken);
        return setup!;
    }

    /// <summary>Turns two-factor on once <paramref name="code"/> (from the app, not a recovery code) matches the key shown.</summary>
    public Task<TwoFactorChange> EnableAsync(Actor self, string code, CancellationToken cancellationToken = default) =>
        ChangeAsync(self, code, allowRecoveryCode: false, cancellationToken, async (users, user) =>
        {
            if (user.TwoFactorEnabled)
            {
                return (TwoFactorChange.Fail("Two-factor sign-in is already on."), null);
            }
            var enabled = await users.SetTwoFactorEnabledAsync(user, true);
            var codes = RecoveryCodes.Generate();
            var stored = enabled.Succeeded ? await users.ReplaceRecoveryCodeHashesAsync(user, codes.Select(RecoveryCodes.Hash)) : enabled;
            return (stored.Succeeded ? new TwoFactorChange(true, null, codes) : Failed(stored), AuditActions.UserTwoFactorEnable);
        }, needsEnabled: false);

    /// <summary>Replaces the recovery codes (the old ones stop working), confirmed by a current code from the app.</summary>
    public Task<TwoFactorChange> RegenerateRecoveryCodesAsync(Actor self, string code, CancellationToken cancellationToken = default) =>
        ChangeAsync(self, code, allowRecoveryCode: false, cancellationToken, async (users, user) =>
        {
            var codes = RecoveryCodes.Generate();
            var stored = await users.ReplaceRecoveryCodeHashesAsync(user, codes.Select(RecoveryCodes.Hash));
            return (stored.Succeeded ? new TwoFactorChange(true, null, codes) : Failed(stored), AuditActions.UserTwoFactorRecoveryCodes);
        }, needsEnabled: true, endsSessions: false);

    /// <summary>Turns two-factor off (key and recovery codes removed), confirmed by a code or a recovery code; refused where a role of the user requires it.</summary>
    public async Task<TwoFactorChange> DisableAsync(Actor self, string code, CancellationToken cancellationToken = default)
    {
        if ((await policy.GetAsync(cancellationToken)).Requires(self.Roles))
        {
            return TwoFactorChange.Fail("Your role requires two-factor sign-in; it cannot be turned off. An admin can reset it if you lost your device.");
        }
        return await ChangeAsync(self, code, allowRecoveryCode: true, cancellationToken, async (users, user) =>
        {
            var cleared = await ClearAsync(users, user);
            return (cleared.Succeeded ? new TwoFactorChange(true, null, []) : Failed(cleared), AuditActions.UserTwoFactorDisable);
        }, needsEnabled: true);
    }

    /// <summary>Two-factor off, a new key (the old app entry is useless), no recovery codes. In the caller's transaction.</summary>
    internal static async Task<IdentityResult> ClearAsync(DashboardUserManager users, DashboardUser user)
    {
        var off = await users.SetTwoFactorEnabledAsync(user, false);
        var key = off.Succeeded ? await users.ResetAuthenticatorKeyAsync(user) : off;
        return key.Succeeded ? await users.ReplaceRecoveryCodeHashesAsync(user, []) : key;
    }

    private async Task<TwoFactorChange> ChangeAsync(Actor self, string code, bool allowRecoveryCode, CancellationToken cancellationToken,
        Func<DashboardUserManager, DashboardUser, Task<(TwoFactorChange Change, string? Action)>> change, bool needsEnabled, bool endsSessions = true)
    {
        var outcome = TwoFactorChange.Fail("Nothing was changed.");
        await commands.InTransactionAsync(async (users, db) =>
        {
            if (await users.FindByIdAsync(self.UserId) is not { } user)
            {
                outcome = TwoFactorChange.Fail("No such user.");
            }
            else if (needsEnabled && !user.TwoFactorEnabled)
            {
                outcome = TwoFactorChange.Fail("Two-factor sign-in is not on.");
            }
            else if (!await SecondFactor.VerifyAsync(users, db, user, code, time.GetUtcNow(), allowRecoveryCode, cancellationToken))
            {
                outcome = TwoFactorChange.Fail(WrongCodeMessage);
            }
            else
            {
                (outcome, var action) = await change(users, user);
                if (outcome.Succeeded && endsSessions && await UserCommands.EndSessionsAsync(users, db, user) is { Succeeded: false } ended)
                {
                    outcome = Failed(ended);
                }
                if (outcome.Succeeded && action is not null)
                {
                    await audit.WriteAsync(db, self, action, name: user.UserName, after: AuditText(action), cancellationToken: cancellationToken);
                }
            }
            // A failure rolls back: nothing is written, not even a claimed time step.
            return outcome.Succeeded ? UserCommandResult.Ok : UserCommandResult.Fail(outcome.Error ?? "");
        }, cancellationToken, revokes: endsSessions ? self.UserId : null);
        return outcome;
    }

    private static string AuditText(string action) => action switch
    {
        AuditActions.UserTwoFactorEnable => "two-factor on; other sessions signed out",
        AuditActions.UserTwoFactorDisable => "two-factor off; other sessions signed out",
        _ => "new recovery codes",
    };

    private static TwoFactorChange Failed(IdentityResult result) => TwoFactorChange.Fail(string.Join(" ", result.Errors.Select(e => e.Description)));
}
