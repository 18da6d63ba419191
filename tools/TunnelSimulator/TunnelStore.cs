using Npgsql;

namespace TunnelSimulator;

/// <summary>An edge of one region: the addresses a tunnel served there points at (its <c>&lt;region&gt;.edge.&lt;zone&gt;</c> A and AAAA).</summary>
public sealed record Edge(string Region, string? A, string? Aaaa);

public enum ChangeOutcome
{
    /// <summary>Committed: the records and the serial bump.</summary>
    Done,

    /// <summary>Nothing written: the name already has rows (create) or none any more (remove).</summary>
    Skipped,

    /// <summary>Nothing written: the zone or its apex SOA is missing.</summary>
    NoZone,
}

/// <summary>
/// The tunnel core's SQL on PowerDNS's tables, on the primary. One transaction per tunnel, locking in the dashboard's
/// order, in one batch, before writing anything:
/// <list type="number">
/// <item>the domain row <c>FOR KEY SHARE</c>: the lock the foreign key of a record INSERT takes anyway, taken first. It
/// conflicts only with a zone delete (ZoneWrite.LockAsync with ZoneLock.Domain: domain row <c>FOR UPDATE</c> first,
/// then its rows), so a delete and a tunnel change queue on the domain row holding nothing else. Taken only at the
/// INSERT, after the SOA, it would deadlock with a delete: the delete holds the domain and wants the SOA row.</item>
/// <item>the apex SOA row <c>FOR UPDATE</c>, then the rows at the tunnel's name <c>FOR UPDATE</c>: exactly what a change
/// set's apply locks first (ZoneLock.Soa), so serial bumpers run one at a time per zone, SOA first.</item>
/// </list>
/// Then the rows and the SOA serial bump, and COMMIT. This program and the dashboard wait for each other, never deadlock.
/// The operations ignore the caller's stop request once started: a started transaction is finished (or fails by its
/// command timeout), never abandoned halfway.
/// </summary>
public sealed class TunnelStore(NpgsqlDataSource primary, string zone, TimeProvider time)
{
    public string Zone => zone;

    private const string ApexSoaForUpdate =
        "SELECT id, content FROM records WHERE domain_id = (SELECT id FROM domains WHERE name = @zone) AND name = @zone AND type = 'SOA' AND NOT disabled ORDER BY id LIMIT 1 FOR UPDATE";

    private const string RowsAtNameForUpdate =
        "SELECT id, type FROM records WHERE domain_id = (SELECT id FROM domains WHERE name = @zone) AND name = @name ORDER BY id FOR UPDATE";

