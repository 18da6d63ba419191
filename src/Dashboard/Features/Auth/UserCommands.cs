using Dashboard.Data;
using Dashboard.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Auth;

/// <summary>The outcome of a user command. On failure nothing was written.</summary>
public sealed record UserCommandResult(bool Succeeded, IReadOnlyList<string> Errors)
{
    public static readonly UserCommandResult Ok = new(true, []);
    public static UserCommandResult Fail(params IEnumerable<string> errors) => new(false, [.. errors]);
}

/// <summary>
/// Everything that changes a user: each demands <see cref="Permission.ManageUsers"/> itself and runs in its own scope
/// and transaction, with its audit entry (never a password) in that same transaction. Disabling, changing roles,
/// resetting the password or second factor and signing out everywhere end all of the user's sessions (new security stamp, session rows
/// deleted) and, once committed, tell this instance's open circuits (<see cref="SessionRevocations"/>). Singleton.
/// </summary>
public sealed class UserCommands(IServiceScopeFactory scopes, AuditLog audit, SessionRevocations revocations)
{
    public async Task<UserCommandResult> CreateAsync(Actor actor, string userName, string password, IReadOnlyCollection<string> roles, CancellationToken cancellationToken = default)
    {
        actor.Demand(Permission.ManageUsers);
        return await InTransactionAsync(async (users, db) =>
        {
            if (await users.FindByNameAsync(userName.Trim()) is not null)
            {
                return UserCommandResult.Fail($"A user named '{userName.Trim()}' already exists.");
            }
            return await CreateCoreAsync(actor, users, db, userName.Trim(), password, roles, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>
    /// Start-up seeding: creates the user if missing. An existing user is left as it is, unless
    /// <paramref name="passwordFromConfiguration"/>: then a password that differs from <paramref name="password"/> is reset
    /// to it (audited, sessions ended, as an admin's reset). Roles of an existing user are never changed here.
    /// </summary>
    internal async Task<UserCommandResult> EnsureUserAsync(Actor actor, string userName, string password, IReadOnlyCollection<string> roles, CancellationToken cancellationToken,
        bool passwordFromConfiguration = false)
    {
        actor.Demand(Permission.ManageUsers);
        string? stale = null;
        var ensured = await InTransactionAsync(async (users, db) =>
        {
            if (await users.FindByNameAsync(userName) is not { } existing)
            {
                return await CreateCoreAsync(actor, users, db, userName, password, roles, cancellationToken);
            }
            if (passwordFromConfiguration && !await users.CheckPasswordAsync(existing, password))
            {
                stale = existing.Id;
            }
            return UserCommandResult.Ok;
        }, cancellationToken);
        return ensured.Succeeded && stale is not null ? await ResetPasswordAsync(actor, stale, password, cancellationToken) : ensured;
    }

    public async Task<UserCommandResult> SetRolesAsync(Actor actor, string userId, IReadOnlyCollection<string> roles, CancellationToken cancellationToken = default)
    {
        actor.Demand(Permission.ManageUsers);
        if (UnknownRoles(roles) is { Count: > 0 } unknown)
        {
            return UserCommandResult.Fail($"Unknown role(s): {string.Join(", ", unknown)}. Roles are {string.Join(", ", Roles.All)}.");
        }
        return await InTransactionAsync(async (users, db) =>
        {
            if (await users.FindByIdAsync(userId) is not { } user)
            {
                return UserCommandResult.Fail("No such user.");
            }
            if (user.Id == actor.UserId && !roles.Contains(Roles.Admin))
            {
                return UserCommandResult.Fail("You cannot remove your own Admin role; ask another admin.");
            }
            var before = (await users.GetRolesAsync(user)).Order().ToList();
            var removed = await users.RemoveFromRolesAsync(user, before.Except(roles));
            var added = removed.Succeeded ? await users.AddToRolesAsync(user, roles.Except(before)) : removed;
            if (!added.Succeeded)
            {
                return Failed(added);
            }
            // Commands read roles from the database on every call; pages and cookies hold the roles of their sign-in,
            // so the user signs in again to get the new ones.
            if (await EndSessionsAsync(users, db, user) is { Succeeded: false } ended)
            {
                return Failed(ended);
            }
            await audit.WriteAsync(db, actor, AuditActions.UserRoles, name: user.UserName, before: string.Join(",", before), after: string.Join(",", roles.Order()), cancellationToken: cancellationToken);
            return UserCommandResult.Ok;
        }, cancellationToken, revokes: userId);
    }

    /// <summary>Ends every session of the user, on every device; they can sign in again. Anyone may do it for themselves.</summary>
    public async Task<UserCommandResult> SignOutEverywhereAsync(Actor actor, string userId, string? reason, CancellationToken cancellationToken = default)
    {
        if (actor.UserId != userId)
        {
            actor.Demand(Permission.ManageUsers);
        }
        return await InTransactionAsync(async (users, db) =>
        {
            if (await users.FindByIdAsync(userId) is not { } user)
            {
                return UserCommandResult.Fail("No such user.");
            }
            if (await EndSessionsAsync(users, db, user) is { Succeeded: false } ended)
            {
                return Failed(ended);
            }
            await audit.WriteAsync(db, actor, AuditActions.UserSignOutEverywhere, name: user.UserName, after: "every session signed out", reason: reason, cancellationToken: cancellationToken);
            return UserCommandResult.Ok;
        }, cancellationToken, revokes: userId);
    }

    /// <summary>
    /// Resets a user's second factor (Admin): their authenticator key and recovery codes are gone and two-factor is
    /// off; every session of theirs ends. A user whose role requires two-factor enrols again at their next sign-in.
    /// </summary>
    public async Task<UserCommandResult> ResetTwoFactorAsync(Actor actor, string userId, string? reason, CancellationToken cancellationToken = default)
    {
        actor.Demand(Permission.ManageUsers);
        return await InTransactionAsync(async (users, db) =>
        {
            if (await users.FindByIdAsync(userId) is not { } user)
            {
                return UserCommandResult.Fail("No such user.");
            }
            var wasOn = user.TwoFactorEnabled;
            var cleared = await TwoFactor.TwoFactorCommands.ClearAsync(users, user);
            var ended = cleared.Succeeded ? await EndSessionsAsync(users, db, user) : cleared;
            if (!ended.Succeeded)
            {
                return Failed(ended);
            }
            await audit.WriteAsync(db, actor, AuditActions.UserTwoFactorReset, name: user.UserName, before: wasOn ? "two-factor on" : "two-factor off",
                after: "second factor reset; every session signed out", reason: reason, cancellationToken: cancellationToken);
            return UserCommandResult.Ok;
        }, cancellationToken, revokes: userId);
    }

    public Task<UserCommandResult> DisableAsync(Actor actor, string userId, string? reason, CancellationToken cancellationToken = default) =>
        SetDisabledAsync(actor, userId, disabled: true, reason, cancellationToken);

    public Task<UserCommandResult> EnableAsync(Actor actor, string userId, string? reason, CancellationToken cancellationToken = default) =>
        SetDisabledAsync(actor, userId, disabled: false, reason, cancellationToken);

    public async Task<UserCommandResult> ResetPasswordAsync(Actor actor, string userId, string newPassword, CancellationToken cancellationToken = default)
    {
        actor.Demand(Permission.ManageUsers);
        return await InTransactionAsync(async (users, db) =>
        {
            if (await users.FindByIdAsync(userId) is not { } user)
            {
                return UserCommandResult.Fail("No such user.");
            }
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var reset = await users.ResetPasswordAsync(user, token, newPassword);
            if (!reset.Succeeded)
            {
                return Failed(reset);
            }
            // A reset also lifts a lockout, and ends the user's sessions: their rows go (every request reads them) and
            // the new security stamp stops open circuits at their next check.
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            await db.AuthSessions.Where(s => s.UserId == user.Id).ExecuteDeleteAsync();
            await audit.WriteAsync(db, actor, AuditActions.UserPasswordReset, name: user.UserName, after: "password reset; other sessions signed out", cancellationToken: cancellationToken);
            return UserCommandResult.Ok;
        }, cancellationToken, revokes: userId);
    }

    private async Task<UserCommandResult> SetDisabledAsync(Actor actor, string userId, bool disabled, string? reason, CancellationToken cancellationToken)
    {
        actor.Demand(Permission.ManageUsers);
        return await InTransactionAsync(async (users, db) =>
        {
            if (await users.FindByIdAsync(userId) is not { } user)
            {
                return UserCommandResult.Fail("No such user.");
            }
            if (disabled && user.Id == actor.UserId)
            {
                return UserCommandResult.Fail("You cannot disable your own account.");
            }
            if (user.IsDisabled == disabled)
            {
                return UserCommandResult.Ok;
            }
            user.IsDisabled = disabled;
            var updated = await users.UpdateAsync(user);
            var ended = updated.Succeeded ? await EndSessionsAsync(users, db, user) : updated;
            if (!ended.Succeeded)
            {
                return Failed(ended);
            }
            await audit.WriteAsync(db, actor, disabled ? AuditActions.UserDisable : AuditActions.UserEnable, name: user.UserName,
                before: disabled ? "enabled" : "disabled", after: disabled ? "disabled" : "enabled", reason: reason, cancellationToken: cancellationToken);
            return UserCommandResult.Ok;
        }, cancellationToken, revokes: userId);
    }

    private async Task<UserCommandResult> CreateCoreAsync(Actor actor, UserManager<DashboardUser> users, DashboardDbContext db, string userName, string password, IReadOnlyCollection<string> roles, CancellationToken cancellationToken)
    {
        if (UnknownRoles(roles) is { Count: > 0 } unknown)
        {
            return UserCommandResult.Fail($"Unknown role(s): {string.Join(", ", unknown)}. Roles are {string.Join(", ", Roles.All)}.");
        }
        var user = new DashboardUser { UserName = userName, CreatedAt = DateTimeOffset.UtcNow };
        var created = await users.CreateAsync(user, password);
        var withRoles = created.Succeeded && roles.Count > 0 ? await users.AddToRolesAsync(user, roles) : created;
        if (!withRoles.Succeeded)
        {
            return Failed(withRoles);
        }
        await audit.WriteAsync(db, actor, AuditActions.UserCreate, name: userName, after: $"roles: {string.Join(",", roles.Order())}", cancellationToken: cancellationToken);
        return UserCommandResult.Ok;
    }

    /// <summary>
    /// A new security stamp (every cookie and circuit issued before it fails its next check) and no session rows (every
    /// request, circuit check and command reads them), in the caller's transaction.
    /// </summary>
    internal static async Task<IdentityResult> EndSessionsAsync(UserManager<DashboardUser> users, DashboardDbContext db, DashboardUser user)
    {
        var stamped = await users.UpdateSecurityStampAsync(user);
        if (stamped.Succeeded)
        {
            await db.AuthSessions.Where(s => s.UserId == user.Id).ExecuteDeleteAsync();
        }
        return stamped;
    }

    private static List<string> UnknownRoles(IEnumerable<string> roles) => roles.Where(r => !Roles.All.Contains(r)).ToList();

    internal static UserCommandResult Failed(IdentityResult result) => UserCommandResult.Fail(result.Errors.Select(e => e.Description));

    /// <summary>
    /// Runs the work with a fresh scope's UserManager and context inside one transaction: Identity's own saves and our
    /// audit entry commit together, or (on a failed result or an exception) not at all. After a commit, the open
    /// circuits of <paramref name="revokes"/> re-check their sign-in at once.
    /// </summary>
    internal async Task<UserCommandResult> InTransactionAsync(Func<DashboardUserManager, DashboardDbContext, Task<UserCommandResult>> work, CancellationToken cancellationToken, string? revokes = null)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDbContext>();
        var users = (DashboardUserManager)scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await work(users, db);
        if (!result.Succeeded)
        {
            return result;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (revokes is not null)
        {
            revocations.Revoked(revokes);
        }
        return result;
    }
}
