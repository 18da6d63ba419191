using Dashboard.Features.Auth;
using Npgsql;

namespace Dashboard.TestSupport;

/// <summary>
/// Actors that tests build by hand (not signed-in users). An audit entry must name a real user (a foreign key), so
/// every such actor that writes gets a user row: no password, disabled, so it can never sign in.
/// </summary>
public static class TestActors
{
    /// <summary>Creates a user row for each actor (id and name as the actor has them) unless one exists. Idempotent.</summary>
    public static async Task EnsureUsersAsync(NpgsqlDataSource primary, IEnumerable<Actor> actors, CancellationToken cancellationToken)
    {
        foreach (var actor in actors.DistinctBy(a => a.UserId))
        {
            await using var insert = primary.CreateCommand(
                """
                INSERT INTO dashboard."AspNetUsers" ("Id", "UserName", "NormalizedUserName", "SecurityStamp", "ConcurrencyStamp",
                    "EmailConfirmed", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount", created_at, is_disabled)
                VALUES ($1, $2, upper($2), $3, $3, false, false, false, true, 0, now(), true)
                ON CONFLICT DO NOTHING
                """);
            insert.Parameters.AddWithValue(actor.UserId);
            insert.Parameters.AddWithValue(actor.UserName);
            insert.Parameters.AddWithValue(Guid.NewGuid().ToString("N"));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
