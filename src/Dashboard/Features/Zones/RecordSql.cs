using Dashboard.Data;
using Dashboard.Data.Configurations;
using Dashboard.Data.PowerDns;
using Dashboard.Dns;
using Dashboard.Features.Audit;
using Npgsql;
using NpgsqlTypes;

namespace Dashboard.Features.Zones;

/// <summary>
/// The raw SQL of an apply, on the caller's connection and transaction (the EF context's, so the audit entries commit
/// with it). Set-based: a change set of thousands of records costs a handful of round trips.
/// </summary>
internal sealed class RecordSql(NpgsqlConnection connection, NpgsqlTransaction transaction)
{
    /// <summary>
    /// Locks what an apply reads, in one round trip and in this order: the zone's SOA row (every apply rewrites it, so
    /// change sets of one zone run one at a time), then every row at <paramref name="names"/> (all types), both until the
    /// transaction ends. Null when the zone does not exist; <see cref="LockedZone.Soa"/> is null when it has no SOA.
    /// </summary>
    public async Task<LockedZone?> LockAsync(string zone, string[] names, CancellationToken ct)
    {
        var domainId = PowerDnsSql.ZoneId("@zone");
        await using var batch = new NpgsqlBatch(connection, transaction);
        var domain = new NpgsqlBatchCommand(PowerDnsSql.ZoneIdByName);
        domain.Parameters.AddWithValue("zone", zone);
        var soa = new NpgsqlBatchCommand(PowerDnsSql.ApexSoa(domainId, "@zone") + " FOR UPDATE");
        soa.Parameters.AddWithValue("zone", zone);
        var rows = new NpgsqlBatchCommand(PowerDnsSql.Rows(domainId, "@names") + " FOR UPDATE");
        rows.Parameters.AddWithValue("zone", zone);
        rows.Parameters.AddWithValue("names", names);
        batch.BatchCommands.Add(domain);
        batch.BatchCommands.Add(soa);
        batch.BatchCommands.Add(rows);

        await using var reader = await batch.ExecuteReaderAsync(ct);
        int? id = await reader.ReadAsync(ct) ? reader.GetInt32(0) : null;
        await reader.NextResultAsync(ct);
        var soaRow = (await StoredRecord.ReadAllAsync(reader, ct)).FirstOrDefault();
        await reader.NextResultAsync(ct);
        var locked = await StoredRecord.ReadAllAsync(reader, ct);
        return id is { } found ? new LockedZone(found, soaRow, locked) : null;
    }

