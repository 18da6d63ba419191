using System.Globalization;
using Dashboard.Data;
using Dashboard.Data.PowerDns;
using Dashboard.Dns;
using Dashboard.Features.Auth;

namespace Dashboard.Features.Zones;

/// <summary>
/// Streams a zone as the BIND file <see cref="ZoneFileWriter.Write"/> would produce for the same records, byte for byte,
/// without holding the zone in memory: PostgreSQL sorts in the writer's order (apex, DNS canonical order, SOA, NS,
/// other types, content, TTL, enabled first) and each row is written as it arrives. Demands <see cref="Permission.ReadZones"/>.
/// Singleton; callers own the writer.
/// </summary>
public sealed class ZoneExporter(RegionDataSources dataSources)
{
    // Canonical order (RFC 4034 6.1): labels compared right to left as octets, a name before its descendants. That is
    // the reversed label array compared element by element in the C collation.
    private static readonly string RowsSql = $"""
        SELECT {StoredRecord.ColumnsOf("r")}
        FROM records r
        WHERE r.domain_id = {PowerDnsSql.ZoneId("$1")} AND (r.type = ANY($2) OR r.type ~ '^TYPE[0-9]+$')
        ORDER BY (r.name = $1) DESC,
                 (SELECT array_agg(l ORDER BY i DESC) FROM unnest(string_to_array(r.name, '.')) WITH ORDINALITY AS t(l, i)) COLLATE "C",
                 CASE r.type WHEN 'SOA' THEN 0 WHEN 'NS' THEN 1 ELSE 2 END,
                 r.type COLLATE "C",
                 (CASE WHEN r.prio IS NOT NULL AND r.type IN ('MX', 'SRV') THEN r.prio || ' ' ELSE '' END || r.content) COLLATE "C",
                 r.ttl,
                 r.disabled
        """;

    // Not the apex SOA (PowerDnsSql.ApexSoa): $TTL is what ZoneFileWriter.Write takes, the first enabled SOA in its order.
    private static readonly string SoaTtlSql = $"""
        SELECT r.ttl FROM records r
        WHERE r.domain_id = {PowerDnsSql.ZoneId("$1")} AND r.type = 'SOA' AND NOT r.disabled
        ORDER BY (r.name = $1) DESC, r.content COLLATE "C", r.ttl LIMIT 1
        """;

    private static readonly string[] SupportedTypes = [.. RecordTypes.Names];

    /// <summary>Whether the zone exists.</summary>
    public async Task<bool> ExistsAsync(Actor actor, string zone, CancellationToken cancellationToken)
    {
        actor.Demand(Permission.ReadZones);
        actor.DemandZone(zone);
        if (zone.Contains('\0'))
        {
            // PostgreSQL text cannot hold NUL: no zone has such a name.
            return false;
        }
        await using var command = dataSources.Primary.CreateCommand(PowerDnsSql.ZoneIdByName);
        command.Parameters.AddWithValue("zone", DnsName.Normalize(zone));
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>Writes the zone file to <paramref name="writer"/>; returns the number of records written.</summary>
    public async Task<long> WriteAsync(Actor actor, string zone, TextWriter writer, CancellationToken cancellationToken)
    {
        actor.Demand(Permission.ReadZones);
        actor.DemandZone(zone);
        var name = DnsName.Normalize(zone);
        await using var connection = await dataSources.Primary.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);

        await using (var soa = new Npgsql.NpgsqlCommand(SoaTtlSql, connection, transaction))
        {
            soa.Parameters.AddWithValue(name);
            var ttl = await soa.ExecuteScalarAsync(cancellationToken) as int? ?? ZoneFileWriter.DefaultTtl;
            await writer.WriteAsync($"$ORIGIN {ZoneFileContent.Absolute(name)}\n$TTL {ttl.ToString(CultureInfo.InvariantCulture)}\n");
        }

        long count = 0;
        await using var command = new Npgsql.NpgsqlCommand(RowsSql, connection, transaction) { CommandTimeout = 600 };
        command.Parameters.AddWithValue(name);
        command.Parameters.AddWithValue(SupportedTypes);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (StoredRecord.Read(reader).ToZoneRecord() is not { } record)
            {
                continue; // a TYPEnnn the dashboard cannot carry (TYPE0, a meta type), left out like other unknown types
            }
            if (record.Disabled)
            {
                await writer.WriteAsync(ZoneFileLexer.DisabledPrefix);
            }
            await writer.WriteAsync(ZoneFileWriter.FormatLine(record));
            await writer.WriteAsync('\n');
            count++;
        }
        return count;
    }
}
