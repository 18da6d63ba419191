using Dashboard.Data;
using Dashboard.Data.Configurations;
using Dashboard.Dns;
using Dashboard.Features.Audit;
using Npgsql;
using NpgsqlTypes;

namespace Dashboard.Features.Records;

/// <summary>
/// The raw SQL of an apply, on the caller's connection and transaction (the EF context's, so the audit entries commit
/// with it). Set-based: a change set of thousands of records costs a handful of round trips.
/// </summary>
internal sealed class RecordSql(NpgsqlConnection connection, NpgsqlTransaction transaction)
{
    public async Task<int?> DomainIdAsync(string zone, CancellationToken ct)
    {
        await using var command = Command("SELECT id FROM domains WHERE name = @zone");
        command.Parameters.AddWithValue("zone", zone);
        return await command.ExecuteScalarAsync(ct) as int?;
    }

    public async Task<LockedRow?> LockSoaAsync(int domainId, string zone, CancellationToken ct)
    {
        await using var command = Command(
            "SELECT id, name, type, content, prio, ttl, disabled FROM records WHERE domain_id = @d AND name = @zone AND type = 'SOA' ORDER BY id LIMIT 1 FOR UPDATE");
        command.Parameters.AddWithValue("d", domainId);
        command.Parameters.AddWithValue("zone", zone);
        var rows = await ReadAsync(command, ct);
        return rows.FirstOrDefault();
    }

    /// <summary>Every row at the given names (all types), locked until the transaction ends.</summary>
    public async Task<IReadOnlyList<LockedRow>> LockNamesAsync(int domainId, string[] names, CancellationToken ct)
    {
        await using var command = Command(
            "SELECT id, name, type, content, prio, ttl, disabled FROM records WHERE domain_id = @d AND name = ANY(@names) ORDER BY id FOR UPDATE");
        command.Parameters.AddWithValue("d", domainId);
        command.Parameters.AddWithValue("names", names);
        return await ReadAsync(command, ct);
    }

