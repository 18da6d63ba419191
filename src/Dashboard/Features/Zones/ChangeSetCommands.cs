using Dashboard.Data.PowerDns;
using Dashboard.Dns;
using Dashboard.Features.Audit;
using Dashboard.Features.Auth;
using Dashboard.Features.Propagation;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Dashboard.Features.Zones;

/// <summary>
/// Applies a zone's change set in one <see cref="ZoneWrite"/>: the zone's SOA row is locked first (change sets of one zone run one
/// at a time), every touched name's rows are read <c>FOR UPDATE</c> and their RRset versions compared with the ones
/// staged (any difference refuses the whole set: no lost update), the resulting RRsets are checked, the rows written,
/// the SOA serial bumped once and one audit entry per change added, then COMMIT. The result returns at COMMIT, with
/// the <see cref="PropagationRun"/> that proves per region, by DNS, that the change is served. Up to COMMIT that is four round trips whatever
/// the size of the set (tier; locks; rows, serial and audit in one batch; COMMIT). Singleton-safe; callers own cancellation.
/// </summary>
public sealed class ChangeSetCommands(
    ZoneWrites writes,
    AuditLog audit,
    PropagationTracker tracker,
    TimeProvider time)
{
    /// <summary>Test seam: runs after every write of an apply and before its COMMIT (throw to prove the rollback).</summary>
    internal Func<CancellationToken, Task>? BeforeCommit { get; set; }

    public Task<ApplyResult> ApplyAsync(Actor actor, string zone, ChangeSet set, CancellationToken cancellationToken, Guid? stagedVersion = null) =>
        ApplyAsync(actor, zone, set, reason: null, cancellationToken, stagedVersion);

    /// <summary>Applies the set; <paramref name="reason"/> (optional) is kept in every audit entry of this apply.</summary>
    /// <param name="alsoWrite">
    /// Statements that must commit with the change or not at all (the API's idempotency record), sent in the apply's one
    /// write batch; one that fails (a unique violation) rolls the whole apply back.
    /// </param>
    /// <param name="stagedVersion">
    /// The version of the actor's saved set (<see cref="IStagedChangeSetStore"/>) this set is, if it is one: that saved
    /// set is deleted in the same transaction, and if it changed meanwhile (another tab) the apply throws
    /// <see cref="StagedSetChangedException"/> and writes nothing.
    /// </param>
    public async Task<ApplyResult> ApplyAsync(Actor actor, string zone, ChangeSet set, string? reason, CancellationToken cancellationToken, Guid? stagedVersion = null,
        Func<ApplyingChange, IEnumerable<NpgsqlBatchCommand>>? alsoWrite = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.Demand(Permission.EditDns);
        actor.DemandZone(zone);
        ArgumentNullException.ThrowIfNull(set);
        zone = DnsName.Normalize(zone);
        if (set.Zone != zone)
        {
            throw new ArgumentException($"The change set is for {set.Zone}, not {zone}.", nameof(set));
        }
        if (set.IsEmpty)
        {
            return new ApplyResult.Invalid(["Nothing is staged for this zone."]);
        }
        reason = AuditLog.NormalizeReason(reason);
        if (reason is { Length: > AuditLog.MaxReasonLength })
        {
            return new ApplyResult.Invalid([$"The reason is {reason.Length:N0} characters long; at most {AuditLog.MaxReasonLength:N0} are kept. Shorten it."]);
        }

        var started = time.GetTimestamp();
        WriteOutcome written;
        try
        {
            written = await WriteAsync(actor, zone, set, reason, stagedVersion, alsoWrite, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == Takedowns.NameHolds.HeldSqlState)
        {
            // A name of the set is held after an abuse takedown: the database refused the row (and rolled back the rest).
            return new ApplyResult.Invalid([ex.MessageText]);
        }
        if (written.Refusal is { } refusal)
        {
            return refusal;
        }
        var committed = time.GetElapsedTime(started);

        // Committed: the result returns now; the run proves, region by region and by DNS, that the change is served.
        var target = new PropagationTarget(zone, written.Serial, [.. set.RRsets.Select(s => s.Key)], written.Commit!.NamesToFlush, ChangeId: written.Commit.ChangeId);
        var propagation = await tracker.StartCommittedAsync(target, cancellationToken);
        return new ApplyResult.Applied(written.Serial, written.RowsChanged, propagation)
        {
            ChangeId = written.Commit.ChangeId,
            Committed = committed,
            RecordChanges = written.RecordChanges,
            SoaEdited = set.Soa is not null,
        };
    }

    private async Task<WriteOutcome> WriteAsync(Actor actor, string zone, ChangeSet set, string? reason, Guid? stagedVersion,
        Func<ApplyingChange, IEnumerable<NpgsqlBatchCommand>>? alsoWrite, CancellationToken ct)
    {
        await using var write = await writes.BeginAsync(zone, ct);
        var tier = await write.Db.ZoneTiers.Where(t => t.ZoneName == zone)
            .Join(write.Db.TierPolicies, t => t.Tier, p => p.Tier, (_, p) => p)
            .AsNoTracking().FirstOrDefaultAsync(ct);
        var touchedNames = set.RRsets.Select(s => s.Key.Name).Distinct().ToArray();
        // The SOA row is locked first: every apply bumps it, so a second change set of the zone waits for the first's COMMIT.
        if (await write.LockAsync(ZoneLock.Soa, touchedNames, ct) is not { } locked)
        {
            return WriteOutcome.Refused(new ApplyResult.NotFound(zone));
        }
        if (locked.Soa is not { } soa)
        {
            return WriteOutcome.Refused(new ApplyResult.Invalid([$"{zone} has no SOA record; it cannot be edited until it has one"]));
        }
        if (tier is null)
        {
            return WriteOutcome.Refused(new ApplyResult.Invalid([$"{zone} has no tier (free or pro), so its TTL bounds are unknown; assign it a tier before editing its records"]));
        }
        var policy = ZonePolicy.From(tier);

        var rows = locked.Rows;
        var byKey = rows.Where(r => r.Key is not null).GroupBy(r => r.Key!.Value).ToDictionary(g => g.Key, g => g.ToList());

        var conflicts = set.RRsets
            .Where(s => RRsetVersion.Compute(byKey.GetValueOrDefault(s.Key, []).Select(r => (r.Content, r.Ttl, r.Disabled))) != s.BaseVersion)
            .Select(s => s.Key.ToString())
            .ToList();
        var soaFields = SoaFields.TryParse(soa.Content);
        if (set.Soa is { } stagedSoa && (soaFields is null || $"{soaFields.WithoutSerial()} {soa.Ttl}" != stagedSoa.BaseVersion))
        {
            conflicts.Add($"{zone} SOA");
        }
        if (conflicts.Count > 0)
        {
            return WriteOutcome.Refused(new ApplyResult.Conflict(conflicts));
        }
        if (soaFields is null)
        {
            return WriteOutcome.Refused(new ApplyResult.Invalid([$"{zone} SOA: the current SOA content '{soa.Content}' is not valid; fix it in the SOA editor first"]));
        }

        var around = await RulesContextSql.ReadAsync(write.Connection, write.Transaction, locked.DomainId, zone, set, ct);
        var errors = Check(zone, set, rows, around, policy);
        var newSoaTtl = set.Soa?.AfterTtl ?? soa.Ttl;
        var newSoa = set.Soa?.After ?? soaFields;
        if (set.Soa is not null && policy.CheckNegativeTtl(newSoaTtl, newSoa.Minimum) is { } negative)
        {
            errors.Add($"{zone} SOA: {negative}");
        }
        if (!SoaSerial.TryNext(soaFields.Serial, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), set.Soa?.RequestedSerial, out var serial, out var serialError))
        {
            errors.Add($"{zone} SOA serial: {serialError}");
        }
        if (errors.Count > 0)
        {
            return WriteOutcome.Refused(new ApplyResult.Invalid(errors));
        }

        Plan(set, byKey, write.Rows);
        var rowsChanged = write.Rows.Count;
        var entries = new List<AuditEntry>();
        // The diff once: the audit entries, the count the caller and the in-transaction work are told.
        var changes = set.Diff().SelectMany(d => d.Changes).ToList();
        foreach (var change in changes)
        {
            entries.Add(audit.Create(actor, change.Action, zone, change.Key.Name, change.Key.Type.Mnemonic(), change.Before, change.After, reason));
        }
        if (set.Soa is { } edited)
        {
            entries.Add(audit.Create(actor, AuditActions.SoaEdit, zone, zone, nameof(RecordType.SOA),
                ChangeSet.Describe(soa.Content, soa.Ttl, false), ChangeSet.Describe((edited.After with { Serial = serial }).Format(), edited.AfterTtl, false), reason));
        }
        // An import is one zone.import entry with its changes under it.
        var parent = set.Import is { } import
            ? audit.Create(actor, AuditActions.ZoneImport, zone, zone, after: import.Describe(entries.Count), reason: reason)
            : null;
        write.SetSoa(soa, (newSoa with { Serial = serial }).Format(), newSoaTtl);
        write.Audit(entries, parent);
        foreach (var statement in alsoWrite?.Invoke(new ApplyingChange(zone, serial, write.ChangeId, changes.Count)) ?? [])
        {
            write.Add(statement);
        }
        // Rows, serial, the caller's statements and audit entries in one round trip.
        await write.WriteAsync(ct);
        // The applied set stops being staged in this same transaction: COMMIT writes both or neither.
        if (stagedVersion is not null && !await StagedChangeSetStore.RemoveAsync(write.Connection, write.Transaction, actor.UserId, zone, stagedVersion, ct))
        {
            throw new StagedSetChangedException(zone);
        }
        if (BeforeCommit is { } hook)
        {
            await hook(ct);
        }
        var commit = await write.CommitAsync(touchedNames, ct);
        return new WriteOutcome(null, serial, rowsChanged, commit, changes.Count);
    }

    /// <summary>Per-type content, tier TTL bounds and the RRset rules over every record at each touched name as it would be.</summary>
    /// <param name="around">Records outside the touched names that the DNAME and TLSA rules need (<see cref="RulesContextSql"/>).</param>
    private static List<string> Check(string zone, ChangeSet set, IReadOnlyList<StoredRecord> rows, IReadOnlyList<ZoneRecord> around, ZonePolicy policy)
    {
        var errors = new List<string>();
        var touched = set.RRsets.ToDictionary(s => s.Key);
        foreach (var staged in set.RRsets)
        {
            foreach (var record in staged.AfterRecords)
            {
                var valid = RecordContent.ValidateRecord(record, zone, policy.Bounds);
                errors.AddRange(valid.Errors.Select(e => $"{staged.Key}: {e}"));
            }
        }
        if (touched.TryGetValue(new RRsetKey(zone, RecordType.NS), out var apexNs) && !apexNs.After.Any(a => !a.Disabled))
        {
            errors.Add($"{zone} NS: the zone apex must keep at least one enabled NS record");
        }
        var resulting = rows
            .Where(r => r.Key is { } key && !touched.ContainsKey(key))
            .Select(r => new ZoneRecord(r.Name, r.Key!.Value.Type, r.Content, r.Ttl, r.Disabled))
            .Concat(set.RRsets.SelectMany(s => s.AfterRecords))
            .Concat(around);
        errors.AddRange(RRsetRules.Check(zone, resulting));
        return errors;
    }

    /// <summary>Which rows to delete, update and insert: rows that stay keep their id; only what differs is written.</summary>
    private static void Plan(ChangeSet set, Dictionary<RRsetKey, List<StoredRecord>> byKey, RowChanges plan)
    {
        foreach (var staged in set.RRsets)
        {
            var unused = byKey.GetValueOrDefault(staged.Key, []).ToList();
            foreach (var after in staged.After)
            {
                var source = after.From is null ? null : unused.FirstOrDefault(r => ChangeSet.Normalize(staged.Key.Type, r.Content) == after.From);
                if (source is null)
                {
                    plan.Inserts.Add((staged.Key, after.Content, staged.Ttl, after.Disabled));
                    continue;
                }
                unused.Remove(source);
                // A row written another way (MX/SRV whole in content with prio NULL) is rewritten in the API's form.
                if (PowerDnsContent.NeedsRewrite(staged.Key.Type, source.StoredContent, source.Prio, after.Content) || source.Ttl != staged.Ttl || source.Disabled != after.Disabled)
                {
                    plan.Updates.Add((source.Id, staged.Key.Type, after.Content, staged.Ttl, after.Disabled));
                }
            }
            plan.Deletes.AddRange(unused.Select(r => r.Id));
        }
    }

    private sealed record WriteOutcome(ApplyResult? Refusal, long Serial, int RowsChanged, ZoneCommit? Commit, int RecordChanges = 0)
    {
        public static WriteOutcome Refused(ApplyResult result) => new(result, 0, 0, null);
    }
}

/// <summary>
/// An apply about to be written, for statements that must commit with it (<see cref="ChangeSetCommands.ApplyAsync(Actor, string, ChangeSet, string?, CancellationToken, Guid?, Func{ApplyingChange, IEnumerable{NpgsqlBatchCommand}}?)"/>):
/// they go in the apply's one write batch, after its rows and serial and before its audit entries.
/// </summary>
/// <param name="ChangeId">The change's id: its propagation timeline and audit entries carry it.</param>
public sealed record ApplyingChange(string Zone, long Serial, Guid ChangeId, int RecordChanges);
