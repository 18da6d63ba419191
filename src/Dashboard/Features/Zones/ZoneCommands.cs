using Dashboard.Configuration;
using Dashboard.Data;
using Dashboard.Data.PowerDns;
using Dashboard.Dns;
using Dashboard.Features.Audit;
using Dashboard.Features.Auth;
using Dashboard.Features.Propagation;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Dashboard.Features.Zones;

/// <summary>
/// Creates a zone from its tier's template and deletes a zone, each in one <see cref="ZoneWrite"/> with its audit entry,
/// then makes every region answer at once: wait for replay, then flush the zone on each PowerDNS (PowerDNS's API flush
/// also refreshes its zone cache entry, which would answer REFUSED for a new zone for up to 5 minutes). Singleton-safe; callers own cancellation.
/// </summary>
public sealed class ZoneCommands(
    ZoneWrites writes,
    AuditLog audit,
    PropagationTracker tracker,
    TimeProvider time)
{
    public async Task<ZoneCommandResult> CreateZoneAsync(Actor actor, string name, ZoneTier tier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.Demand(Permission.EditDns);
        actor.DemandZone(name ?? "");
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

        ZoneCommit commit;
        long serial;
        await using (var write = await writes.BeginAsync(zone, cancellationToken))
        {
            if (await write.ExistsAsync(cancellationToken))
            {
                return new ZoneCommandResult.Invalid([$"The zone {zone} already exists"]);
            }
            var policy = await write.Db.TierPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.Tier == tier, cancellationToken);
            if (policy is null)
            {
                return new ZoneCommandResult.Invalid([$"The {tier} tier has no policy row; its template is unknown"]);
            }
            SoaSerial.TryNext(0, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), null, out serial, out _);
            var soa = new SoaFields(policy.SoaMname, policy.SoaRname, serial, policy.SoaRefresh, policy.SoaRetry, policy.SoaExpire, policy.SoaMinimum);
            await write.InsertZoneAsync(cancellationToken);
            write.Rows.Inserts.Add((new RRsetKey(zone, RecordType.SOA), soa.Format(), policy.SoaTtl, false));
            foreach (var ns in policy.Nameservers)
            {
                write.Rows.Inserts.Add((new RRsetKey(zone, RecordType.NS), DnsName.Normalize(ns), policy.DefaultTtl, false));
            }
            var assign = new NpgsqlBatchCommand(
                $"""
                INSERT INTO {DashboardDbContext.Schema}.zone_tiers (zone_name, tier) VALUES (@zone, @tier)
                ON CONFLICT (zone_name) DO UPDATE SET tier = excluded.tier
                """);
            assign.Parameters.AddWithValue("zone", zone);
            assign.Parameters.AddWithValue("tier", tier.ToString());
            write.Add(assign);
            write.Audit([audit.Create(actor, AuditActions.ZoneCreate, zone, zone, null, null,
                $"tier {tier}; SOA {soa.Format()} (TTL {policy.SoaTtl}); NS {string.Join(", ", policy.Nameservers)}")]);
            commit = await write.CommitAsync([], cancellationToken);
        }

        var created = new PropagationTarget(zone, serial, [new RRsetKey(zone, RecordType.NS)], commit.NamesToFlush, ChangeId: commit.ChangeId);
        return new ZoneCommandResult.Done(zone, await tracker.StartCommittedAsync(created, cancellationToken));
    }

    public async Task<ZoneCommandResult> DeleteZoneAsync(Actor actor, string name, string typedConfirmation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.Demand(Permission.EditDns);
        actor.DemandZone(name ?? "");
        var zone = DnsName.Normalize(name ?? "");
        if (!string.Equals(typedConfirmation, zone, StringComparison.Ordinal))
        {
            return new ZoneCommandResult.Invalid([$"To delete the zone, type its name exactly: {zone}"]);
        }

        ZoneCommit commit;
        await using (var write = await writes.BeginAsync(zone, cancellationToken))
        {
            if (await write.LockAsync(ZoneLock.Domain, [], cancellationToken) is not { } locked)
            {
                return new ZoneCommandResult.NotFound(zone);
            }
            long count;
            await using (var rows = new NpgsqlCommand("SELECT count(*) FROM records WHERE domain_id = @d", write.Connection, write.Transaction))
            {
                rows.Parameters.AddWithValue("d", locked.DomainId);
                count = (long)(await rows.ExecuteScalarAsync(cancellationToken))!;
            }
            write.DeleteZone();
            // The dashboard's own rows about the zone go with it.
            foreach (var sql in (string[])[$"DELETE FROM {DashboardDbContext.Schema}.zone_tiers WHERE zone_name = @zone", $"DELETE FROM {DashboardDbContext.Schema}.staged_change_sets WHERE zone = @zone"])
            {
                var delete = new NpgsqlBatchCommand(sql);
                delete.Parameters.AddWithValue("zone", zone);
                write.Add(delete);
            }
            write.Audit([audit.Create(actor, AuditActions.ZoneDelete, zone, zone, null, $"{count} records; SOA {locked.Soa?.StoredContent ?? "(none)"}", null)]);
            commit = await write.CommitAsync([], cancellationToken);
        }

        var deleted = new PropagationTarget(zone, null, [], commit.NamesToFlush, ZoneDeleted: true, ChangeId: commit.ChangeId);
        return new ZoneCommandResult.Done(zone, await tracker.StartCommittedAsync(deleted, cancellationToken));
    }
}

/// <summary>The outcome of a zone command. Only <see cref="Done"/> wrote anything.</summary>
public abstract record ZoneCommandResult
{
    private ZoneCommandResult()
    {
    }

    /// <summary>Committed; <paramref name="Propagation"/> proves per region, by DNS, that the zone is served (or, deleted, no longer answered).</summary>
    public sealed record Done(string Zone, PropagationRun Propagation) : ZoneCommandResult;

    public sealed record Invalid(IReadOnlyList<string> Errors) : ZoneCommandResult;

    public sealed record NotFound(string Zone) : ZoneCommandResult;
}