    /// <summary>Deletes, updates and inserts of the plan, then the SOA's new content (the serial bump), in one batch.</summary>
    public async Task WriteAsync(int domainId, WritePlan plan, long soaId, string soaContent, int soaTtl, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        if (plan.Deletes.Count > 0)
        {
            var delete = new NpgsqlBatchCommand("DELETE FROM records WHERE id = ANY(@ids)");
            delete.Parameters.AddWithValue("ids", plan.Deletes.ToArray());
            batch.BatchCommands.Add(delete);
        }
        if (plan.Updates.Count > 0)
        {
            var update = new NpgsqlBatchCommand(
                """
                UPDATE records r SET content = u.content, ttl = u.ttl, disabled = u.disabled, prio = NULL, auth = true
                FROM unnest(@ids, @contents, @ttls, @disabled) AS u(id, content, ttl, disabled)
                WHERE r.id = u.id
                """);
            update.Parameters.AddWithValue("ids", plan.Updates.Select(u => u.Id).ToArray());
            update.Parameters.AddWithValue("contents", plan.Updates.Select(u => u.Content).ToArray());
            update.Parameters.AddWithValue("ttls", plan.Updates.Select(u => u.Ttl).ToArray());
            update.Parameters.AddWithValue("disabled", plan.Updates.Select(u => u.Disabled).ToArray());
            batch.BatchCommands.Add(update);
        }
        if (plan.Inserts.Count > 0)
        {
            // MX/SRV carry their priority inside content and prio stays NULL (see PowerDnsContent).
            var insert = new NpgsqlBatchCommand(
                """
                INSERT INTO records (domain_id, name, type, content, ttl, prio, disabled, ordername, auth)
                SELECT @d, i.name, i.type, i.content, i.ttl, NULL, i.disabled, NULL, true
                FROM unnest(@names, @types, @contents, @ttls, @disabled) AS i(name, type, content, ttl, disabled)
                """);
            insert.Parameters.AddWithValue("d", domainId);
            insert.Parameters.AddWithValue("names", plan.Inserts.Select(i => i.Key.Name).ToArray());
            insert.Parameters.AddWithValue("types", plan.Inserts.Select(i => i.Key.Type.ToString()).ToArray());
            insert.Parameters.AddWithValue("contents", plan.Inserts.Select(i => i.Content).ToArray());
            insert.Parameters.AddWithValue("ttls", plan.Inserts.Select(i => i.Ttl).ToArray());
            insert.Parameters.AddWithValue("disabled", plan.Inserts.Select(i => i.Disabled).ToArray());
            batch.BatchCommands.Add(insert);
        }
        var soa = new NpgsqlBatchCommand("UPDATE records SET content = @content, ttl = @ttl, prio = NULL WHERE id = @id");
        soa.Parameters.AddWithValue("content", soaContent);
        soa.Parameters.AddWithValue("ttl", soaTtl);
        soa.Parameters.AddWithValue("id", soaId);
        batch.BatchCommands.Add(soa);
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The audit entries of an apply in one INSERT (the table is append-only; its id is generated).</summary>
    public async Task InsertAuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        if (entries.Count == 0)
        {
            return;
        }
        await using var command = Command(
            $"""
            INSERT INTO {DashboardDbContext.Schema}.{AuditEntryConfiguration.Table} (at, actor_id, actor_name, action, zone, name, type, before, after, reason)
            SELECT * FROM unnest(@at, @actor_id, @actor_name, @action, @zone, @name, @type, @before, @after, @reason)
            """);
        command.Parameters.AddWithValue("at", entries.Select(e => e.At).ToArray());
        command.Parameters.AddWithValue("actor_id", entries.Select(e => e.ActorId).ToArray());
        command.Parameters.AddWithValue("actor_name", entries.Select(e => e.ActorName).ToArray());
        command.Parameters.AddWithValue("action", entries.Select(e => e.Action).ToArray());
        command.Parameters.AddWithValue("zone", entries.Select(e => e.Zone).ToArray());
        command.Parameters.AddWithValue("name", entries.Select(e => e.Name).ToArray());
        command.Parameters.AddWithValue("type", entries.Select(e => e.Type).ToArray());
        command.Parameters.AddWithValue("before", entries.Select(e => e.Before).ToArray());
        command.Parameters.AddWithValue("after", entries.Select(e => e.After).ToArray());
        command.Parameters.AddWithValue("reason", entries.Select(e => e.Reason).ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }

    private NpgsqlCommand Command(string sql) => new(sql, connection, transaction);

    private static async Task<IReadOnlyList<LockedRow>> ReadAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var rows = new List<LockedRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new LockedRow(
                reader.GetInt64(0),
                reader.IsDBNull(1) ? "" : reader.GetString(1),
                reader.IsDBNull(2) ? "" : reader.GetString(2),
                reader.IsDBNull(3) ? "" : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4),
                reader.IsDBNull(5) ? 0 : reader.GetInt32(5),
                !reader.IsDBNull(6) && reader.GetBoolean(6)));
        }
        return rows;
    }
}

/// <summary>A row as stored, locked for the apply. <see cref="Content"/> is its presentation form (priority joined).</summary>
internal sealed record LockedRow(long Id, string Name, string Type, string StoredContent, int? Prio, int Ttl, bool Disabled)
{
    public string Content => PowerDnsContent.FromStorage(Type, StoredContent, Prio);

    /// <summary>Null for types the dashboard does not edit (they still count as rows of their name).</summary>
    public RRsetKey? Key => RecordTypes.TryParse(Type, out var type) ? new RRsetKey(Name, type) : null;
}

internal sealed class WritePlan
{
    public List<long> Deletes { get; } = [];
    public List<(long Id, string Content, int Ttl, bool Disabled)> Updates { get; } = [];
    public List<(RRsetKey Key, string Content, int Ttl, bool Disabled)> Inserts { get; } = [];
    public int RowsChanged => Deletes.Count + Updates.Count + Inserts.Count;
}
