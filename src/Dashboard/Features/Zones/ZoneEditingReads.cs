using Dashboard.Data;
using Dashboard.Dns;
using Dashboard.Features.Auth;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Dashboard.Features.Zones;

/// <summary>
/// The few reads staging needs (the zone's tier policy, its SOA, the current RRsets at given names), on the primary,
/// so a staged RRset's version is the one apply will compare. Each demands <see cref="Permission.ReadZones"/> of the
/// actor. Singleton-safe.
/// </summary>
public sealed class ZoneEditingReads(IDbContextFactory<DashboardDbContext> contexts, RegionDataSources dataSources)
{
    /// <summary>The zone's tier policy, or null when the zone has no tier.</summary>
    public async Task<ZonePolicy?> PolicyAsync(Actor actor, string zone, CancellationToken ct)
    {
        actor.Demand(Permission.ReadZones);
        zone = DnsName.Normalize(zone);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var tier = await db.ZoneTiers.Where(t => t.ZoneName == zone)
            .Join(db.TierPolicies, t => t.Tier, p => p.Tier, (_, p) => p)
            .AsNoTracking().FirstOrDefaultAsync(ct);
        return tier is null ? null : ZonePolicy.From(tier);
    }

    public async Task<SoaState?> SoaAsync(Actor actor, string zone, CancellationToken ct)
    {
        actor.Demand(Permission.ReadZones);
        zone = DnsName.Normalize(zone);
        await using var command = dataSources.Primary.CreateCommand(
            "SELECT r.content, r.ttl FROM records r JOIN domains d ON d.id = r.domain_id WHERE d.name = @zone AND r.name = @zone AND r.type = 'SOA' LIMIT 1");
        command.Parameters.AddWithValue("zone", zone);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new SoaState(reader.GetString(0), reader.GetInt32(1)) : null;
    }

    public async Task<RRsetRow?> RRsetAsync(Actor actor, string zone, string name, RecordType type, CancellationToken ct) =>
        (await RRsetsAsync(actor, zone, [DnsName.Normalize(name)], ct)).GetValueOrDefault(new RRsetKey(DnsName.Normalize(name), type));

    /// <summary>
    /// The current RRsets (SOA excluded) at <paramref name="names"/>, or of the whole zone when null; each with the
    /// version <see cref="ChangeSetCommands"/> recomputes at apply.
    /// </summary>
    public async Task<IReadOnlyDictionary<RRsetKey, RRsetRow>> RRsetsAsync(Actor actor, string zone, IReadOnlyCollection<string>? names, CancellationToken ct)
    {
        actor.Demand(Permission.ReadZones);
        zone = DnsName.Normalize(zone);
        await using var command = dataSources.Primary.CreateCommand(
            $"""
            SELECT r.id, r.name, r.type, r.content, r.prio, r.ttl, r.disabled
            FROM records r JOIN domains d ON d.id = r.domain_id
            WHERE d.name = @zone AND r.type <> 'SOA' AND r.type IS NOT NULL {(names is null ? "" : "AND r.name = ANY(@names)")}
            ORDER BY r.id
            """);
        command.Parameters.AddWithValue("zone", zone);
        if (names is not null)
        {
            command.Parameters.AddWithValue("names", names.ToArray());
        }
        var rows = new List<(RRsetKey Key, long Id, string Content, int Ttl, bool Disabled)>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                if (!RecordTypes.TryParse(reader.GetString(2), out var type))
                {
                    continue;
                }
                var content = PowerDnsContent.FromStorage(reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetInt32(4));
                rows.Add((new RRsetKey(reader.GetString(1), type), reader.GetInt64(0), content, reader.GetInt32(5), !reader.IsDBNull(6) && reader.GetBoolean(6)));
            }
        }
        return rows.GroupBy(r => r.Key).ToDictionary(
            g => g.Key,
            g => RRsetRow.FromStored(g.Key.Name, g.Key.Type, g.Select(r => (r.Id, r.Content, r.Ttl, r.Disabled))));
    }
}
