using Dashboard.Data;
using Dashboard.Features.Auth;
using Dashboard.Features.TwoFactor;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Users;

/// <summary>
/// A user as the Users page lists them; <paramref name="Sessions"/> counts their unexpired sessions (signed-in
/// browsers); <paramref name="TwoFactorRequired"/>: a role of theirs requires two-factor under the policy now.
/// </summary>
public sealed record UserRow(string Id, string UserName, IReadOnlyList<string> Roles, bool IsDisabled, int Sessions, DateTimeOffset CreatedAt,
    bool TwoFactorEnabled = false, bool TwoFactorRequired = false);

/// <summary>Users for the Users page. Singleton.</summary>
public sealed class UserQueries(IDbContextFactory<DashboardDbContext> contexts, TimeProvider time, TwoFactorPolicy twoFactor)
{
    /// <summary>The two-factor policy as it stands (Admin only, as the list).</summary>
    public Task<TwoFactorPolicyState> TwoFactorPolicyAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Permission.ManageUsers);
        return twoFactor.GetAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<UserRow>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Permission.ManageUsers);
        var policy = await twoFactor.GetAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var roles = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        var byUser = roles.ToLookup(r => r.UserId, r => r.Name!);
        var now = time.GetUtcNow();
        var sessions = await db.AuthSessions.Where(s => s.ExpiresAt == null || s.ExpiresAt > now)
            .GroupBy(s => s.UserId).Select(g => new { UserId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.UserId, g => g.Count, cancellationToken);
        var users = await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        return users.Select(u => new UserRow(
            u.Id,
            u.UserName ?? u.Id,
            byUser[u.Id].Order().ToList(),
            u.IsDisabled,
            sessions.GetValueOrDefault(u.Id),
            u.CreatedAt,
            u.TwoFactorEnabled,
            policy.Requires(byUser[u.Id]))).ToList();
    }
}
