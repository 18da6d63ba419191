using Dashboard.Dns;
using Npgsql;

namespace Dashboard.Data.PowerDns;

/// <summary>
/// The <c>records</c> rows one <see cref="ZoneWrite"/> deletes, rewrites and inserts, written set-based (one statement
/// each, whatever their number) in the form PowerDNS's API writes them (<see cref="PowerDnsContent.ToStorage"/>:
/// MX/SRV priority in <c>prio</c>, the rest of the RDATA in <c>content</c>). Not thread-safe: one write's.
/// </summary>
public sealed class RowChanges
{
    /// <summary>Ids of rows to delete.</summary>
    public List<long> Deletes { get; } = [];

    /// <summary>Rows to rewrite: <c>Content</c> in presentation form (MX/SRV priority in front), split when written.</summary>
    public List<(long Id, RecordType Type, string Content, int Ttl, bool Disabled)> Updates { get; } = [];

    /// <summary>Rows to add to the zone: <c>Content</c> in presentation form, split when written.</summary>
    public List<(RRsetKey Key, string Content, int Ttl, bool Disabled)> Inserts { get; } = [];

    /// <summary>How many rows this changes.</summary>
    public int Count => Deletes.Count + Updates.Count + Inserts.Count;

    /// <summary>The statements for these changes in zone <paramref name="domainId"/>: deletes, then updates, then inserts.</summary>
    internal IEnumerable<NpgsqlBatchCommand> Statements(int domainId)
    {
        if (Deletes.Count > 0)
        {
            var delete = new NpgsqlBatchCommand("DELETE FROM records WHERE id = ANY(@ids)");
            delete.Parameters.AddWithValue("ids", Deletes.ToArray());
            yield return delete;
        }
        if (Updates.Count > 0)
        {
            var stored = Updates.Select(u => PowerDnsContent.ToStorage(u.Type, u.Content)).ToList();
            var update = new NpgsqlBatchCommand(
                """
                UPDATE records r SET content = u.content, ttl = u.ttl, disabled = u.disabled, prio = u.prio, auth = true
                FROM unnest(@ids, @contents, @prios, @ttls, @disabled) AS u(id, content, prio, ttl, disabled)
                WHERE r.id = u.id
                """);
            update.Parameters.AddWithValue("ids", Updates.Select(u => u.Id).ToArray());
            update.Parameters.AddWithValue("contents", stored.Select(s => s.Content).ToArray());
            update.Parameters.AddWithValue("prios", stored.Select(s => s.Prio).ToArray());
            update.Parameters.AddWithValue("ttls", Updates.Select(u => u.Ttl).ToArray());
            update.Parameters.AddWithValue("disabled", Updates.Select(u => u.Disabled).ToArray());
            yield return update;
        }
        if (Inserts.Count > 0)
        {
            var stored = Inserts.Select(i => PowerDnsContent.ToStorage(i.Key.Type, i.Content)).ToList();
            var insert = new NpgsqlBatchCommand(
                """
                INSERT INTO records (domain_id, name, type, content, ttl, prio, disabled, ordername, auth)
                SELECT @d, i.name, i.type, i.content, i.ttl, i.prio, i.disabled, NULL, true
                FROM unnest(@names, @types, @contents, @prios, @ttls, @disabled) AS i(name, type, content, prio, ttl, disabled)
                """);
            insert.Parameters.AddWithValue("d", domainId);
            insert.Parameters.AddWithValue("names", Inserts.Select(i => i.Key.Name).ToArray());
            insert.Parameters.AddWithValue("types", Inserts.Select(i => i.Key.Type.Mnemonic()).ToArray());
            insert.Parameters.AddWithValue("contents", stored.Select(s => s.Content).ToArray());
            insert.Parameters.AddWithValue("prios", stored.Select(s => s.Prio).ToArray());
            insert.Parameters.AddWithValue("ttls", Inserts.Select(i => i.Ttl).ToArray());
            insert.Parameters.AddWithValue("disabled", Inserts.Select(i => i.Disabled).ToArray());
            yield return insert;
        }
    }
}
