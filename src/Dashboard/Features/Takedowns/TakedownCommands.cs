using Dashboard.Configuration;
using Dashboard.Data;
using Dashboard.Data.PowerDns;
using Dashboard.Dns;
using Dashboard.Features.Audit;
using Dashboard.Features.Auth;
using Dashboard.Features.Propagation;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Dashboard.Features.Takedowns;

/// <summary>What a takedown needs: the name, why, and the evidence (one URL at least, and a note).</summary>
public sealed record TakedownRequest(string Name, TakedownReason Reason, IReadOnlyList<string> EvidenceUrls, string Note, string? ReportReference = null);

/// <summary>The outcome of a takedown or a restore. Only <see cref="Done"/> wrote anything.</summary>
public abstract record TakedownResult
{
    private TakedownResult()
    {
    }

    /// <summary>Committed; <paramref name="Propagation"/> proves per region, by DNS, that the name is gone (or, restored, back).</summary>
    public sealed record Done(long TakedownId, string Zone, string Name, long Serial, PropagationRun Propagation) : TakedownResult;

    public sealed record Invalid(IReadOnlyList<string> Errors) : TakedownResult;
}

/// <summary>Many names at once (every name pointing at one target, every match of a pattern): one reason and one set of evidence for all.</summary>
public sealed record BulkTakedownRequest(IReadOnlyList<string> Names, TakedownReason Reason, IReadOnlyList<string> EvidenceUrls, string Note, string? ReportReference = null)
{
    /// <summary>At most this many names in one bulk takedown.</summary>
    public const int MaxNames = 20_000;
}

/// <summary>One zone's part of a bulk takedown: one transaction, one serial bump, one propagation proof.</summary>
public sealed record BulkZoneTakedown(string Zone, long Serial, IReadOnlyList<(long Id, string Name)> Takedowns, PropagationRun Propagation);

/// <summary>The outcome of a bulk takedown: the zones done, and every name left out with why. Invalid wrote nothing.</summary>
public abstract record BulkTakedownResult
{
    private BulkTakedownResult()
    {
    }

    public sealed record Done(IReadOnlyList<BulkZoneTakedown> Zones, IReadOnlyList<(string Name, string Why)> Excluded) : BulkTakedownResult
    {
        public int Count => Zones.Sum(z => z.Takedowns.Count);
    }

    public sealed record Invalid(IReadOnlyList<string> Errors) : BulkTakedownResult;
}

/// <summary>
/// Abuse takedowns, each one <see cref="ZoneWrite"/> with its audit entry: remove every record at a name in a
/// free-tier zone and place a hold on it (<c>public.name_holds</c>, enforced by a trigger on <c>records</c> for every
/// writer: db/005_takedown_holds.sql), or restore a takedown's rows byte for byte and lift its hold. Both bump the
/// zone's serial and return at COMMIT with the propagation proof (a takedown is confirmed by NXDOMAIN in every
/// region). Pro-tier zones are refused here, for every role. Singleton-safe; callers own cancellation.
/// </summary>
public sealed class TakedownCommands(ZoneWrites writes, RegionDataSources sources, AuditLog audit, PropagationTracker tracker, IOptions<DashboardOptions> options, TimeProvider time)
{
    private const string Takedowns = $"{DashboardDbContext.Schema}.{Data.Configurations.TakedownConfiguration.Table}";

    /// <summary>Takes one name down: <see cref="TakeDownManyAsync"/>'s path for a single name, refusing in words what a bulk takedown would leave out.</summary>
    public async Task<TakedownResult> TakeDownAsync(Actor actor, TakedownRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        actor.Demand(Permission.Takedown);
        var errors = Validate(request, out var name);
        if (errors.Count > 0)
        {
            return new TakedownResult.Invalid(errors);
        }
        if (await ZoneOfAsync(name, cancellationToken) is not { } zone)
        {
            return new TakedownResult.Invalid([$"{name} is in no zone the dashboard holds"]);
        }
        actor.DemandZone(zone);
        var (done, excluded) = await TakeDownInZoneAsync(actor, zone, [name],
            new BulkTakedownRequest([name], request.Reason, request.EvidenceUrls, request.Note, request.ReportReference), cancellationToken);
        if (done is null)
        {
            var why = excluded.Single().Why;
            return new TakedownResult.Invalid([why.Contains(name, StringComparison.Ordinal) || why.StartsWith(zone, StringComparison.Ordinal) ? why : $"{name}: {why}"]);
        }
        return new TakedownResult.Done(done.Takedowns[0].Id, zone, name, done.Serial, done.Propagation);
    }

