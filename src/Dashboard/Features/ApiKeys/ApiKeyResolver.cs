using System.Net;
using Dashboard.Data;
using Dashboard.Features.Auth;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.ApiKeys;

/// <summary>
/// Turns a presented API key into an <see cref="Actor"/> as the database says now, on every request (nothing is cached,
/// so a revocation, an expiry, the owner disabled or a role taken away counts from the very next request): the key must
/// exist, match its stored hash, be neither revoked nor expired, and its owner must exist and be enabled. The actor is
/// the owner (id and roles) acting as <c>key:&lt;name&gt;</c>, narrowed by the key's permissions and zones.
/// Singleton; one query per call, and an UPDATE of the last use at most once a minute per key.
/// </summary>
/// <remarks>"Cannot check" is not "refused": an unreachable primary throws <see cref="PrimaryUnavailableException"/>.</remarks>
public sealed class ApiKeyResolver(IDbContextFactory<DashboardDbContext> contexts, PrimaryAvailability primary, TimeProvider time)
{
    /// <summary>The last use is written only when the stored one is older than this, so a busy key does not write on every request.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <param name="key">The key as presented (<c>dash_…</c>).</param>
    /// <param name="from">The client's address, recorded as the last use.</param>
    /// <returns>The actor, or null with the reason when the key does not work (the reason is for logs, not for the caller).</returns>
    /// <exception cref="PrimaryUnavailableException">The primary did not answer; nothing is known either way.</exception>
    public async Task<(Actor? Actor, string? Refusal)> ResolveAsync(string key, IPAddress? from, CancellationToken cancellationToken)
    {
        if (!ApiKeySecret.TryParse(key, out var id, out var secret))
        {
            return (null, "not an API key");
        }
        return await primary.CheckAsync(() => LoadAsync(id, secret, from, cancellationToken), cancellationToken);
    }

    private async Task<(Actor?, string?)> LoadAsync(Guid id, string secret, IPAddress? from, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // The key, its owner and the owner's roles in one query.
        var row = await db.ApiKeys.AsNoTracking()
            .Where(k => k.Id == id)
            .Select(k => new
            {
                Key = k,
                Owner = db.Users.Where(u => u.Id == k.OwnerId).Select(u => new { u.IsDisabled }).SingleOrDefault(),
                Roles = db.UserRoles.Where(ur => ur.UserId == k.OwnerId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        var now = time.GetUtcNow();
        var refusal = row switch
        {
            null => "unknown key",
            _ when !ApiKeySecret.Matches(secret, row.Key.SecretHash) => "wrong secret",
            _ when row.Key.RevokedAt is not null => "revoked",
            _ when row.Key.ExpiresAt <= now => "expired",
            _ when row.Owner is null || row.Owner.IsDisabled => "owner disabled or gone",
            _ => null,
        };
        if (refusal is not null)
        {
            return (null, refusal);
        }
        var key = row!.Key;
        var roles = row.Roles;
        if (key.LastUsedAt is null || now - key.LastUsedAt >= LastUsedResolution)
        {
            var threshold = now - LastUsedResolution;
            var address = from?.ToString();
            // Conditional, so that concurrent requests of one key write once.
            await db.ApiKeys.Where(k => k.Id == id && (k.LastUsedAt == null || k.LastUsedAt <= threshold))
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now).SetProperty(k => k.LastUsedFrom, address), cancellationToken);
        }
        var scope = new ApiKeyScope(key.Id, key.Name, ApiKeyRules.ParsePermissions(key.Permissions), key.Zones.ToHashSet(StringComparer.Ordinal));
        return (new Actor(key.OwnerId, ApiKeyScope.ActorNameOf(key.Name), roles.ToHashSet(StringComparer.Ordinal)) { Key = scope }, null);
    }
}
