using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Auth;

/// <summary>
/// Identity's user manager with the two things two-factor enrolment needs that it does not offer: an authenticator
/// key created without a new security stamp (a key is nothing until it is confirmed, so showing one must not sign
/// the user out elsewhere), and recovery codes stored as the hashes it is given (Identity's own generator would have
/// the store keep the codes themselves). Scoped, as Identity's.
/// </summary>
public sealed class DashboardUserManager(
    IUserStore<DashboardUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<DashboardUser> passwordHasher,
    IEnumerable<IUserValidator<DashboardUser>> userValidators,
    IEnumerable<IPasswordValidator<DashboardUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<DashboardUser>> logger)
    : UserManager<DashboardUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    /// <summary>The user's authenticator key, made now (security stamp unchanged) when they have none.</summary>
    public async Task<string> EnsureAuthenticatorKeyAsync(DashboardUser user)
    {
        if (await GetAuthenticatorKeyAsync(user) is { Length: > 0 } key)
        {
            return key;
        }
        key = GenerateNewAuthenticatorKey();
        await ((IUserAuthenticatorKeyStore<DashboardUser>)Store).SetAuthenticatorKeyAsync(user, key, CancellationToken);
        var updated = await UpdateUserAsync(user);
        return updated.Succeeded ? key : throw new InvalidOperationException(string.Join(" ", updated.Errors.Select(e => e.Description)));
    }

    /// <summary>Replaces the user's recovery codes by <paramref name="hashes"/> (see <c>RecoveryCodes.Hash</c>); none removes them all.</summary>
    public async Task<IdentityResult> ReplaceRecoveryCodeHashesAsync(DashboardUser user, IEnumerable<string> hashes)
    {
        await ((IUserTwoFactorRecoveryCodeStore<DashboardUser>)Store).ReplaceCodesAsync(user, hashes, CancellationToken);
        return await UpdateUserAsync(user);
    }
}