    /// <summary>
    /// Takes many names down with one reason and one set of evidence, batched per zone: each zone is one transaction
    /// (its SOA and the names' rows locked, one takedown row and one hold per name, the rows removed, one serial bump,
    /// one <c>takedown.bulk</c> audit entry with a <c>takedown.create</c> under it per name) and one propagation proof.
    /// Names in a zone where takedowns do not apply (pro tier), in no zone, without records, or already held are left
    /// out and said so; the rest go.
    /// </summary>
    public async Task<BulkTakedownResult> TakeDownManyAsync(Actor actor, BulkTakedownRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        actor.Demand(Permission.Takedown);
        var errors = ValidateEvidence(request.Reason, request.EvidenceUrls, request.Note, request.ReportReference);
        var names = new List<string>();
        foreach (var raw in request.Names ?? [])
        {
            var valid = DnsName.Validate(raw ?? "", DnsNameKind.Owner);
            if (valid.IsValid)
            {
                names.Add(valid.Value!);
            }
            else
            {
                errors.Add($"{raw}: {string.Join(" ", valid.Errors)}");
            }
        }
        names = [.. names.Distinct()];
        if (names.Count == 0)
        {
            errors.Add("Select at least one name to take down");
        }
        if (names.Count > BulkTakedownRequest.MaxNames)
        {
            errors.Add($"At most {BulkTakedownRequest.MaxNames:N0} names go in one bulk takedown; {names.Count:N0} were selected");
        }
        if (errors.Count > 0)
        {
            return new BulkTakedownResult.Invalid(errors);
        }

        var excluded = new List<(string Name, string Why)>();
        var zones = await ZonesOfAsync(names, cancellationToken);
        excluded.AddRange(names.Where(n => !zones.ContainsKey(n)).Select(n => (n, "in no zone the dashboard holds")));
        var done = new List<BulkZoneTakedown>();
        foreach (var group in zones.GroupBy(z => z.Value, z => z.Key))
        {
            if (!actor.CanZone(group.Key))
            {
                // A zone-limited API key: the names of other zones are left out like any other name that cannot go.
                excluded.AddRange(group.Select(n => (n, $"in {group.Key}, a zone this key may not change")));
                continue;
            }
            var (zoneDone, zoneExcluded) = await TakeDownInZoneAsync(actor, group.Key, [.. group], request, cancellationToken);
            excluded.AddRange(zoneExcluded);
            if (zoneDone is not null)
            {
                done.Add(zoneDone);
            }
        }
        return new BulkTakedownResult.Done(done, excluded);
    }

