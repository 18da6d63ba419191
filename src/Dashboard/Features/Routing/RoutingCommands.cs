using Dashboard.Data;
using Dashboard.Features.Audit;
using Dashboard.Features.Auth;
using Dashboard.Route53;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Dashboard.Features.Routing;

/// <summary>What became of a routing change: sent (PENDING, or already INSYNC), refused before sending, refused by Route 53, or unknown.</summary>
public abstract record RoutingResult
{
    private RoutingResult()
    {
    }

    /// <summary>Nothing was sent: the errors say why.</summary>
    public sealed record Invalid(IReadOnlyList<string> Errors) : RoutingResult;

    /// <summary>Route 53 accepted the batch; <see cref="RoutingChangeRow.ChangeId"/> is followed until INSYNC.</summary>
    public sealed record Sent(RoutingChangeRow Change) : RoutingResult;

    /// <summary>Route 53 answered an error; nothing changed there.</summary>
    public sealed record Refused(RoutingChangeRow Change, string Message) : RoutingResult;

    /// <summary>No answer came: the batch may or may not have been applied.</summary>
    public sealed record Unknown(RoutingChangeRow Change, string Message) : RoutingResult;
}

/// <summary>
/// Changes to the entry names' latency routing, for <see cref="Permission.EditRouting"/> (Operator, Admin): the page's
/// staged changes as one ChangeResourceRecordSets batch, and taking a region out of rotation or putting it back (one
/// batch each). Every batch is checked first (<see cref="RoutingRules"/>, <see cref="ChangeBatchLimits"/>), written
/// down before it is sent (so a record taken out is never only in memory), and its outcome audited with Route 53's
/// change id: <c>routing.change</c> when accepted, <c>routing.refused</c>, or <c>routing.unknown</c> when no answer came.
/// <see cref="RoutingChangeWatcher"/> then follows it to INSYNC. Singleton.
/// </summary>
public sealed class RoutingCommands(
    RoutingZone zone,
    IRoute53Client client,
    RegionDataSources sources,
    IDbContextFactory<DashboardDbContext> contexts,
    AuditLog audit,
    TimeProvider time,
    ILogger<RoutingCommands> logger)
{
    /// <summary>Sends the staged changes as one batch.</summary>
    public Task<RoutingResult> SendAsync(Actor actor, IReadOnlyList<StagedRoutingChange> staged, string? comment, CancellationToken cancellationToken) =>
        ExclusiveAsync(actor, () => SendCoreAsync(actor, staged, comment, cancellationToken), cancellationToken);

    private async Task<RoutingResult> SendCoreAsync(Actor actor, IReadOnlyList<StagedRoutingChange> staged, string? comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(staged);
        actor.Demand(Permission.EditRouting);
        comment = AuditLog.NormalizeReason(comment);
        if (comment?.Length > 256)
        {
            return new RoutingResult.Invalid([$"The comment is {comment.Length} characters long; Route 53 keeps at most 256."]);
        }
        var changes = staged.Select(s => new Change(s.Action, Normalized(s.Set))).ToList();
        var current = await CurrentLatencyAsync(cancellationToken);
        var errors = RoutingRules.CheckBatch(changes, current);
        if (errors.Count > 0)
        {
            return new RoutingResult.Invalid(errors);
        }
        var summary = string.Join("\n", changes.Select(RoutingWords.Describe));
        return await SubmitAsync(actor, RoutingChangeKind.Batch, new ChangeBatch(changes, comment), summary, comment, null, cancellationToken);
    }

    /// <summary>Deletes one region's latency record from Route 53 and keeps it to put back; refused for the last region in rotation.</summary>
    public Task<RoutingResult> TakeOutAsync(Actor actor, string entryName, string setIdentifier, string reason, CancellationToken cancellationToken) =>
        ExclusiveAsync(actor, () => TakeOutCoreAsync(actor, entryName, setIdentifier, reason, cancellationToken), cancellationToken);

    private async Task<RoutingResult> TakeOutCoreAsync(Actor actor, string entryName, string setIdentifier, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.Demand(Permission.EditRouting);
        if (ReasonErrors(reason) is { } invalid)
        {
            return invalid;
        }
        var entry = RoutingWords.Absolute(entryName ?? "");
        var current = await CurrentLatencyAsync(cancellationToken);
        if (!current.TryGetValue(entry, out var sets))
        {
            return new RoutingResult.Invalid([$"{entryName} is not an entry name this dashboard routes"]);
        }
        if (sets.FirstOrDefault(s => s.SetIdentifier == setIdentifier) is not { } set)
        {
            return new RoutingResult.Invalid([$"{entry} has no latency record [{setIdentifier}] in rotation now; reload the page"]);
        }
        var change = new Change(ChangeAction.Delete, set);
        if (RoutingRules.CheckBatch([change], current) is { Count: > 0 } errors)
        {
            return new RoutingResult.Invalid(errors);
        }
        var summary = $"take [{setIdentifier}] out of rotation: {RoutingWords.Describe(change)}";
        return await SubmitAsync(actor, RoutingChangeKind.TakeOut, new ChangeBatch([change], Comment($"take {setIdentifier} out of rotation", reason)), summary, reason, async (db, row) =>
        {
            db.RoutingParked.Add(new RoutingParkedRow
            {
                HostedZoneId = row.HostedZoneId,
                Name = entry,
                SetIdentifier = setIdentifier,
                Record = RoutingWords.ToJson(set),
                ParkedAt = time.GetUtcNow(),
                ParkedBy = actor.UserName,
                Reason = AuditLog.NormalizeReason(reason),
                ChangeRowId = row.Id,
            });
            await Task.CompletedTask;
        }, cancellationToken);
    }

    /// <summary>Puts back the record of <paramref name="entryName"/> [<paramref name="setIdentifier"/>] taken out earlier, found by name in the dashboard's database (no Route 53 read).</summary>
    public async Task<RoutingResult> PutBackAsync(Actor actor, string entryName, string setIdentifier, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.Demand(Permission.EditRouting);
        var zoneId = await zone.IdAsync(cancellationToken);
        var name = RoutingWords.Absolute(entryName);
        long? parkedId;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            parkedId = await db.RoutingParked.AsNoTracking()
                .Where(p => p.HostedZoneId == zoneId && p.Name == name && p.SetIdentifier == setIdentifier)
                .Select(p => (long?)p.Id).FirstOrDefaultAsync(cancellationToken);
        }
        return parkedId is { } id
            ? await PutBackAsync(actor, id, reason, cancellationToken)
            : new RoutingResult.Invalid([$"{name} [{setIdentifier}] is not out of rotation."]);
    }

    /// <summary>Creates a record taken out earlier again, exactly as it was kept.</summary>
    public Task<RoutingResult> PutBackAsync(Actor actor, long parkedId, string reason, CancellationToken cancellationToken) =>
        ExclusiveAsync(actor, () => PutBackCoreAsync(actor, parkedId, reason, cancellationToken), cancellationToken);

    private async Task<RoutingResult> PutBackCoreAsync(Actor actor, long parkedId, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.Demand(Permission.EditRouting);
        if (ReasonErrors(reason) is { } invalid)
        {
            return invalid;
        }
        RoutingParkedRow? parked;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            parked = await db.RoutingParked.AsNoTracking().SingleOrDefaultAsync(p => p.Id == parkedId, cancellationToken);
        }
        if (parked is null)
        {
            return new RoutingResult.Invalid(["That region is not out of rotation any more (put back meanwhile?); reload the page"]);
        }
        var set = RoutingWords.FromJson<ResourceRecordSet>(parked.Record);
        var change = new Change(ChangeAction.Create, set);
        var current = await CurrentLatencyAsync(cancellationToken);
        if (RoutingRules.CheckBatch([change], current) is { Count: > 0 } errors)
        {
            return new RoutingResult.Invalid(errors);
        }
        var summary = $"put [{parked.SetIdentifier}] back in rotation: {RoutingWords.Describe(change)}";
        return await SubmitAsync(actor, RoutingChangeKind.PutBack, new ChangeBatch([change], Comment($"put {parked.SetIdentifier} back in rotation", reason)), summary, reason, async (db, _) =>
        {
            await db.RoutingParked.Where(p => p.Id == parkedId).ExecuteDeleteAsync(CancellationToken.None);
        }, cancellationToken);
    }

    /// <summary>pg_advisory_lock key: "route53" in ASCII. No other feature takes this key.</summary>
    public const long LockKey = 0x726F7574653533;

    /// <summary>
    /// One routing change at a time, across every dashboard instance (a session advisory lock on the primary), from
    /// reading the records to Route 53's answer: two operators each taking out one of the last two regions would
    /// otherwise each see one left, and leave none.
    /// </summary>
    private async Task<RoutingResult> ExclusiveAsync(Actor actor, Func<Task<RoutingResult>> work, CancellationToken cancellationToken)
    {
        // Refused before waiting for anyone: a role that may not change routing never holds the lock.
        ArgumentNullException.ThrowIfNull(actor);
        actor.Demand(Permission.EditRouting);
        return await AdvisoryLock.RunExclusiveAsync(sources.Primary, LockKey, work, cancellationToken);
    }

    /// <summary>The latency records in rotation at each entry name, now.</summary>
    private async Task<IReadOnlyDictionary<string, IReadOnlyList<ResourceRecordSet>>> CurrentLatencyAsync(CancellationToken cancellationToken) =>
        (await zone.ReadEntriesAsync(cancellationToken)).ToDictionary(e => e.Key, e => RoutingZone.Latency(e.Value), StringComparer.Ordinal);

    private async Task<RoutingResult> SubmitAsync(
        Actor actor, RoutingChangeKind kind, ChangeBatch batch, string summary, string? reason,
        Func<DashboardDbContext, RoutingChangeRow, Task>? accepted, CancellationToken cancellationToken)
    {
        if (ChangeBatchLimits.Validate(batch) is { Count: > 0 } limits)
        {
            return new RoutingResult.Invalid(limits);
        }
        var zoneId = await zone.IdAsync(cancellationToken);
        var row = new RoutingChangeRow
        {
            HostedZoneId = zoneId,
            Kind = kind,
            Status = RoutingChangeStatus.Sending,
            ActorId = AuditLog.ActorIdOf(actor),
            ActorName = actor.UserName,
            Reason = AuditLog.NormalizeReason(reason),
            Summary = Cut(summary, RoutingChangeRow.MaxSummaryLength),
            Batch = RoutingWords.ToJson(batch),
            CreatedAt = time.GetUtcNow(),
        };
        // Written before sending: from here the batch (and a record taken out) is on disk whatever happens next.
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            db.RoutingChanges.Add(row);
            await db.SaveChangesAsync(cancellationToken);
        }

        ChangeInfo info;
        try
        {
            info = await client.ChangeResourceRecordSetsAsync(zoneId, batch, CancellationToken.None);
        }
        catch (Route53Exception ex)
        {
            var words = $"Route 53 refused the change ({ex.Code}): {string.Join(" ", ex.Messages)}";
            await EndAsync(actor, row, RoutingChangeStatus.Refused, words, AuditActions.RoutingRefused);
            return new RoutingResult.Refused(row, words);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or TaskCanceledException or IOException)
        {
            logger.LogError(ex, "No answer from Route 53 for routing change {Id}", row.Id);
            var words = $"No answer came from Route 53 ({ex.Message}): the change may or may not have been applied. Reload the page to see the records as they are.";
            await EndAsync(actor, row, RoutingChangeStatus.Unknown, words, AuditActions.RoutingUnknown);
            return new RoutingResult.Unknown(row, words);
        }

        // Accepted: from here nothing is cancelled, so the trail is not lost with the page that asked.
        await using (var db = await contexts.CreateDbContextAsync(CancellationToken.None))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            db.RoutingChanges.Attach(row);
            row.ChangeId = info.Id;
            row.SubmittedAt = info.SubmittedAt;
            row.Status = info.Status == ChangeStatus.Insync ? RoutingChangeStatus.Insync : RoutingChangeStatus.Pending;
            row.InsyncAt = info.Status == ChangeStatus.Insync ? time.GetUtcNow() : null;
            if (accepted is not null)
            {
                await accepted(db, row);
            }
            await db.SaveChangesAsync(CancellationToken.None);
            await audit.WriteAsync(db, actor, AuditActions.RoutingChange, zone.Name, RoutingWords.EntryNames(batch), null, null,
                $"Route 53 change {info.Id} {info.Status.ToString().ToUpperInvariant()}: {summary}", reason, CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }
        return new RoutingResult.Sent(row);
    }

    /// <summary>Ends a change that Route 53 did not accept, with its audit entry.</summary>
    private async Task EndAsync(Actor actor, RoutingChangeRow row, RoutingChangeStatus status, string words, string action)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        db.RoutingChanges.Attach(row);
        row.Status = status;
        row.Error = Cut(words, RoutingChangeRow.MaxErrorLength);
        await db.SaveChangesAsync(CancellationToken.None);
        await audit.WriteAsync(db, actor, action, zone.Name, RoutingWords.EntryNames(RoutingWords.FromJson<ChangeBatch>(row.Batch)), null, null, $"{words}\n{row.Summary}", row.Reason, CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
    }

    private static RoutingResult.Invalid? ReasonErrors(string? reason)
    {
        var normalized = AuditLog.NormalizeReason(reason);
        return normalized is null ? new RoutingResult.Invalid(["Say why (the incident, the ticket); it is kept in the audit."])
            : normalized.Length > AuditLog.MaxReasonLength ? new RoutingResult.Invalid([$"The reason is {normalized.Length:N0} characters long; at most {AuditLog.MaxReasonLength:N0} are kept."])
            : null;
    }

    /// <summary>Route 53 keeps a comment of at most 256 characters.</summary>
    private static string Comment(string what, string reason) => Cut($"{what}: {reason.Trim()}", 256);

    private static ResourceRecordSet Normalized(ResourceRecordSet set) => set with
    {
        Name = RoutingWords.Absolute(set.Name),
        SetIdentifier = set.SetIdentifier?.Trim(),
        Region = set.Region?.Trim().ToLowerInvariant(),
        HealthCheckId = string.IsNullOrWhiteSpace(set.HealthCheckId) ? null : set.HealthCheckId.Trim(),
        Values = [.. set.Values.Select(v => v.Trim()).Where(v => v.Length > 0)],
    };

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