    /// <summary>Every <c>&lt;region&gt;.edge.&lt;zone&gt;</c> with an A or AAAA record (enabled), by region name.</summary>
    public async Task<IReadOnlyList<Edge>> LoadEdgesAsync(CancellationToken ct)
    {
        await using var command = primary.CreateCommand(
            "SELECT r.name, r.type, min(r.content) FROM records r JOIN domains d ON d.id = r.domain_id " +
            "WHERE d.name = @zone AND r.type IN ('A', 'AAAA') AND NOT r.disabled AND r.name LIKE '%.edge.' || @zone " +
            "GROUP BY r.name, r.type ORDER BY r.name");
        command.Parameters.AddWithValue("zone", Zone);
        var edges = new Dictionary<string, Edge>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var region = reader.GetString(0)[..^(".edge.".Length + Zone.Length)];
            if (region.Length == 0 || region.Contains('.', StringComparison.Ordinal))
            {
                continue;
            }
            var edge = edges.GetValueOrDefault(region) ?? new Edge(region, null, null);
            edges[region] = reader.GetString(1) == "A" ? edge with { A = reader.GetString(2) } : edge with { Aaaa = reader.GetString(2) };
        }
        return [.. edges.Values];
    }

    /// <summary>The tunnel names (<see cref="TunnelNames.IsTunnel"/>) that have rows in the zone now.</summary>
    public async Task<List<string>> LoadLiveAsync(CancellationToken ct)
    {
        await using var command = primary.CreateCommand(
            "SELECT DISTINCT r.name FROM records r JOIN domains d ON d.id = r.domain_id WHERE d.name = @zone AND r.name LIKE @pattern");
        command.Parameters.AddWithValue("zone", Zone);
        command.Parameters.AddWithValue("pattern", TunnelNames.LikePattern(Zone));
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var name = reader.GetString(0);
            if (TunnelNames.IsTunnel(name, Zone))
            {
                names.Add(name);
            }
        }
        return names;
    }

    /// <summary>
    /// A name of the zone held after an abuse takedown (db/005_takedown_holds.sql), at random, or null when none is (or
    /// the holds are not provisioned in this database).
    /// </summary>
    public async Task<string?> HeldNameAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = primary.CreateCommand("SELECT name FROM public.name_holds WHERE zone = $1 AND expires_at > now() ORDER BY random() LIMIT 1");
            command.Parameters.AddWithValue(zone);
            return await command.ExecuteScalarAsync(cancellationToken) as string;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null;
        }
    }

    /// <summary>Adds the tunnel <paramref name="name"/> (its A and AAAA at <paramref name="edge"/>) and bumps the serial, in one transaction.</summary>
    public async Task<ChangeOutcome> CreateAsync(string name, Edge edge, int ttl)
    {
        await using var connection = await primary.OpenConnectionAsync(CancellationToken.None);
        await using var tx = await connection.BeginTransactionAsync(CancellationToken.None);
        if (await LockAsync(connection, tx, name) is not { } locked)
        {
            return ChangeOutcome.NoZone;
        }
        if (locked.RowsAtName.Count > 0)
        {
            return ChangeOutcome.Skipped;
        }

        await using var batch = new NpgsqlBatch(connection, tx);
        foreach (var (type, content) in new[] { ("A", edge.A), ("AAAA", edge.Aaaa) })
        {
            if (content is null)
            {
                continue;
            }
            // The rules PowerDNS's own API follows for a plain record: enabled, authoritative, no ordername (no DNSSEC).
            var insert = new NpgsqlBatchCommand(
                "INSERT INTO records (domain_id, name, type, content, ttl, prio, disabled, ordername, auth) VALUES (@d, @name, @type, @content, @ttl, 0, false, NULL, true)");
            insert.Parameters.AddWithValue("d", locked.DomainId);
            insert.Parameters.AddWithValue("name", name);
            insert.Parameters.AddWithValue("type", type);
            insert.Parameters.AddWithValue("content", content);
            insert.Parameters.AddWithValue("ttl", ttl);
            batch.BatchCommands.Add(insert);
        }
        batch.BatchCommands.Add(SerialBump(locked));
        await batch.ExecuteNonQueryAsync(CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
        return ChangeOutcome.Done;
    }

    /// <summary>Removes the tunnel <paramref name="name"/> (its A and AAAA rows) and bumps the serial, in one transaction.</summary>
    public async Task<ChangeOutcome> RemoveAsync(string name)
    {
        await using var connection = await primary.OpenConnectionAsync(CancellationToken.None);
        await using var tx = await connection.BeginTransactionAsync(CancellationToken.None);
        if (await LockAsync(connection, tx, name) is not { } locked)
        {
            return ChangeOutcome.NoZone;
        }
        var ids = locked.RowsAtName.Where(r => r.Type is "A" or "AAAA").Select(r => r.Id).ToArray();
        if (ids.Length == 0)
        {
            return ChangeOutcome.Skipped;
        }

        await using var batch = new NpgsqlBatch(connection, tx);
        var delete = new NpgsqlBatchCommand("DELETE FROM records WHERE id = ANY(@ids)");
        delete.Parameters.AddWithValue("ids", ids);
        batch.BatchCommands.Add(delete);
        batch.BatchCommands.Add(SerialBump(locked));
        await batch.ExecuteNonQueryAsync(CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
        return ChangeOutcome.Done;
    }

    private NpgsqlBatchCommand SerialBump(Locked locked)
    {
        var (content, _) = SoaSerialBump.Bump(locked.SoaContent, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        var update = new NpgsqlBatchCommand("UPDATE records SET content = @content WHERE id = @id");
        update.Parameters.AddWithValue("content", content);
        update.Parameters.AddWithValue("id", locked.SoaId);
        return update;
    }

    private sealed record Locked(int DomainId, long SoaId, string SoaContent, IReadOnlyList<(long Id, string Type)> RowsAtName);

    /// <summary>The lock order (see the class), in one round trip: domain row FOR KEY SHARE, apex SOA FOR UPDATE, rows at the name FOR UPDATE.</summary>
    private async Task<Locked?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string name)
    {
        await using var batch = new NpgsqlBatch(connection, tx);
        var domain = new NpgsqlBatchCommand("SELECT id FROM domains WHERE name = @zone FOR KEY SHARE");
        domain.Parameters.AddWithValue("zone", Zone);
        var soa = new NpgsqlBatchCommand(ApexSoaForUpdate);
        soa.Parameters.AddWithValue("zone", Zone);
        var rows = new NpgsqlBatchCommand(RowsAtNameForUpdate);
        rows.Parameters.AddWithValue("zone", Zone);
        rows.Parameters.AddWithValue("name", name);
        batch.BatchCommands.Add(domain);
        batch.BatchCommands.Add(soa);
        batch.BatchCommands.Add(rows);

        await using var reader = await batch.ExecuteReaderAsync(CancellationToken.None);
        int? domainId = await reader.ReadAsync() ? reader.GetInt32(0) : null;
        await reader.NextResultAsync();
        (long Id, string Content)? apex = await reader.ReadAsync() ? (Convert.ToInt64(reader.GetValue(0)), reader.GetString(1)) : null;
        await reader.NextResultAsync();
        var atName = new List<(long, string)>();
        while (await reader.ReadAsync())
        {
            atName.Add((Convert.ToInt64(reader.GetValue(0)), reader.GetString(1)));
        }
        return domainId is { } d && apex is { } s ? new Locked(d, s.Id, s.Content, atName) : null;
    }
}
