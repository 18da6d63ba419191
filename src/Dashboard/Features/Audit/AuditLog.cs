using Dashboard.Data;
using Dashboard.Data.Configurations;
using Dashboard.Features.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Dashboard.Features.Audit;

/// <summary>
/// Writes audit entries, one way: by SQL (<see cref="Insert"/>) on the transaction of the change they describe, so
/// they commit or roll back with it. Entries are never added through EF's change tracker. The database sets the time,
/// the actor's name and the chain fields (trigger <c>audit_entries_chain</c>). Singleton, stateless.
/// </summary>
public sealed class AuditLog
{
    /// <summary>At most this many characters of reason are kept (the column's size); longer ones are refused, not cut.</summary>
    public const int MaxReasonLength = 1000;

    /// <summary>
    /// Inserts one entry now, on <paramref name="db"/>'s open transaction (a write that saves through the context, such
    /// as a user command). Throws when no transaction is open: an entry never commits apart from its change.
    /// The caller owns the context and cancellation.
    /// </summary>
    public async Task WriteAsync(DashboardDbContext db, Actor actor, string action, string? zone = null, string? name = null, string? type = null, string? before = null, string? after = null, string? reason = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var transaction = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException("An audit entry is written in the transaction of the change it describes; begin one first.");
        await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction());
        batch.BatchCommands.Add(Insert(null, [Create(actor, action, zone, name, type, before, after, reason)]));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>An entry to write with <see cref="Insert"/> (in a writer's own batch) or <see cref="WriteAsync"/>.</summary>
    public AuditEntry Create(Actor actor, string action, string? zone = null, string? name = null, string? type = null, string? before = null, string? after = null, string? reason = null) => new()
    {
        ActorId = ActorIdOf(actor),
        ApiKeyId = actor.Key?.KeyId,
        ActorName = actor.UserName,
        Action = action,
        Zone = zone,
        Name = name,
        Type = type,
        Before = before,
        After = after,
        Reason = NormalizeReason(reason),
    };

    /// <summary>
    /// The one INSERT of audit entries: <paramref name="entries"/> in list order, so in that order in the chain. With a
    /// parent, the parent is inserted first in the same statement, since the entries need its id, and so it also
    /// comes first in the chain. Add it to a batch on the transaction of the change (EF's row-by-row INSERT ...
    /// RETURNING took about 140 ms for 1,000 entries).
    /// With <paramref name="then"/>, the same statement goes on to run its SQL over the inserted entries' ids (a CTE
    /// <c>audited(id)</c>, the parent's included), so what it writes names exactly this change's entries.
    /// </summary>
    public static NpgsqlBatchCommand Insert(AuditEntry? parent, IReadOnlyList<AuditEntry> entries, AuditFollowUp? then = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (parent is null && entries.Count == 0)
        {
            throw new ArgumentException("Nothing to insert.", nameof(entries));
        }
        const string Table = $"{DashboardDbContext.Schema}.{AuditEntryConfiguration.Table}";
        const string Columns = "actor_id, actor_name, action, zone, name, type, before, after, reason, api_key_id";
        const string Rows = $"unnest(@actor_id, @actor_name, @action, @zone, @name, @type, @before, @after, @reason, @api_key_id) AS u({Columns})";
        const string Parent = $"""
            parent AS (
                INSERT INTO {Table} ({Columns})
                VALUES (@p_actor_id, @p_actor_name, @p_action, @p_zone, @p_name, @p_type, @p_before, @p_after, @p_reason, @p_api_key_id)
                RETURNING id)
            """;
        const string Children = $"INSERT INTO {Table} ({Columns}, parent_id) SELECT u.*, parent.id FROM {Rows} CROSS JOIN parent";
        var command = new NpgsqlBatchCommand((parent, then) switch
        {
            (null, null) => $"INSERT INTO {Table} ({Columns}) SELECT u.* FROM {Rows}",
            (not null, null) => $"WITH {Parent}\n{Children}",
            // The parent's id comes first in audited: the children's INSERT reads it, so the parent is inserted first.
            (null, not null) => $"WITH audited AS (INSERT INTO {Table} ({Columns}) SELECT u.* FROM {Rows} RETURNING id)\n{then.Sql}",
            (not null, not null) => $"WITH {Parent},\nchildren AS ({Children} RETURNING id),\naudited AS (SELECT id FROM parent UNION ALL SELECT id FROM children)\n{then.Sql}",
        });
        foreach (var parameter in then?.Parameters ?? [])
        {
            command.Parameters.Add(parameter);
        }
        if (parent is not null)
        {
            foreach (var (name, value) in Values(parent))
            {
                command.Parameters.Add(new NpgsqlParameter<string?>("p_" + name, NpgsqlDbType.Text) { TypedValue = value });
            }
            command.Parameters.Add(new NpgsqlParameter("p_api_key_id", NpgsqlDbType.Uuid) { Value = parent.ApiKeyId ?? (object)DBNull.Value });
        }
        var columns = entries.Select(Values).ToList();
        for (var i = 0; i < 9; i++)
        {
            var column = i;
            command.Parameters.Add(new NpgsqlParameter<string?[]>(Values(parent ?? entries[0])[i].Name, NpgsqlDbType.Array | NpgsqlDbType.Text)
            {
                TypedValue = columns.Select(c => c[column].Value).ToArray(),
            });
        }
        command.Parameters.Add(new NpgsqlParameter<Guid?[]>("api_key_id", NpgsqlDbType.Array | NpgsqlDbType.Uuid)
        {
            TypedValue = entries.Select(e => e.ApiKeyId).ToArray(),
        });
        return command;

        // The writer's columns only: the trigger sets at, actor_name (from actor_id), seq and hash.
        static (string Name, string? Value)[] Values(AuditEntry e) =>
        [
            ("actor_id", e.ActorId), ("actor_name", e.ActorName), ("action", e.Action), ("zone", e.Zone), ("name", e.Name),
            ("type", e.Type), ("before", e.Before), ("after", e.After), ("reason", e.Reason),
        ];
    }

    /// <summary>Trimmed; null when empty.</summary>
    public static string? NormalizeReason(string? reason) => string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();

    /// <summary>The actor's user id as stored (a foreign key to the users), null for the dashboard itself.</summary>
    public static string? ActorIdOf(Actor actor) => actor.UserId == Actor.System.UserId ? null : actor.UserId;
}

/// <summary>
/// SQL run in the same statement as an audit INSERT, over the inserted entries' ids (the CTE <c>audited(id)</c>):
/// a row that must name the entries of its change, such as the change's propagation timeline. Parameter names must not
/// clash with the INSERT's (prefix them).
/// </summary>
public sealed record AuditFollowUp(string Sql, IReadOnlyList<NpgsqlParameter> Parameters);
