using Dashboard.Data;
using Dashboard.Features.Auth;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Users;

/// <summary>A user as the Users page lists them; <paramref name="Sessions"/> counts their unexpired sessions (signed-in browsers).</summary>
public sealed record UserRow(string Id, string UserName, IReadOnlyList<string> Roles, bool IsDisabled, int Sessions, DateTimeOffset CreatedAt);

/// <summary>Users for the Users page. Singleton.</summary>
public sealed class UserQueries(IDbContextFactory<DashboardDbContext> contexts, TimeProvider time)
{
    public async Task<IReadOnlyList<UserRow>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Permission.ManageUsers);
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
            u.CreatedAt)).ToList();
    }
}
