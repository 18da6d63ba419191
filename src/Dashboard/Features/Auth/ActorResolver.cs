using System.Security.Claims;
using Dashboard.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Auth;

/// <summary>
/// Turns a principal (from a cookie, a circuit or a hub connection) into an <see cref="Actor"/> as the database says
/// now: the user must exist, be enabled and still have the security stamp the cookie was issued with (disabling a
/// user or resetting a password changes it), and the session the principal came from must still exist (signing out
/// deletes it, in every tab at once). Singleton; two short queries per call.
/// </summary>
/// <remarks>
/// "Cannot check" is not "revoked": when the primary cannot be reached this throws
/// <see cref="PrimaryUnavailableException"/> (and tells <see cref="PrimaryAvailability"/>) instead of returning null.
/// </remarks>
public sealed class ActorResolver(IDbContextFactory<DashboardDbContext> contexts, IOptions<IdentityOptions> identity, PrimaryAvailability primary)
{
    /// <returns>The actor, or null when the principal is anonymous, or its user, stamp or session is gone.</returns>
    /// <exception cref="PrimaryUnavailableException">The primary did not answer; nothing is known either way.</exception>
    public async Task<Actor?> ResolveAsync(ClaimsPrincipal? principal, CancellationToken cancellationToken)
    {
        if (principal?.Identity?.IsAuthenticated != true)
        {
            return null;
        }
        var userId = UserIdOf(principal);
        var stamp = principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        // Every principal that came through the cookie carries its session (DatabaseTicketStore adds it).
        var sessionId = principal.FindFirstValue(DatabaseTicketStore.SessionIdClaimType);
        if (userId is null)
        {
            return null;
        }

        return await primary.CheckAsync(() => LoadAsync(userId, stamp, sessionId, cancellationToken), cancellationToken);
    }

    /// <summary>The user id a principal claims (not checked against anything).</summary>
    public string? UserIdOf(ClaimsPrincipal principal) => principal.FindFirstValue(identity.Value.ClaimsIdentity.UserIdClaimType);

    private async Task<Actor?> LoadAsync(string userId, string? stamp, string? sessionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new
            {
                u.Id,
                u.UserName,
                u.IsDisabled,
                u.SecurityStamp,
                SessionAlive = sessionId == null || db.AuthSessions.Any(s => s.Id == sessionId && s.UserId == u.Id),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (user is null || user.IsDisabled || !user.SessionAlive || (stamp is not null && stamp != user.SecurityStamp))
        {
            return null;
        }
        var roles = await db.UserRoles.Where(ur => ur.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!)
            .ToListAsync(cancellationToken);
        return new Actor(user.Id, user.UserName ?? user.Id, roles.ToHashSet(StringComparer.Ordinal));
    }
}
