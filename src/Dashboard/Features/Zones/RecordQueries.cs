using Dashboard.Data;
using Dashboard.Data.PowerDns;
using Dashboard.Dns;
using Dashboard.Features.Auth;
using Npgsql;
using NpgsqlTypes;

namespace Dashboard.Features.Zones;

/// <summary>One page of a zone's RRsets, and whether a next page exists. The total comes from <see cref="RecordQueries.CountAsync"/>.</summary>
public sealed record RRsetPage(IReadOnlyList<RRsetRow> Items, bool HasMore);

/// <summary>
/// Server-side paged RRsets of one zone, never the whole zone: first one page of distinct (name, type) keys in order
/// (an index range scan over <c>records_zone_grid_idx</c> that stops at LIMIT), then only those keys' rows. The exact
/// count is a query of its own, so the page can show its rows before a large zone is counted.
/// Each demands <see cref="Permission.ReadZones"/> of the actor. Singleton, thread-safe; callers own cancellation.
/// </summary>
public sealed class RecordQueries(RegionDataSources dataSources)
{
    private static readonly string[] SupportedTypes = [.. RecordTypes.Names];

    public async Task<RRsetPage> GetPageAsync(Actor actor, string zone, RRsetFilter filter, CancellationToken cancellationToken = default)
    {
        actor.Demand(Permission.ReadZones);
        actor.DemandZone(zone);
        if (!Storable(zone, filter))
        {
            return new RRsetPage([], false);
        }
        await using var connection = await dataSources.Primary.OpenConnectionAsync(cancellationToken);
        var pageSize = Math.Clamp(filter.PageSize, 1, RRsetFilter.MaxPageSize);
        var (where, parameters) = Where(zone, filter);
        var direction = filter.Descending ? "DESC" : "ASC";
        var order = filter.Sort == RRsetSort.Type ? $"2 {direction}, 1 {direction}" : $"1 {direction}, 2 {direction}";

        var keys = new List<(string Name, string Type)>(pageSize + 1);
        // One key more than the page shows says whether there is a next page, without counting.
        await using (var command = new NpgsqlCommand(
            $"""SELECT name COLLATE "C", type FROM records WHERE {where} GROUP BY 1, 2 ORDER BY {order} LIMIT {pageSize + 1} OFFSET {(long)filter.Page * pageSize}""",
            connection))
        {
            command.Parameters.AddRange(parameters());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var hasMore = keys.Count > pageSize;
        if (hasMore)
        {
            keys.RemoveAt(pageSize);
        }
        var rows = await RowsAsync(connection, zone, keys, cancellationToken);
        var items = keys.Select(k => rows.TryGetValue(k, out var r) ? r : null).OfType<RRsetRow>().ToList();
        return new RRsetPage(items, hasMore);
    }

    /// <summary>How many RRsets match the filter (its page and sort play no part): exact, over the same index as the page.</summary>
    public async Task<long> CountAsync(Actor actor, string zone, RRsetFilter filter, CancellationToken cancellationToken = default)
    {
        actor.Demand(Permission.ReadZones);
        actor.DemandZone(zone);
        if (!Storable(zone, filter))
        {
            return 0;
        }
        var (where, parameters) = Where(zone, filter);
        await using var count = dataSources.Primary.CreateCommand(
            $"""SELECT count(*) FROM (SELECT 1 FROM records WHERE {where} GROUP BY name COLLATE "C", type) k""");
        count.Parameters.AddRange(parameters());
        return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The RRset as stored now, or null when it has no rows.</summary>
    public async Task<RRsetRow?> GetRRsetAsync(Actor actor, string zone, string name, RecordType type, CancellationToken cancellationToken = default)
    {
        actor.Demand(Permission.ReadZones);
        actor.DemandZone(zone);
        await using var connection = await dataSources.Primary.OpenConnectionAsync(cancellationToken);
        var key = (DnsName.Normalize(name), type.Mnemonic());
        var rows = await RowsAsync(connection, zone, [key], cancellationToken);
        return rows.GetValueOrDefault(key);
    }

    private static (string Where, Func<NpgsqlParameter[]> Parameters) Where(string zone, RRsetFilter filter)
    {
        var clauses = new List<string> { $"domain_id = {PowerDnsSql.ZoneId("$1")}", "(type = ANY($2) OR type ~ '^TYPE[0-9]+$')" };
        var values = new List<Func<NpgsqlParameter>>
        {
            () => new NpgsqlParameter { Value = DnsName.Normalize(zone) },
            () => new NpgsqlParameter { Value = SupportedTypes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
        };
        if (filter.Prefix is { } prefix)
        {
            // A range on the C-collated index column: byte order, so every name starting with prefix sorts in [prefix, prefix + U+10FFFF).
            clauses.Add($"""name COLLATE "C" >= ${values.Count + 1} AND name COLLATE "C" < ${values.Count + 2}""");
            values.Add(() => new NpgsqlParameter { Value = prefix });
            values.Add(() => new NpgsqlParameter { Value = prefix + char.ConvertFromUtf32(0x10FFFF) });
        }
        if (filter.Contains is { } contains)
        {
            clauses.Add($"name LIKE ${values.Count + 1}");
            values.Add(() => new NpgsqlParameter { Value = "%" + EscapeLike(contains) + "%" });
        }
        if (filter.Type is { } type)
        {
            clauses.Add($"type = ${values.Count + 1}");
            values.Add(() => new NpgsqlParameter { Value = type.Mnemonic() });
        }
        return (string.Join(" AND ", clauses), () => values.Select(v => v()).ToArray());
    }

    // PostgreSQL text cannot hold NUL, so no stored name matches one; asking would be refused with an error.
    private static bool Storable(string zone, RRsetFilter filter) =>
        !zone.Contains('\0') && filter.Prefix?.Contains('\0') != true && filter.Contains?.Contains('\0') != true;

    internal static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    private static async Task<Dictionary<(string Name, string Type), RRsetRow>> RowsAsync(
        NpgsqlConnection connection, string zone, IReadOnlyList<(string Name, string Type)> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return [];
        }
        await using var command = new NpgsqlCommand($"""
            SELECT {StoredRecord.ColumnsOf("r")}
            FROM records r
            JOIN unnest($2::text[], $3::text[]) AS k(name, type) ON r.name = k.name AND r.type = k.type
            WHERE r.domain_id = {PowerDnsSql.ZoneId("$1")}
            """, connection);
        command.Parameters.AddWithValue(DnsName.Normalize(zone));
        command.Parameters.AddWithValue(keys.Select(k => k.Name).ToArray());
        command.Parameters.AddWithValue(keys.Select(k => k.Type).ToArray());
        List<StoredRecord> rows;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            rows = await StoredRecord.ReadAllAsync(reader, cancellationToken);
        }
        // Keyed by the type as stored (the page's keys); a TYPEnnn row PowerDNS holds but the dashboard cannot carry
        // (TYPE0, a meta type) is left out, as other unknown types are.
        return rows.GroupBy(r => (r.Name, r.Type))
            .Where(g => g.First().Key is not null)
            .ToDictionary(g => g.Key, g => StoredRecord.ToRRset(g.First().Key!.Value, g));
    }
}
