using Dashboard.Data;
using Dashboard.Features.Api;
using Dashboard.Features.Audit;
using Dashboard.Features.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.ApiKeys;

/// <summary>A key to create. <paramref name="Zones"/> empty: every zone.</summary>
public sealed record ApiKeyRequest(string Name, string OwnerId, IReadOnlyCollection<Permission> Permissions, IReadOnlyCollection<string> Zones, DateTimeOffset ExpiresAt);

/// <summary>The outcome of a key command. On failure nothing was written.</summary>
public abstract record ApiKeyResult
{
    private ApiKeyResult()
    {
    }

    /// <summary>Created. <paramref name="Key"/> is the whole key, shown once and never stored or logged.</summary>
    public sealed record Created(Guid Id, string Name, string Key) : ApiKeyResult;

    public sealed record Revoked(Guid Id, string Name) : ApiKeyResult;

    public sealed record Invalid(IReadOnlyList<string> Errors) : ApiKeyResult;
}

/// <summary>
/// Creates and revokes API keys. Each demands <see cref="Permission.ManageUsers"/> (which no key can carry, so a key
/// never makes keys) and writes the key row and its audit entry (never the secret) in one transaction. Singleton.
/// </summary>
public sealed class ApiKeyCommands(IDbContextFactory<DashboardDbContext> contexts, AuditLog audit, IOptions<ApiOptions> options, TimeProvider time)
{
    public async Task<ApiKeyResult> CreateAsync(Actor actor, ApiKeyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        actor.Demand(Permission.ManageUsers);
        var name = (request.Name ?? "").Trim().ToLowerInvariant();
        var zones = ApiKeyRules.NormalizeZones(request.Zones ?? []);
        var permissions = (request.Permissions ?? []).Distinct().Order().ToList();
        var now = time.GetUtcNow();
        var errors = new List<string>();
        if (ApiKeyRules.ValidateName(name) is { } badName)
        {
            errors.Add(badName);
        }
        if (permissions.Count == 0)
        {
            errors.Add("Give the key at least one permission.");
        }
        if (request.ExpiresAt <= now)
        {
            errors.Add("The expiry must be in the future.");
        }
        else if (request.ExpiresAt > now + options.Value.MaxKeyLifetime)
        {
            errors.Add($"A key lasts at most {options.Value.MaxKeyLifetime.TotalDays:0} days.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var owner = await db.Users.AsNoTracking().Where(u => u.Id == request.OwnerId).Select(u => new { u.UserName, u.IsDisabled }).SingleOrDefaultAsync(cancellationToken);
        if (owner is null || owner.IsDisabled)
        {
            errors.Add("The owner must be an enabled user.");
        }
        else
        {
            var roles = await db.UserRoles.Where(ur => ur.UserId == request.OwnerId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync(cancellationToken);
            var grantable = ApiKeyRules.GrantableFor(roles);
            if (permissions.Where(p => !grantable.Contains(p)).ToList() is { Count: > 0 } beyond)
            {
                errors.Add($"{owner.UserName}'s roles ({(roles.Count == 0 ? "none" : string.Join(", ", roles.Order()))}) do not allow {string.Join(", ", beyond)}; a key never does more than its owner.");
            }
        }
        if (zones.Length > 0)
        {
            var known = await db.Domains.Where(d => zones.Contains(d.Name)).Select(d => d.Name).ToListAsync(cancellationToken);
            if (zones.Except(known).ToList() is { Count: > 0 } unknown)
            {
                errors.Add($"No such zone: {string.Join(", ", unknown)}.");
            }
        }
        if (name.Length > 0 && await db.ApiKeys.AnyAsync(k => k.Name == name, cancellationToken))
        {
            errors.Add($"A key named {name} exists (revoked keys keep their names, so the audit trail's key:{name} always means one key).");
        }
        if (errors.Count > 0)
        {
            return new ApiKeyResult.Invalid(errors);
        }

        var (id, key, hash) = ApiKeySecret.Create();
        db.ApiKeys.Add(new ApiKeyRow
        {
            Id = id,
            Name = name,
            OwnerId = request.OwnerId,
            Permissions = [.. permissions.Select(p => p.ToString())],
            Zones = zones,
            CreatedAt = now,
            CreatedBy = actor.UserName,
            ExpiresAt = request.ExpiresAt,
            SecretHash = hash,
        });
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(db, actor, AuditActions.ApiKeyCreate, name: ApiKeyScope.ActorNameOf(name),
            after: $"owner {owner!.UserName}; permissions {string.Join(", ", permissions)}; zones {(zones.Length == 0 ? "all" : string.Join(", ", zones))}; expires {request.ExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC",
            cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ApiKeyResult.Created(id, name, key);
    }

    /// <summary>Revokes the key now: its very next request gets 401. Revoking a revoked key changes nothing.</summary>
    public async Task<ApiKeyResult> RevokeAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        actor.Demand(Permission.ManageUsers);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var key = await db.ApiKeys.FromSql($"SELECT * FROM dashboard.api_keys WHERE id = {id} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);
        if (key is null)
        {
            return new ApiKeyResult.Invalid(["No such key."]);
        }
        if (key.RevokedAt is not null)
        {
            return new ApiKeyResult.Revoked(key.Id, key.Name);
        }
        key.RevokedAt = time.GetUtcNow();
        key.RevokedBy = actor.UserName;
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(db, actor, AuditActions.ApiKeyRevoke, name: ApiKeyScope.ActorNameOf(key.Name), before: "active", after: "revoked", cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ApiKeyResult.Revoked(key.Id, key.Name);
    }
}
