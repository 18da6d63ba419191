using System.Security.Claims;
using Dashboard.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Auth;

/// <summary>
/// Turns a principal (from a cookie, a circuit or a hub connection) into an <see cref="Actor"/> as the database says
/// now: the user must exist, be enabled and still have the security stamp the cookie was issued with (disabling a
/// user or resetting a password changes it). Singleton; one short query per call.
/// </summary>
public sealed class ActorResolver(IDbContextFactory<DashboardDbContext> contexts, IOptions<IdentityOptions> identity)
{
    public async Task<Actor?> ResolveAsync(ClaimsPrincipal? principal, CancellationToken cancellationToken)
    {
        if (principal?.Identity?.IsAuthenticated != true)
        {
            return null;
        }
        var userId = principal.FindFirstValue(identity.Value.ClaimsIdentity.UserIdClaimType);
        var stamp = principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        if (userId is null)
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.Id, u.UserName, u.IsDisabled, u.SecurityStamp })
            .SingleOrDefaultAsync(cancellationToken);
        if (user is null || user.IsDisabled || (stamp is not null && stamp != user.SecurityStamp))
        {
            return null;
        }
        var roles = await db.UserRoles.Where(ur => ur.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!)
            .ToListAsync(cancellationToken);
        return new Actor(user.Id, user.UserName ?? user.Id, roles.ToHashSet(StringComparer.Ordinal));
    }
}
