using System.Text.Json;
using System.Text.Json.Serialization;
using Dashboard.Data;
using Dashboard.Dns;
using Dashboard.Features.Auth;
using Npgsql;
using NpgsqlTypes;

namespace Dashboard.Features.Zones;

/// <summary>A user's saved change set for one zone and the version it was saved at (null: nothing saved).</summary>
public sealed record SavedChangeSet(ChangeSet Set, Guid? Version);

/// <summary>
/// Keeps each user's staged change set per zone on the server until it is applied or discarded. Every write names the
/// version it expects: one that finds another (a second tab saved, discarded or applied meanwhile) changes nothing
/// and answers null/false, so no tab overwrites what another staged. The seam bUnit replaces; the real one is
/// <see cref="StagedChangeSetStore"/>. Callers own cancellation.
/// </summary>
public interface IStagedChangeSetStore
{
    /// <summary>The actor's saved set for <paramref name="zone"/> (an empty one with a null version when none is saved).</summary>
    Task<SavedChangeSet> GetAsync(Actor actor, string zone, ZonePolicy policy, CancellationToken ct);

    /// <summary>Saves <paramref name="set"/> (an empty set removes the row). Returns the new version (null when empty), or throws <see cref="StagedSetChangedException"/>.</summary>
    Task<Guid?> SaveAsync(Actor actor, ChangeSet set, Guid? expected, CancellationToken ct);

    /// <summary>Removes the actor's set for the zone if it is still at <paramref name="expected"/>; else throws <see cref="StagedSetChangedException"/>.</summary>
    Task DiscardAsync(Actor actor, string zone, Guid? expected, CancellationToken ct);
}

/// <summary>The saved set is not the one this page last saw: another tab of the same user changed it.</summary>
public sealed class StagedSetChangedException(string zone)
    : Exception($"Your staged changes for {zone} were changed in another tab or window since this page read them. Nothing was changed here; they have been reloaded: review them and try again.")
{
    public string Zone { get; } = zone;
}

/// <summary>The staged sets in <c>dashboard.staged_change_sets</c> on the primary: one row per user and zone, its JSON rewritten by each staging step (one statement). Singleton-safe.</summary>
public sealed class StagedChangeSetStore(RegionDataSources dataSources, TimeProvider time) : IStagedChangeSetStore
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    public async Task<SavedChangeSet> GetAsync(Actor actor, string zone, ZonePolicy policy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.Demand(Permission.EditDns);
        zone = DnsName.Normalize(zone);
        await using var command = dataSources.Primary.CreateCommand(
            "SELECT version, content FROM dashboard.staged_change_sets WHERE user_id = @user AND zone = @zone");
        command.Parameters.AddWithValue("user", actor.UserId);
        command.Parameters.AddWithValue("zone", zone);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return new SavedChangeSet(new ChangeSet(zone, policy), null);
        }
        return new SavedChangeSet(Read(zone, policy, reader.GetString(1)), reader.GetGuid(0));
    }

    public async Task<Guid?> SaveAsync(Actor actor, ChangeSet set, Guid? expected, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(set);
        actor.Demand(Permission.EditDns);
        if (set.IsEmpty)
        {
            await DiscardAsync(actor, set.Zone, expected, ct);
            return null;
        }
        var version = Guid.NewGuid();
        await using var command = dataSources.Primary.CreateCommand(expected is null
            ? """
              INSERT INTO dashboard.staged_change_sets (user_id, zone, version, content, updated_at)
              VALUES (@user, @zone, @version, @content, @now)
              ON CONFLICT (user_id, zone) DO NOTHING
              """
            : """
              UPDATE dashboard.staged_change_sets SET version = @version, content = @content, updated_at = @now
              WHERE user_id = @user AND zone = @zone AND version = @expected
              """);
        command.Parameters.AddWithValue("user", actor.UserId);
        command.Parameters.AddWithValue("zone", set.Zone);
        command.Parameters.AddWithValue("version", version);
        command.Parameters.AddWithValue("content", NpgsqlDbType.Jsonb, Write(set));
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        if (expected is { } e)
        {
            command.Parameters.AddWithValue("expected", e);
        }
        if (await command.ExecuteNonQueryAsync(ct) != 1)
        {
            throw new StagedSetChangedException(set.Zone);
        }
        return version;
    }

    public async Task DiscardAsync(Actor actor, string zone, Guid? expected, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.Demand(Permission.EditDns);
        zone = DnsName.Normalize(zone);
        await using var connection = await dataSources.Primary.OpenConnectionAsync(ct);
        if (!await RemoveAsync(connection, null, actor.UserId, zone, expected, ct))
        {
            throw new StagedSetChangedException(zone);
        }
    }

    /// <summary>
    /// Deletes the user's saved set for the zone, on the caller's connection and transaction (an apply removes it in
    /// its own transaction). False when a saved set exists at another version than <paramref name="expected"/>
    /// (null expects none), so the caller refuses rather than drop what another tab staged.
    /// </summary>
    public static async Task<bool> RemoveAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string userId, string zone, Guid? expected, CancellationToken ct)
    {
        // The SELECT sees the row as it was before this statement's DELETE: the version found, whether deleted or not.
        await using var command = new NpgsqlCommand(
            """
            WITH deleted AS (
                DELETE FROM dashboard.staged_change_sets
                WHERE user_id = @user AND zone = @zone AND version IS NOT DISTINCT FROM @expected
                RETURNING 1)
            SELECT (SELECT count(*) FROM deleted), (SELECT version FROM dashboard.staged_change_sets WHERE user_id = @user AND zone = @zone)
            """, connection, transaction);
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("zone", zone);
        command.Parameters.Add(new NpgsqlParameter("expected", NpgsqlDbType.Uuid) { Value = expected is { } e ? e : DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var deleted = reader.GetInt64(0);
        var found = reader.IsDBNull(1) ? (Guid?)null : reader.GetGuid(1);
        return deleted == 1 || found is null;
    }

    internal static string Write(ChangeSet set) => JsonSerializer.Serialize(
        new Document(
            Document.CurrentFormat,
            set.RRsets.Select(r => new RRsetDocument(r.Key.Name, r.Key.Type, r.BaseVersion, r.Before, r.After, r.Ttl)).ToList(),
            set.Soa),
        Json);

    internal static ChangeSet Read(string zone, ZonePolicy policy, string json)
    {
        var document = JsonSerializer.Deserialize<Document>(json, Json);
        if (document is null || document.Format != Document.CurrentFormat)
        {
            throw new InvalidDataException($"The staged changes saved for {zone} are in a form this version cannot read (format {document?.Format}).");
        }
        return ChangeSet.Restore(
            zone,
            policy,
            document.RRsets.Select(r => new StagedRRset(new RRsetKey(r.Name, r.Type), r.BaseVersion, r.Before, r.After, r.Ttl)),
            document.Soa);
    }

    /// <summary>The saved form. Change <see cref="CurrentFormat"/> when it changes incompatibly.</summary>
    private sealed record Document(int Format, IReadOnlyList<RRsetDocument> RRsets, StagedSoa? Soa)
    {
        public const int CurrentFormat = 1;
    }

    private sealed record RRsetDocument(string Name, RecordType Type, string BaseVersion, IReadOnlyList<BeforeRecord> Before, IReadOnlyList<AfterRecord> After, int Ttl);
}
