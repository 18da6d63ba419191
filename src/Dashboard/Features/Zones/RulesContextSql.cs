using Dashboard.Data.PowerDns;
using Dashboard.Dns;
using Npgsql;

namespace Dashboard.Features.Zones;

/// <summary>
/// What the RRset rules need beyond the touched names, read on the apply's transaction after its locks:
/// <list type="bullet">
/// <item>enabled DNAMEs at any ancestor of a touched name, and a few enabled records below each touched name that will
/// own a DNAME (RFC 6672: nothing may exist below a DNAME; a sample is enough to refuse with names);</item>
/// <item>enabled records at the host of each touched TLSA name, and enabled TLSAs two labels below each touched name
/// (a TLSA at <c>_443._tcp.www</c> needs records at <c>www</c>).</item>
/// </list>
/// </summary>
internal static class RulesContextSql
{
    private const int SampleBelow = 5;

    public static async Task<IReadOnlyList<ZoneRecord>> ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, int domainId, string zone, ChangeSet set, CancellationToken ct)
    {
        var touched = set.RRsets.Select(s => s.Key.Name).ToHashSet(StringComparer.Ordinal);
        var ancestors = touched.SelectMany(n => Ancestors(n, zone)).Where(a => !touched.Contains(a)).Distinct().ToArray();
        var tlsaHosts = set.RRsets
            .Where(s => s.Key.Type == RecordType.TLSA && RRsetRules.TlsaHost(s.Key.Name) is { } host && !touched.Contains(host))
            .Select(s => RRsetRules.TlsaHost(s.Key.Name)!)
            .Distinct()
            .ToArray();
        var dnameOwners = set.RRsets
            .Where(s => s.Key.Type == RecordType.DNAME && s.AfterRecords.Any(r => !r.Disabled))
            .Select(s => s.Key.Name)
            .ToArray();
        if (touched.Count == 0)
        {
            return [];
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        var above = new NpgsqlBatchCommand(
            $"SELECT {StoredRecord.Columns} FROM records WHERE domain_id = @domain AND type = 'DNAME' AND NOT disabled AND name = ANY(@names)");
        above.Parameters.AddWithValue("domain", domainId);
        above.Parameters.AddWithValue("names", ancestors);
        batch.BatchCommands.Add(above);
        var hosts = new NpgsqlBatchCommand(
            $"SELECT DISTINCT ON (name) {StoredRecord.Columns} FROM records WHERE domain_id = @domain AND NOT disabled AND type IS NOT NULL AND name = ANY(@names)");
        hosts.Parameters.AddWithValue("domain", domainId);
        hosts.Parameters.AddWithValue("names", tlsaHosts);
        batch.BatchCommands.Add(hosts);
        // TLSAs named _x._y.<touched name>; the pattern's last part is the touched name, so split_part keeps the index useful.
        var tlsas = new NpgsqlBatchCommand(
            $"SELECT {StoredRecord.Columns} FROM records WHERE domain_id = @domain AND type = 'TLSA' AND NOT disabled AND NOT name = ANY(@touched) " +
            "AND substring(name from '^[^.]*\\.[^.]*\\.(.*)$') = ANY(@touched)");
        tlsas.Parameters.AddWithValue("domain", domainId);
        tlsas.Parameters.AddWithValue("touched", touched.ToArray());
        batch.BatchCommands.Add(tlsas);
        foreach (var owner in dnameOwners)
        {
            var below = new NpgsqlBatchCommand(
                $"SELECT {StoredRecord.Columns} FROM records WHERE domain_id = @domain AND NOT disabled AND type IS NOT NULL AND name LIKE @pattern AND NOT name = ANY(@touched) LIMIT {SampleBelow}");
            below.Parameters.AddWithValue("domain", domainId);
            below.Parameters.AddWithValue("pattern", "%." + owner.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_"));
            below.Parameters.AddWithValue("touched", touched.ToArray());
            batch.BatchCommands.Add(below);
        }

        var records = new List<ZoneRecord>();
        await using var reader = await batch.ExecuteReaderAsync(ct);
        do
        {
            while (await reader.ReadAsync(ct))
            {
                if (StoredRecord.Read(reader).ToZoneRecord() is { } record)
                {
                    records.Add(record);
                }
            }
        }
        while (await reader.NextResultAsync(ct));
        return records;
    }

    /// <summary>The proper ancestors of <paramref name="name"/> down to and including the apex.</summary>
    private static IEnumerable<string> Ancestors(string name, string zone)
    {
        var current = name;
        while (current != zone && current.IndexOf('.') is var dot and >= 0)
        {
            current = current[(dot + 1)..];
            yield return current;
            if (current.Length <= zone.Length)
            {
                yield break;
            }
        }
    }
}
