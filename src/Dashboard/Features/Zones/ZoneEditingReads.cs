using Dashboard.Data;
using Dashboard.Data.PowerDns;
using Dashboard.Dns;
using Dashboard.Features.Auth;
using Microsoft.EntityFrameworkCore;

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
        actor.DemandZone(zone);
        zone = DnsName.Normalize(zone);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var tier = await db.ZoneTiers.Where(t => t.ZoneName == zone)
            .Join(db.TierPolicies, t => t.Tier, p => p.Tier, (_, p) => p)
            .AsNoTracking().FirstOrDefaultAsync(ct);
        return tier is null ? null : ZonePolicy.From(tier);
    }

    /// <summary>The zone's apex SOA (<see cref="PowerDnsSql.ApexSoa"/>) as stored, or null when the zone or its SOA is missing.</summary>
    public async Task<SoaState?> SoaAsync(Actor actor, string zone, CancellationToken ct)
    {
        actor.Demand(Permission.ReadZones);
        actor.DemandZone(zone);
        zone = DnsName.Normalize(zone);
        await using var command = dataSources.Primary.CreateCommand(PowerDnsSql.ApexSoa(PowerDnsSql.ZoneId("@zone"), "@zone"));
        command.Parameters.AddWithValue("zone", zone);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) && StoredRecord.Read(reader) is var soa ? new SoaState(soa.StoredContent, soa.Ttl) : null;
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
        actor.DemandZone(zone);
        zone = DnsName.Normalize(zone);
        await using var command = dataSources.Primary.CreateCommand(
            PowerDnsSql.Rows(PowerDnsSql.ZoneId("@zone"), names is null ? null : "@names"));
        command.Parameters.AddWithValue("zone", zone);
        if (names is not null)
        {
            command.Parameters.AddWithValue("names", names.ToArray());
        }
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = await StoredRecord.ReadAllAsync(reader, ct);
        return StoredRecord.ToRRsets(rows.Where(r => r.Key?.Type != RecordType.SOA));
    }
}
