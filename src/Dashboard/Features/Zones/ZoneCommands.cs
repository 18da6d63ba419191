using Dashboard.Configuration;
using Dashboard.Data;
using Dashboard.Data.PowerDns;
using Dashboard.Dns;
using Dashboard.Features.Audit;
using Dashboard.Features.Auth;
using Dashboard.Features.Propagation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Dashboard.Features.Zones;

/// <summary>
/// Creates a zone from its tier's template and deletes a zone, each in one transaction with its audit entry, then
/// makes every region answer at once: wait for replay, then flush the zone on each PowerDNS (its zone cache would
/// answer REFUSED for a new zone for up to 5 minutes). Singleton-safe; callers own cancellation.
/// </summary>
public sealed class ZoneCommands(
    IDbContextFactory<DashboardDbContext> contexts,
    AuditLog audit,
    ReplicationGate gate,
    TimeProvider time)
{
    public async Task<ZoneCommandResult> CreateZoneAsync(Actor actor, string name, ZoneTier tier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.Demand(Permission.EditDns);
        var valid = DnsName.Validate(name ?? "", DnsNameKind.Hostname);
        if (!valid.IsValid)
        {
            return new ZoneCommandResult.Invalid(valid.Errors);
        }
        var zone = valid.Value!;
        if (!zone.Contains('.'))
        {
            return new ZoneCommandResult.Invalid([$"'{zone}' is a top-level name; a zone here has at least two labels, like example.test"]);
        }

        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (await db.Domains.AnyAsync(d => d.Name == zone, cancellationToken))
            {
                return new ZoneCommandResult.Invalid([$"The zone {zone} already exists"]);
            }
            var policy = await db.TierPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.Tier == tier, cancellationToken);
            if (policy is null)
            {
                return new ZoneCommandResult.Invalid([$"The {tier} tier has no policy row; its template is unknown"]);
            }
            SoaSerial.TryNext(0, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), null, out var serial, out _);
            var soa = new SoaFields(policy.SoaMname, policy.SoaRname, serial, policy.SoaRefresh, policy.SoaRetry, policy.SoaExpire, policy.SoaMinimum);
            var domain = new PdnsDomain { Name = zone, Type = "NATIVE" };
            db.Domains.Add(domain);
            await db.SaveChangesAsync(cancellationToken);

            db.Records.Add(Row(domain.Id, zone, RecordType.SOA, soa.Format(), policy.SoaTtl));
            foreach (var ns in policy.Nameservers)
            {
                db.Records.Add(Row(domain.Id, zone, RecordType.NS, DnsName.Normalize(ns), policy.DefaultTtl));
            }
            var assignment = await db.ZoneTiers.FirstOrDefaultAsync(t => t.ZoneName == zone, cancellationToken);
            if (assignment is null)
            {
                db.ZoneTiers.Add(new ZoneTierAssignment { ZoneName = zone, Tier = tier });
            }
            else
            {
                assignment.Tier = tier;
            }
            audit.Add(db, actor, AuditActions.ZoneCreate, zone, zone, null, null,
                $"tier {tier}; SOA {soa.Format()} (TTL {policy.SoaTtl}); NS {string.Join(", ", policy.Nameservers)}");
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var propagation = await PropagateAsync(zone, cancellationToken);
        return new ZoneCommandResult.Done(zone, propagation);
    }

    public async Task<ZoneCommandResult> DeleteZoneAsync(Actor actor, string name, string typedConfirmation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.Demand(Permission.EditDns);
        var zone = DnsName.Normalize(name ?? "");
        if (!string.Equals(typedConfirmation, zone, StringComparison.Ordinal))
        {
            return new ZoneCommandResult.Invalid([$"To delete the zone, type its name exactly: {zone}"]);
        }

        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            var tx = (NpgsqlTransaction)transaction.GetDbTransaction();
            int domainId;
            await using (var find = new NpgsqlCommand("SELECT id FROM domains WHERE name = @zone FOR UPDATE", connection, tx))
            {
                find.Parameters.AddWithValue("zone", zone);
                if (await find.ExecuteScalarAsync(cancellationToken) is not int id)
                {
                    return new ZoneCommandResult.NotFound(zone);
                }
                domainId = id;
            }
            long count;
            string? soa;
            await using (var describe = new NpgsqlCommand(
                "SELECT count(*), max(content) FILTER (WHERE type = 'SOA' AND name = @zone) FROM records WHERE domain_id = @d", connection, tx))
            {
                describe.Parameters.AddWithValue("d", domainId);
                describe.Parameters.AddWithValue("zone", zone);
                await using var reader = await describe.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                count = reader.GetInt64(0);
                soa = reader.IsDBNull(1) ? null : reader.GetString(1);
            }
            await using (var delete = new NpgsqlCommand(
                """
                DELETE FROM records WHERE domain_id = @d;
                DELETE FROM comments WHERE domain_id = @d;
                DELETE FROM domainmetadata WHERE domain_id = @d;
                DELETE FROM domains WHERE id = @d;
                DELETE FROM dashboard.zone_tiers WHERE zone_name = @zone;
                DELETE FROM dashboard.staged_change_sets WHERE zone = @zone;
                """, connection, tx))
            {
                delete.Parameters.AddWithValue("d", domainId);
                delete.Parameters.AddWithValue("zone", zone);
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }
            audit.Add(db, actor, AuditActions.ZoneDelete, zone, zone, null, $"{count} records; SOA {soa ?? "(none)"}", null);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var propagation = await PropagateAsync(zone, cancellationToken);
        return new ZoneCommandResult.Done(zone, propagation);
    }

    /// <summary>Replay, then flush the zone on every region: PowerDNS's API flush also refreshes its zone cache entry for the name.</summary>
    private async Task<IReadOnlyList<RegionPropagation>> PropagateAsync(string zone, CancellationToken cancellationToken)
    {
        return await gate.PropagateCommittedAsync([zone], cancellationToken);
    }

    private static PdnsRecord Row(int domainId, string name, RecordType type, string content, int ttl) => new()
    {
        DomainId = domainId,
        Name = name,
        Type = type.Mnemonic(),
        Content = PowerDnsContent.ToStorage(type, content).Content,
        Ttl = ttl,
        Prio = PowerDnsContent.ToStorage(type, content).Prio,
        Disabled = false,
        OrderName = null,
        Auth = true,
    };
}

/// <summary>The outcome of a zone command. Only <see cref="Done"/> wrote anything.</summary>
public abstract record ZoneCommandResult
{
    private ZoneCommandResult()
    {
    }

    public sealed record Done(string Zone, IReadOnlyList<RegionPropagation> Propagation) : ZoneCommandResult;

    public sealed record Invalid(IReadOnlyList<string> Errors) : ZoneCommandResult;

    public sealed record NotFound(string Zone) : ZoneCommandResult;
}