    /// <summary>
    /// Deletes, updates and inserts of the plan, the SOA's new content (the serial bump) and the audit entries, in one
    /// round trip. The audit table is append-only and its trigger sets each entry's time, actor name and place in the
    /// hash chain; the entries are chained in list order, after <paramref name="parent"/> (when given) which they go under.
    /// </summary>
    public async Task WriteAsync(int domainId, WritePlan plan, long soaId, string soaContent, int soaTtl, AuditEntry? parent, IReadOnlyList<AuditEntry> entries, CancellationToken ct)
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
                UPDATE records r SET content = u.content, ttl = u.ttl, disabled = u.disabled, prio = u.prio, auth = true
                FROM unnest(@ids, @contents, @prios, @ttls, @disabled) AS u(id, content, prio, ttl, disabled)
                WHERE r.id = u.id
                """);
            update.Parameters.AddWithValue("ids", plan.Updates.Select(u => u.Id).ToArray());
            update.Parameters.AddWithValue("contents", plan.Updates.Select(u => PowerDnsContent.ToStorage(u.Type, u.Content).Content).ToArray());
            update.Parameters.AddWithValue("prios", plan.Updates.Select(u => PowerDnsContent.ToStorage(u.Type, u.Content).Prio).ToArray());
            update.Parameters.AddWithValue("ttls", plan.Updates.Select(u => u.Ttl).ToArray());
            update.Parameters.AddWithValue("disabled", plan.Updates.Select(u => u.Disabled).ToArray());
            batch.BatchCommands.Add(update);
        }
        if (plan.Inserts.Count > 0)
        {
            // As PowerDNS's API writes them: MX/SRV priority in prio, the rest of the RDATA in content (see PowerDnsContent).
            var insert = new NpgsqlBatchCommand(
                """
                INSERT INTO records (domain_id, name, type, content, ttl, prio, disabled, ordername, auth)
                SELECT @d, i.name, i.type, i.content, i.ttl, i.prio, i.disabled, NULL, true
                FROM unnest(@names, @types, @contents, @prios, @ttls, @disabled) AS i(name, type, content, prio, ttl, disabled)
                """);
            insert.Parameters.AddWithValue("d", domainId);
            insert.Parameters.AddWithValue("names", plan.Inserts.Select(i => i.Key.Name).ToArray());
            insert.Parameters.AddWithValue("types", plan.Inserts.Select(i => i.Key.Type.Mnemonic()).ToArray());
            insert.Parameters.AddWithValue("contents", plan.Inserts.Select(i => PowerDnsContent.ToStorage(i.Key.Type, i.Content).Content).ToArray());
            insert.Parameters.AddWithValue("prios", plan.Inserts.Select(i => PowerDnsContent.ToStorage(i.Key.Type, i.Content).Prio).ToArray());
            insert.Parameters.AddWithValue("ttls", plan.Inserts.Select(i => i.Ttl).ToArray());
            insert.Parameters.AddWithValue("disabled", plan.Inserts.Select(i => i.Disabled).ToArray());
            batch.BatchCommands.Add(insert);
        }
        var soa = new NpgsqlBatchCommand("UPDATE records SET content = @content, ttl = @ttl, prio = 0 WHERE id = @id");
        soa.Parameters.AddWithValue("content", soaContent);
        soa.Parameters.AddWithValue("ttl", soaTtl);
        soa.Parameters.AddWithValue("id", soaId);
        batch.BatchCommands.Add(soa);
        if (entries.Count > 0 || parent is not null)
        {
            batch.BatchCommands.Add(AuditInsert(parent, entries));
        }
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// One INSERT of the entries (in list order, so in that order in the chain). With a parent, the parent is inserted
    /// first in the same statement, since the entries need its id, and so it also comes first in the chain.
    /// </summary>
    private static NpgsqlBatchCommand AuditInsert(AuditEntry? parent, IReadOnlyList<AuditEntry> entries)
    {
        const string Table = $"{DashboardDbContext.Schema}.{AuditEntryConfiguration.Table}";
        const string Columns = "actor_id, actor_name, action, zone, name, type, before, after, reason";
        const string Rows = $"unnest(@actor_id, @actor_name, @action, @zone, @name, @type, @before, @after, @reason) AS u({Columns})";
        var command = new NpgsqlBatchCommand(parent is null
            ? $"INSERT INTO {Table} ({Columns}) SELECT u.* FROM {Rows}"
            : $"""
              WITH parent AS (
                  INSERT INTO {Table} ({Columns})
                  VALUES (@p_actor_id, @p_actor_name, @p_action, @p_zone, @p_name, @p_type, @p_before, @p_after, @p_reason)
                  RETURNING id)
              INSERT INTO {Table} ({Columns}, parent_id) SELECT u.*, parent.id FROM {Rows} CROSS JOIN parent
              """);
        if (parent is not null)
        {
            foreach (var (name, value) in Values(parent))
            {
                command.Parameters.Add(new NpgsqlParameter<string?>("p_" + name, NpgsqlDbType.Text) { TypedValue = value });
            }
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
        return command;

        // The writer's columns only: the trigger sets at, actor_name (from actor_id), seq and hash.
        static (string Name, string? Value)[] Values(AuditEntry e) =>
        [
            ("actor_id", e.ActorId), ("actor_name", e.ActorName), ("action", e.Action), ("zone", e.Zone), ("name", e.Name),
            ("type", e.Type), ("before", e.Before), ("after", e.After), ("reason", e.Reason),
        ];
    }
}

/// <summary>The zone as locked for an apply: its id, its SOA row (null when it has none) and the rows at the touched names.</summary>
internal sealed record LockedZone(int DomainId, StoredRecord? Soa, IReadOnlyList<StoredRecord> Rows);

internal sealed class WritePlan
{
    public List<long> Deletes { get; } = [];
    /// <summary>Rows to rewrite: <c>Content</c> in storage form with MX/SRV priority in front; RecordSql splits it into content and prio.</summary>
    public List<(long Id, RecordType Type, string Content, int Ttl, bool Disabled)> Updates { get; } = [];
    public List<(RRsetKey Key, string Content, int Ttl, bool Disabled)> Inserts { get; } = [];
    public int RowsChanged => Deletes.Count + Updates.Count + Inserts.Count;
}
