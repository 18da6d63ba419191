using System.Security.Claims;
using Dashboard.Data;
using Dashboard.Features.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.TwoFactor;

/// <summary>What the half-way state of a sign-in is waiting for.</summary>
public enum PendingStep
{
    /// <summary>A code from the authenticator app (or a recovery code).</summary>
    Code,

    /// <summary>Enrolment: a role of the user requires two-factor and they have none yet.</summary>
    Enrol,
}

/// <summary>A password sign-in half-way: who, and what it waits for.</summary>
public sealed record PendingSignIn(DashboardUser User, PendingStep Step);

/// <summary>
/// The second step of signing in. After a right password, a user with two-factor on (or one who must enrol) gets no
/// session, only Identity's two-factor user-id cookie (<see cref="IdentityConstants.TwoFactorUserIdScheme"/>: signed and
/// encrypted, <see cref="TwoFactorOptions.PendingSignInLifetime"/>, holding the user id, their security stamp and the
/// step). Nothing but the code page and the enrolment page reads it: every other page, the circuits and the hub
/// authenticate the application cookie alone, which is issued (as a server-side session) only when the second
/// step passes. A wrong code counts in <see cref="SignInThrottle"/> like a wrong password, under the same user name
/// and client address; the password step does not clear those failures (that would let a guesser who knows the
/// password reset the count), only a right code does. Scoped (Identity's managers).
/// </summary>
public sealed class TwoFactorSignIn(
    DashboardUserManager users,
    SignInManager<DashboardUser> signIn,
    DashboardDbContext db,
    IHttpContextAccessor http,
    SignInThrottle throttle,
    IOptions<IdentityOptions> identity,
    TimeProvider time)
{
    private const string StepClaimType = "dashboard:pending-step";

    /// <summary>Sets the half-way cookie for <paramref name="user"/>. No session exists until <see cref="CompleteAsync"/>.</summary>
    public async Task StartAsync(DashboardUser user, PendingStep step)
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
        [
            // Identity's own claim for the two-factor user id, so GetTwoFactorAuthenticationUserAsync reads it too.
            new Claim(ClaimTypes.Name, user.Id),
            new Claim(identity.Value.ClaimsIdentity.SecurityStampClaimType, await users.GetSecurityStampAsync(user)),
            new Claim(StepClaimType, step.ToString()),
        ], IdentityConstants.TwoFactorUserIdScheme));
        await Context.SignInAsync(IdentityConstants.TwoFactorUserIdScheme, principal);
    }

    /// <summary>
    /// The sign-in half-way in this browser, or null: none, expired, or no longer valid (user gone or disabled, or
    /// their security stamp changed since the password step: an admin reset or disabled them meanwhile), or this
    /// browser is signed in already (someone signed in after the password step). Finishing it then would write the
    /// pending user's session into the signed-in one's (the cookie handler renews the session key the request came
    /// with, dotnet/aspnetcore#22135).
    /// </summary>
    public async Task<PendingSignIn?> PendingAsync()
    {
        if (Context.User.Identity is { IsAuthenticated: true })
        {
            return null;
        }
        var result = await Context.AuthenticateAsync(IdentityConstants.TwoFactorUserIdScheme);
        if (result.Principal is not { } principal
            || principal.FindFirstValue(ClaimTypes.Name) is not { } userId
            || !Enum.TryParse<PendingStep>(principal.FindFirstValue(StepClaimType), out var step)
            || await users.FindByIdAsync(userId) is not { IsDisabled: false } user
            || principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType) != await users.GetSecurityStampAsync(user))
        {
            return null;
        }
        return new PendingSignIn(user, step);
    }

    /// <summary>The second step: the code (or a recovery code) of the pending user; on success their session starts.</summary>
    public async Task<SignInOutcome> SignInWithCodeAsync(string code, string client, CancellationToken cancellationToken)
    {
        if (await PendingAsync() is not { Step: PendingStep.Code } pending)
        {
            return SignInOutcome.Expired;
        }
        var name = pending.User.UserName ?? pending.User.Id;
        if (throttle.IsBlocked(name, client))
        {
            return SignInOutcome.Throttled;
        }
        if (!await SecondFactor.VerifyAsync(users, db, pending.User, code, time.GetUtcNow(), allowRecoveryCode: true, cancellationToken))
        {
            throttle.RecordFailure(name, client);
            return SignInOutcome.Refused;
        }
        await CompleteAsync(pending.User, client);
        return SignInOutcome.SignedIn;
    }

    /// <summary>Ends the half-way state and starts the session (the application cookie), forgetting this pair's failures.</summary>
    public async Task CompleteAsync(DashboardUser user, string client)
    {
        throttle.RecordSuccess(user.UserName ?? user.Id, client);
        await Context.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        await StartSessionAsync(user);
    }

    /// <summary>
    /// Signs this browser out after the user's own two-factor change ended every session of theirs (its session row is
    /// already gone: this removes the cookie). Not signed in again in the same request: the cookie handler would write
    /// the new session under the ended one's key (dotnet/aspnetcore#22135), where no session exists any more.
    /// </summary>
    public Task EndSessionHereAsync() => Context.SignOutAsync(IdentityConstants.ApplicationScheme);

    /// <summary>A new session for a browser that has none (the second step of a sign-in), with the user's current security stamp.</summary>
    private async Task StartSessionAsync(DashboardUser user)
    {
        // The change was committed by another scope: read the user again, or the session would carry the old stamp.
        if (db.Entry(user).State != Microsoft.EntityFrameworkCore.EntityState.Detached)
        {
            await db.Entry(user).ReloadAsync();
        }
        await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: "mfa");
    }

    private HttpContext Context => http.HttpContext ?? throw new InvalidOperationException("Signing in needs an HTTP request.");
}
