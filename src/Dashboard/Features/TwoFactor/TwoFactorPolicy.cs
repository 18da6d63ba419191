using Dashboard.Data;
using Dashboard.Features.Audit;
using Dashboard.Features.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.TwoFactor;

/// <summary>Which roles must sign in with a second factor, and where that came from.</summary>
/// <param name="ChangedBy">Null while the configured default applies (no Admin has set the policy).</param>
public sealed record TwoFactorPolicyState(IReadOnlyList<string> RequiredRoles, string? ChangedBy, DateTimeOffset? ChangedAt)
{
    public bool IsDefault => ChangedBy is null;

    public bool Requires(IEnumerable<string> roles) => roles.Any(RequiredRoles.Contains);
}

/// <summary>
/// The two-factor policy: the roles whose users must enrol and then sign in with a code. Read on every password
/// sign-in (one row, primary key); set by an Admin, audited in the same transaction. Singleton.
/// </summary>
public sealed class TwoFactorPolicy(IDbContextFactory<DashboardDbContext> contexts, IOptions<TwoFactorOptions> options, AuditLog audit, TimeProvider time)
{
    public async Task<TwoFactorPolicyState> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.TwoFactorPolicy.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        return row is null
            ? new TwoFactorPolicyState(options.Value.DefaultRoles ?? [], null, null)
            : new TwoFactorPolicyState([.. row.RequiredRoles.Order()], row.ChangedBy, row.ChangedAt);
    }

    /// <summary>Sets the roles that require two-factor sign-in (Admin only). Users of those roles who have not enrolled do so at their next sign-in.</summary>
    public async Task<UserCommandResult> SetAsync(Actor actor, IReadOnlyCollection<string> roles, CancellationToken cancellationToken = default)
    {
        actor.Demand(Permission.ManageUsers);
        if (roles.Where(r => !Roles.All.Contains(r)).ToList() is { Count: > 0 } unknown)
        {
            return UserCommandResult.Fail($"Unknown role(s): {string.Join(", ", unknown)}. Roles are {string.Join(", ", Roles.All)}.");
        }
        var before = await GetAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var row = await db.TwoFactorPolicy.SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            db.TwoFactorPolicy.Add(row = new TwoFactorPolicyRow());
        }
        row.RequiredRoles = [.. roles.Distinct().Order()];
        row.ChangedAt = time.GetUtcNow();
        row.ChangedBy = actor.UserName;
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(db, actor, AuditActions.TwoFactorPolicy,
            before: Describe(before.RequiredRoles) + (before.IsDefault ? " (configured default)" : ""),
            after: Describe(row.RequiredRoles), cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return UserCommandResult.Ok;
    }

    public static string Describe(IReadOnlyCollection<string> roles) => roles.Count == 0 ? "none" : string.Join(",", roles.Order());
}
