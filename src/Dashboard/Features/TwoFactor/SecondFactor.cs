using Dashboard.Data;
using Dashboard.Features.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.TwoFactor;

/// <summary>
/// Checks a second factor: a 6-digit code from the user's authenticator (never one at or before the last accepted time
/// step: a code seen over someone's shoulder, or replayed, is refused for the rest of its window), or, where allowed,
/// one of their recovery codes (used up by it). The last step is claimed by one conditional upsert, so two requests
/// racing with the same code cannot both win.
/// </summary>
public static class SecondFactor
{
    public static async Task<bool> VerifyAsync(DashboardUserManager users, DashboardDbContext db, DashboardUser user, string input, DateTimeOffset now,
        bool allowRecoveryCode, CancellationToken cancellationToken)
    {
        var code = new string(input.Where(c => !char.IsWhiteSpace(c)).ToArray());
        if (code.Length == Totp.Digits && code.All(char.IsAsciiDigit))
        {
            return await VerifyTotpAsync(users, db, user, code, now, cancellationToken);
        }
        return allowRecoveryCode && code.Length > 0
            && (await users.RedeemTwoFactorRecoveryCodeAsync(user, RecoveryCodes.Hash(code))).Succeeded;
    }

    private static async Task<bool> VerifyTotpAsync(UserManager<DashboardUser> users, DashboardDbContext db, DashboardUser user, string code, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await users.GetAuthenticatorKeyAsync(user) is not { Length: > 0 } key)
        {
            return false;
        }
        var last = await db.TotpLastSteps.AsNoTracking().Where(s => s.UserId == user.Id).Select(s => (long?)s.Step).SingleOrDefaultAsync(cancellationToken);
        if (Totp.MatchingStep(Base32.Decode(key), code, now, last) is not { } step)
        {
            return false;
        }
        // dashboard.totp_last_steps (TotpLastStepConfiguration): 1 row when this step is later than the stored one.
        var claimed = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO dashboard.totp_last_steps AS t (user_id, step) VALUES ({user.Id}, {step})
            ON CONFLICT (user_id) DO UPDATE SET step = EXCLUDED.step WHERE t.step < EXCLUDED.step
            """, cancellationToken);
        return claimed == 1;
    }
}