    private async Task<(BulkZoneTakedown? Done, List<(string Name, string Why)> Excluded)> TakeDownInZoneAsync(
        Actor actor, string zone, IReadOnlyList<string> names, BulkTakedownRequest request, CancellationToken cancellationToken)
    {
        if (!actor.CanZone(zone))
        {
            return (null, [.. names.Select(n => (n, $"in {zone}, outside the zones {actor.UserName} is limited to"))]);
        }
        var excluded = names.Where(n => n == zone).Select(n => (n, "the zone's apex; a takedown never removes a zone")).ToList();
        names = [.. names.Where(n => n != zone)];
        long serial;
        ZoneCommit commit;
        List<(long Id, string Name)> taken;
        IReadOnlyList<RRsetKey> removed;
        await using (var write = await writes.BeginAsync(zone, cancellationToken))
        {
            if (await TierRefusalAsync(write, zone, cancellationToken) is { } refusal)
            {
                excluded.AddRange(names.Select(n => (n, refusal)));
                return (null, excluded);
            }
            if (await write.LockAsync(ZoneLock.Soa, names, cancellationToken) is not { Soa: { } soa } locked || NextSerial(soa) is not { } next)
            {
                excluded.AddRange(names.Select(n => (n, $"{zone} has no valid SOA record")));
                return (null, excluded);
            }
            serial = next;
            var rowsByName = locked.Rows.GroupBy(r => r.Name).ToDictionary(g => g.Key, g => g.ToList());
            excluded.AddRange(names.Where(n => !rowsByName.ContainsKey(n)).Select(n => (n, "no records (already taken down, or never there)")));
            var going = names.Where(rowsByName.ContainsKey).ToList();
            if (going.Count == 0)
            {
                return (null, excluded);
            }
            var ids = await NextIdsAsync(write, going.Count, cancellationToken);
            taken = [.. ids.Zip(going)];
            var holdUntil = time.GetUtcNow() + options.Value.Takedowns.HoldFor(request.Reason);
            var urls = request.EvidenceUrls.Select(u => u.Trim()).Where(u => u.Length > 0).ToArray();
            var rowIds = going.SelectMany(n => rowsByName[n]).Select(r => r.Id).ToArray();

            var takedowns = new NpgsqlBatchCommand($"""
                INSERT INTO {Takedowns} (id, zone, name, reason, evidence_urls, note, report_reference, actor_id, actor_name,
                    created_at, hold_until, status, removed_rows, change_id)
                OVERRIDING SYSTEM VALUE
                SELECT u.id, @zone, u.name, @reason, @urls, @note, @report, @actor_id, @actor_name, now(), @hold_until, 'Active', r.rows, @change_id
                FROM unnest(@ids, @names) AS u(id, name)
                JOIN (SELECT name, jsonb_agg(to_jsonb(records) ORDER BY id) AS rows FROM records WHERE id = ANY(@row_ids) GROUP BY name) r ON r.name = u.name
                """);
            takedowns.Parameters.Add(new NpgsqlParameter<string>("zone", zone));
            takedowns.Parameters.Add(new NpgsqlParameter<string>("reason", request.Reason.ToString()));
            takedowns.Parameters.Add(new NpgsqlParameter<string[]>("urls", urls));
            takedowns.Parameters.Add(new NpgsqlParameter<string>("note", request.Note.Trim()));
            takedowns.Parameters.Add(new NpgsqlParameter("report", NpgsqlDbType.Text) { Value = Clean(request.ReportReference) ?? (object)DBNull.Value });
            takedowns.Parameters.Add(new NpgsqlParameter("actor_id", NpgsqlDbType.Text) { Value = AuditLog.ActorIdOf(actor) ?? (object)DBNull.Value });
            takedowns.Parameters.Add(new NpgsqlParameter<string>("actor_name", actor.UserName));
            takedowns.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("hold_until", holdUntil));
            takedowns.Parameters.Add(new NpgsqlParameter<long[]>("ids", ids));
            takedowns.Parameters.Add(new NpgsqlParameter<string[]>("names", [.. going]));
            takedowns.Parameters.Add(new NpgsqlParameter<long[]>("row_ids", rowIds));
            takedowns.Parameters.Add(new NpgsqlParameter<Guid>("change_id", write.ChangeId));
            write.Add(takedowns);
            var holds = new NpgsqlBatchCommand("""
                INSERT INTO public.name_holds (name, zone, takedown_id, reason, placed_by, expires_at)
                SELECT u.name, @zone, u.id, @reason, @actor_name, @hold_until FROM unnest(@ids, @names) AS u(id, name)
                """);
            holds.Parameters.Add(new NpgsqlParameter<string>("zone", zone));
            holds.Parameters.Add(new NpgsqlParameter<string>("reason", Words(request.Reason)));
            holds.Parameters.Add(new NpgsqlParameter<string>("actor_name", actor.UserName));
            holds.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("hold_until", holdUntil));
            holds.Parameters.Add(new NpgsqlParameter<long[]>("ids", ids));
            holds.Parameters.Add(new NpgsqlParameter<string[]>("names", [.. going]));
            write.Add(holds);
            var delete = new NpgsqlBatchCommand("DELETE FROM records WHERE id = ANY(@row_ids)");
            delete.Parameters.Add(new NpgsqlParameter<long[]>("row_ids", rowIds));
            write.Add(delete);
            write.SetSoa(soa, (SoaFields.TryParse(soa.Content)! with { Serial = serial }).Format(), soa.Ttl);
            var held = $"{Words(request.Reason)}; held until {holdUntil.UtcDateTime:yyyy-MM-dd HH:mm} UTC; evidence: {string.Join(" ", urls)}";
            // One entry per name; with more than one, under one takedown.bulk entry for the zone (as an import's changes are).
            write.Audit(
                [.. taken.Select(t => audit.Create(actor, AuditActions.TakedownCreate, zone, t.Name, null,
                    string.Join("\n", rowsByName[t.Name].Select(r => $"{r.Type} {Zones.ChangeSet.Describe(r.Content, r.Ttl, r.Disabled)}")),
                    $"takedown #{t.Id}: {held}", Clean(request.ReportReference)))],
                taken.Count > 1 ? audit.Create(actor, AuditActions.TakedownBulk, zone, zone, null, null, $"{taken.Count} names taken down: {held}", Clean(request.ReportReference)) : null);
            commit = await write.CommitAsync(going, cancellationToken);
            removed = [.. going.SelectMany(n => rowsByName[n]).Select(r => r.Key).OfType<RRsetKey>().Distinct()];
        }
        var target = new PropagationTarget(zone, serial, removed, commit.NamesToFlush, ChangeId: commit.ChangeId);
        return (new BulkZoneTakedown(zone, serial, taken, await tracker.StartCommittedAsync(target, cancellationToken)), excluded);
    }

    /// <summary>Restores an active takedown (an appeal granted): its rows come back exactly as they were and its hold is lifted.</summary>
    public async Task<TakedownResult> RestoreAsync(Actor actor, long takedownId, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.Demand(Permission.Takedown);
        reason = AuditLog.NormalizeReason(reason) ?? "";
        if (reason.Length == 0)
        {
            return new TakedownResult.Invalid(["Say why the takedown is restored (the appeal, the ticket); it is kept in the audit."]);
        }
        if (reason.Length > AuditLog.MaxReasonLength)
        {
            return new TakedownResult.Invalid([$"The reason is {reason.Length:N0} characters long; at most {AuditLog.MaxReasonLength:N0} are kept."]);
        }
        var found = await ReadAsync(takedownId, cancellationToken);
        if (found is null)
        {
            return new TakedownResult.Invalid([$"There is no takedown #{takedownId}"]);
        }
        var (zone, name, status) = found.Value;
        actor.DemandZone(zone);
        if (status != TakedownStatus.Active)
        {
            return new TakedownResult.Invalid([$"Takedown #{takedownId} is {status.ToString().ToLowerInvariant()}; only an active takedown can be restored"]);
        }

        long serial;
        ZoneCommit commit;
        IReadOnlyList<RRsetKey> restored;
        await using (var write = await writes.BeginAsync(zone, cancellationToken))
        {
            if (await write.LockAsync(ZoneLock.Soa, [name], cancellationToken) is not { Soa: { } soa })
            {
                return new TakedownResult.Invalid([$"{zone} no longer exists or has no SOA; its takedowns cannot be restored"]);
            }
            // Locked, and still active (a second restore, or the expiry, may have ended it meanwhile).
            await using (var check = new NpgsqlCommand($"SELECT status FROM {Takedowns} WHERE id = @id FOR UPDATE", write.Connection, write.Transaction))
            {
                check.Parameters.Add(new NpgsqlParameter<long>("id", takedownId));
                await using var reader = await check.ExecuteReaderAsync(cancellationToken);
                if (!await reader.ReadAsync(cancellationToken) || reader.GetString(0) != nameof(TakedownStatus.Active))
                {
                    return new TakedownResult.Invalid([$"Takedown #{takedownId} was ended meanwhile; reload it"]);
                }
            }
            if (NextSerial(soa) is not { } next)
            {
                return new TakedownResult.Invalid([$"{zone} SOA: its content '{soa.Content}' is not valid, so its serial cannot be bumped"]);
            }
            serial = next;
            // Lift the hold first (the trigger would refuse the rows), then the rows exactly as they were, ids included.
            var lift = new NpgsqlBatchCommand("DELETE FROM public.name_holds WHERE name = @name AND takedown_id = @id");
            lift.Parameters.Add(new NpgsqlParameter<string>("name", name));
            lift.Parameters.Add(new NpgsqlParameter<long>("id", takedownId));
            write.Add(lift);
            var rows = new NpgsqlBatchCommand($"""
                INSERT INTO records SELECT * FROM jsonb_populate_recordset(NULL::records, (SELECT removed_rows FROM {Takedowns} WHERE id = @id))
                """);
            rows.Parameters.Add(new NpgsqlParameter<long>("id", takedownId));
            write.Add(rows);
            var end = new NpgsqlBatchCommand($"""
                UPDATE {Takedowns} SET status = 'Restored', ended_at = now(), ended_by = @actor, end_reason = @reason, end_change_id = @change
                WHERE id = @id
                """);
            end.Parameters.Add(new NpgsqlParameter<long>("id", takedownId));
            end.Parameters.Add(new NpgsqlParameter<string>("actor", actor.UserName));
            end.Parameters.Add(new NpgsqlParameter<string>("reason", reason));
            end.Parameters.Add(new NpgsqlParameter<Guid>("change", write.ChangeId));
            write.Add(end);
            write.SetSoa(soa, (SoaFields.TryParse(soa.Content)! with { Serial = serial }).Format(), soa.Ttl);
            var snapshot = await RemovedRowsAsync(write, takedownId, cancellationToken);
            write.Audit([audit.Create(actor, AuditActions.TakedownRestore, zone, name, null, null,
                $"takedown #{takedownId} restored; hold lifted; records back:\n" + string.Join("\n", snapshot.Select(r => $"{r.Type} {Zones.ChangeSet.Describe(r.Content, r.Ttl, r.Disabled)}")),
                reason)]);
            commit = await write.CommitAsync([name], cancellationToken);
            restored = [.. snapshot.Select(r => r.Key).OfType<RRsetKey>().Distinct()];
        }

        var target = new PropagationTarget(zone, serial, restored, commit.NamesToFlush, ChangeId: commit.ChangeId);
        return new TakedownResult.Done(takedownId, zone, name, serial, await tracker.StartCommittedAsync(target, cancellationToken));
    }

    /// <summary>The name's errors (normalized into <paramref name="name"/>), then <see cref="ValidateEvidence"/>'s.</summary>
    internal static List<string> Validate(TakedownRequest request, out string name)
    {
        var valid = DnsName.Validate(request.Name ?? "", DnsNameKind.Owner);
        name = valid.Value ?? "";
        List<string> errors = valid.IsValid ? [] : [.. valid.Errors];
        errors.AddRange(ValidateEvidence(request.Reason, request.EvidenceUrls, request.Note, request.ReportReference));
        return errors;
    }

    /// <summary>What every takedown needs, one name or many: a reason, evidence URLs, a note, and at most so long a report reference.</summary>
    internal static List<string> ValidateEvidence(TakedownReason reason, IReadOnlyList<string>? evidenceUrls, string? note, string? reportReference)
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(reason))
        {
            errors.Add("Choose a reason: phishing, malware, spam, illegal content or other");
        }
        var urls = (evidenceUrls ?? []).Select(u => (u ?? "").Trim()).Where(u => u.Length > 0).ToList();
        if (urls.Count == 0)
        {
            errors.Add("Give at least one evidence URL (the page, the report)");
        }
        if (urls.Count > TakedownRow.MaxUrls)
        {
            errors.Add($"At most {TakedownRow.MaxUrls} evidence URLs are kept; {urls.Count} were given");
        }
        errors.AddRange(urls.Where(u => u.Length > TakedownRow.MaxUrlLength).Select(u => $"An evidence URL is {u.Length:N0} characters long; at most {TakedownRow.MaxUrlLength:N0} are kept"));
        var text = (note ?? "").Trim();
        if (text.Length == 0)
        {
            errors.Add("Write a note: what the evidence shows");
        }
        if (text.Length > TakedownRow.MaxNoteLength)
        {
            errors.Add($"The note is {text.Length:N0} characters long; at most {TakedownRow.MaxNoteLength:N0} are kept");
        }
        if (Clean(reportReference) is { Length: > TakedownRow.MaxReportReferenceLength } report)
        {
            errors.Add($"The report reference is {report.Length:N0} characters long; at most {TakedownRow.MaxReportReferenceLength} are kept");
        }
        return errors;
    }

    /// <summary>The reason in words, as holds and the audit name it.</summary>
    public static string Words(TakedownReason reason) => reason switch
    {
        TakedownReason.IllegalContent => "illegal content",
        _ => reason.ToString().ToLowerInvariant(),
    };

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The zone holding <paramref name="name"/>: the longest zone name it ends with.</summary>
    private async Task<string?> ZoneOfAsync(string name, CancellationToken cancellationToken)
    {
        await using var command = sources.Primary.CreateCommand(
            "SELECT name FROM domains WHERE @name = name OR @name LIKE '%.' || name ORDER BY length(name) DESC LIMIT 1");
        command.Parameters.Add(new NpgsqlParameter<string>("name", name));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Each name's zone (the longest zone name it ends with); names in no zone are left out.</summary>
    private async Task<Dictionary<string, string>> ZonesOfAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        await using var command = sources.Primary.CreateCommand("""
            SELECT n.name, z.name FROM unnest(@names) AS n(name)
            CROSS JOIN LATERAL (SELECT d.name FROM domains d WHERE n.name = d.name OR n.name LIKE '%.' || d.name ORDER BY length(d.name) DESC LIMIT 1) z
            """);
        command.Parameters.Add(new NpgsqlParameter<string[]>("names", [.. names]));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var zones = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            zones[reader.GetString(0)] = reader.GetString(1);
        }
        return zones;
    }

    private static async Task<long[]> NextIdsAsync(ZoneWrite write, int count, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT nextval(pg_get_serial_sequence('{Takedowns}', 'id')) FROM generate_series(1, @n)", write.Connection, write.Transaction);
        command.Parameters.Add(new NpgsqlParameter<int>("n", count));
        var ids = new List<long>(count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }
        return [.. ids];
    }

    /// <summary>Why the zone's tier refuses takedowns (pro, or no tier), or null when they apply.</summary>
    private static async Task<string?> TierRefusalAsync(ZoneWrite write, string zone, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT t.tier, p.takedowns_apply FROM {DashboardDbContext.Schema}.zone_tiers t
            JOIN {DashboardDbContext.Schema}.tier_policies p ON p.tier = t.tier WHERE t.zone_name = @zone
            """, write.Connection, write.Transaction);
        command.Parameters.Add(new NpgsqlParameter<string>("zone", zone));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return $"{zone} has no tier; takedowns apply to free-tier zones only";
        }
        return reader.GetBoolean(1) ? null : $"{zone} is a {reader.GetString(0).ToLowerInvariant()}-tier zone; takedowns apply to free-tier zones only";
    }

    /// <summary>The zone's next serial, or null when its SOA cannot be read.</summary>
    private long? NextSerial(StoredRecord soa) =>
        SoaFields.TryParse(soa.Content) is { } fields
        && SoaSerial.TryNext(fields.Serial, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), null, out var serial, out _)
            ? serial
            : null;

    private async Task<(string Zone, string Name, TakedownStatus Status)?> ReadAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = sources.Primary.CreateCommand($"SELECT zone, name, status FROM {Takedowns} WHERE id = @id");
        command.Parameters.Add(new NpgsqlParameter<long>("id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetString(0), reader.GetString(1), Enum.Parse<TakedownStatus>(reader.GetString(2)))
            : null;
    }

    /// <summary>The takedown's removed rows, as the records they were.</summary>
    private static async Task<List<StoredRecord>> RemovedRowsAsync(ZoneWrite write, long id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT {StoredRecord.Columns} FROM jsonb_populate_recordset(NULL::records, (SELECT removed_rows FROM {Takedowns} WHERE id = @id)) ORDER BY id
            """, write.Connection, write.Transaction);
        command.Parameters.Add(new NpgsqlParameter<long>("id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await StoredRecord.ReadAllAsync(reader, cancellationToken);
    }
}
