using Dashboard.Dns;
using Dashboard.Configuration;
using Dashboard.Data;
using Dashboard.Data.PowerDns;
using Dashboard.Features.Auth;
using Npgsql;

namespace Dashboard.Features.Zones;

/// <summary>
/// Read-only queries for the zone list and a zone's header, in raw SQL on the primary. Each demands
/// <see cref="Permission.ReadZones"/> of the actor: no role, no zones. Singleton, thread-safe; callers own cancellation.
/// </summary>
public sealed class ZoneQueries(RegionDataSources dataSources)
{
    // One grouped count over the domain_id index for every zone at once, the apex SOA per zone, tier and its policy.
    private static readonly string ListSql = $"""
        SELECT d.name, t.tier, coalesce(c.n, 0), soa.content, soa.ttl, p.max_negative_ttl
        FROM domains d
        CROSS JOIN LATERAL (SELECT count(*) AS n FROM records r WHERE r.domain_id = d.id) c
        LEFT JOIN LATERAL ({PowerDnsSql.ApexSoa("d.id", "d.name")}) soa ON true
        LEFT JOIN dashboard.zone_tiers t ON t.zone_name = d.name
        LEFT JOIN dashboard.tier_policies p ON p.tier = t.tier
        ORDER BY d.name
        """;

    private static readonly string DetailSql = $"""
        SELECT d.id, d.name, t.tier, soa.content, soa.ttl, p.max_negative_ttl
        FROM domains d
        LEFT JOIN LATERAL ({PowerDnsSql.ApexSoa("d.id", "d.name")}) soa ON true
        LEFT JOIN dashboard.zone_tiers t ON t.zone_name = d.name
        LEFT JOIN dashboard.tier_policies p ON p.tier = t.tier
        WHERE d.name = $1
        """;

    public async Task<IReadOnlyList<ZoneSummary>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Permission.ReadZones);
        await using var command = dataSources.Primary.CreateCommand(ListSql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var zones = new List<ZoneSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var soa = reader.IsDBNull(3) ? null : SoaFields.TryParse(reader.GetString(3));
            zones.Add(new ZoneSummary(
                reader.GetString(0),
                ParseTier(reader, 1),
                reader.GetInt64(2),
                soa?.Serial,
                soa is null || reader.IsDBNull(4) ? null : reader.GetInt32(4),
                soa?.Minimum,
                reader.IsDBNull(5) ? null : reader.GetInt32(5)));
        }
        // A zone-limited API key sees its zones only.
        return [.. actor.WhereZone(zones, z => z.Name)];
    }

    /// <summary>The zone's header (tier, SOA), or null when no such zone exists.</summary>
    public async Task<ZoneDetail?> GetAsync(Actor actor, string zone, CancellationToken cancellationToken = default)
    {
        actor.Demand(Permission.ReadZones);
        actor.DemandZone(zone);
        if (zone.Contains('\0'))
        {
            // PostgreSQL text cannot hold NUL: no zone has such a name.
            return null;
        }
        await using var command = dataSources.Primary.CreateCommand(DetailSql);
        command.Parameters.AddWithValue(Dns.DnsName.Normalize(zone));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var content = reader.IsDBNull(3) ? null : reader.GetString(3);
        var soa = content is null ? null : SoaFields.TryParse(content);
        return new ZoneDetail(
            reader.GetInt32(0),
            reader.GetString(1),
            ParseTier(reader, 2),
            content,
            soa is null || reader.IsDBNull(4) ? null : reader.GetInt32(4),
            soa?.Serial,
            soa?.Minimum,
            reader.IsDBNull(5) ? null : reader.GetInt32(5));
    }

    /// <summary>The zone's SOA as stored now (content and TTL), or null when the zone or its SOA is missing.</summary>
    public async Task<SoaState?> GetSoaAsync(Actor actor, string zone, CancellationToken cancellationToken = default) =>
        await GetAsync(actor, zone, cancellationToken) is { SoaContent: { } content, SoaTtl: { } ttl } ? new SoaState(content, ttl) : null;

    private static ZoneTier? ParseTier(NpgsqlDataReader reader, int ordinal) =>
        !reader.IsDBNull(ordinal) && Enum.TryParse<ZoneTier>(reader.GetString(ordinal), out var tier) ? tier : null;
}
