using Dashboard.Data;
using Dashboard.Features.Auth;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.ApiKeys;

/// <summary>The state of a key at a moment.</summary>
public enum ApiKeyState
{
    Active,
    Expired,
    Revoked,
}

/// <summary>A key as the Keys page lists it (never its hash).</summary>
public sealed record ApiKeyListItem(
    Guid Id, string Name, string OwnerId, string OwnerName, bool OwnerDisabled, IReadOnlyList<string> Permissions, IReadOnlyList<string> Zones,
    DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, string? RevokedBy,
    DateTimeOffset? LastUsedAt, string? LastUsedFrom, ApiKeyState State);

/// <summary>Keys for the Keys page; demands <see cref="Permission.ManageUsers"/>. Singleton.</summary>
public sealed class ApiKeyQueries(IDbContextFactory<DashboardDbContext> contexts, TimeProvider time)
{
    public async Task<IReadOnlyList<ApiKeyListItem>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Permission.ManageUsers);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.ApiKeys.AsNoTracking()
            .Join(db.Users, k => k.OwnerId, u => u.Id, (k, u) => new { Key = k, Owner = u.UserName ?? u.Id, u.IsDisabled })
            .OrderBy(x => x.Key.RevokedAt != null).ThenBy(x => x.Key.Name)
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return [.. rows.Select(x => new ApiKeyListItem(
            x.Key.Id, x.Key.Name, x.Key.OwnerId, x.Owner, x.IsDisabled, x.Key.Permissions, x.Key.Zones, x.Key.CreatedAt, x.Key.CreatedBy,
            x.Key.ExpiresAt, x.Key.RevokedAt, x.Key.RevokedBy, x.Key.LastUsedAt, x.Key.LastUsedFrom,
            x.Key.RevokedAt is not null ? ApiKeyState.Revoked : x.Key.ExpiresAt <= now ? ApiKeyState.Expired : ApiKeyState.Active))];
    }
}
