using System.Security.Claims;
using Dashboard.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Dashboard.Features.Auth;

/// <summary>
/// Turns a principal (from a cookie, a circuit or a hub connection) into an <see cref="Actor"/> as the database says
/// now: the user must exist, be enabled and still have the security stamp the cookie was issued with (disabling a
/// user or resetting a password changes it), and the session the principal came from must still exist (signing out
/// deletes it, in every tab at once). Singleton; one statement per call, on the primary's pool without EF Core: every
/// hub call and circuit check runs it, and in a reconnect storm (an instance killed with hundreds of wallboards on it)
/// its two EF queries were the survivor's largest cost (28 % of its CPU by perf), most of it building the DbContext.
/// </summary>
/// <remarks>
/// "Cannot check" is not "revoked": when the primary cannot be reached this throws
/// <see cref="PrimaryUnavailableException"/> (and tells <see cref="PrimaryAvailability"/>) instead of returning null.
/// </remarks>
public sealed class ActorResolver(RegionDataSources sources, IOptions<IdentityOptions> identity, PrimaryAvailability primary)
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

    /// <summary>The user, whether the session is alive, and the user's role names, in one round trip.</summary>
    private const string LoadSql = $"""
        SELECT u."Id", u."UserName", u.is_disabled, u."SecurityStamp",
               $2::text IS NULL OR EXISTS (SELECT 1 FROM {DashboardDbContext.Schema}.auth_sessions s WHERE s.id = $2 AND s.user_id = u."Id"),
               ARRAY(SELECT r."Name" FROM {DashboardDbContext.Schema}."AspNetUserRoles" ur
                     JOIN {DashboardDbContext.Schema}."AspNetRoles" r ON r."Id" = ur."RoleId"
                     WHERE ur."UserId" = u."Id" AND r."Name" IS NOT NULL)
        FROM {DashboardDbContext.Schema}."AspNetUsers" u
        WHERE u."Id" = $1
        """;

    private async Task<Actor?> LoadAsync(string userId, string? stamp, string? sessionId, CancellationToken cancellationToken)
    {
        await using var command = sources.Primary.CreateCommand(LoadSql);
        command.Parameters.Add(new NpgsqlParameter { Value = userId, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)sessionId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var (id, userName, disabled, currentStamp, sessionAlive) = (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.GetBoolean(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetBoolean(4));
        if (disabled || !sessionAlive || (stamp is not null && stamp != currentStamp))
        {
            return null;
        }
        return new Actor(id, userName ?? id, reader.GetFieldValue<string[]>(5).ToHashSet(StringComparer.Ordinal));
    }
}
