using System.Text.Json;
using Dashboard.Data;
using Dashboard.Dns;
using Dashboard.Features.Auth;
using Dashboard.Features.Propagation;
using Dashboard.Features.Zones;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Dashboard.Features.Api;

/// <summary>
/// Change sets over the API, applied by <see cref="ChangeSetCommands"/> like the zone page's Apply (same locks, rules,
/// single serial bump, audit entries and propagation proof), and each change's propagation read back by its id.
/// </summary>
public static class ChangeSetApi
{
    /// <summary>The most RRsets one change set may replace.</summary>
    public const int MaxRRsets = 1_000;

    /// <summary>How long a request may wait for every region to settle before it is answered (<c>wait</c>, seconds).</summary>
    public const int MaxWaitSeconds = 30;

    public const int DefaultWaitSeconds = 5;

    public static RouteGroupBuilder MapChangeSetApi(this RouteGroupBuilder api)
    {
        api.MapPost("/zones/{zone}/changesets", ApplyAsync).WithName("ApplyChangeSet").WithTags("Changes")
            .WithSummary("Applies a change set to one zone: every RRset as given, in one transaction, or nothing.")
            .WithDescription(
                "Each entry replaces one RRset with the records given (none deletes it) and names the version it was read at; "
                + "if any RRset is not as read, nothing is written and 409 names each one. Rule violations answer 400 or 422 with one entry per field. "
                + "Send an Idempotency-Key header to retry safely: a retry of an applied request is answered with the same change (header Idempotent-Replayed: true). "
                + "The answer waits up to `wait` seconds (default 5, 0 to 30) for every region's DNS to serve the change; `follow` gives the rest.")
            .Accepts<ChangeSetRequestDto>("application/json")
            // The handler returns IResult (an applied change, a replay or a refusal), so the success is declared here:
            // without it the document had no 200 and generated clients returned a bare stream.
            .Produces<ChangeSetAppliedDto>()
            .AddOpenApiOperationTransformer(ApiIdempotency.DescribeAsync)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/changes/{id:guid}", GetChangeAsync).WithName("GetChange").WithTags("Changes")
            .WithSummary("One change's propagation, region by region, as the dashboard proved it.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> ApplyAsync(
        string zone, [FromBody] ChangeSetRequestDto request, int? wait, HttpContext http,
        ICurrentActor current, ZoneQueries zones, ZoneEditingReads reads, ChangeSetCommands commands, ApiIdempotency idempotency,
        PropagationLog log, CancellationToken ct)
    {
        var (key, keyError) = ApiIdempotency.Read(http.Request);
        if (keyError is not null)
        {
            return ApiProblems.Invalid(ApiIdempotency.Header, keyError);
        }
        if (wait is < 0 or > MaxWaitSeconds)
        {
            return ApiProblems.Invalid(nameof(wait), $"wait is from 0 to {MaxWaitSeconds} seconds.");
        }
        var actor = await current.GetAsync(ct);
        actor.Demand(Permission.EditDns);
        var apiKeyId = actor.Key?.KeyId ?? throw new InvalidOperationException("An API request without its key.");
        var fingerprint = ApiIdempotency.Fingerprint(zone, request);

        // An earlier request with the key, the zone, its tier and the RRsets the set names: four reads on four connections
        // at once, not one after another (a replay ignores the other three).
        var earlierRead = key is null ? Task.FromResult<ApiIdempotencyRow?>(null) : idempotency.FindAsync(apiKeyId, key, ct);
        var name = DnsName.Normalize(zone);
        var detailRead = zones.GetAsync(actor, name, ct);
        var policyRead = reads.PolicyAsync(actor, name, ct);
        var storedRead = reads.RRsetsAsync(actor, name, ApiChangeSetBuilder.NamesOf(name, request), ct);
        await Task.WhenAll(earlierRead, detailRead, policyRead, storedRead);
        if (await earlierRead is { } earlier)
        {
            return await ReplayAsync(earlier, fingerprint, http, log, ct);
        }
        if (await detailRead is not { } detail)
        {
            return ApiProblems.NotFound($"There is no zone {zone}.");
        }
        if (await policyRead is not { } policy)
        {
            return ApiProblems.Unprocessable($"{detail.Name} has no tier (free or pro), so its TTL bounds are unknown; assign it a tier before editing its records.");
        }
        var stored = await storedRead;
        var built = ApiChangeSetBuilder.Build(detail.Name, policy, request, stored, MaxRRsets);
        if (built.Errors.Count > 0)
        {
            return ApiProblems.Invalid(new Dictionary<string, string[]>(built.Errors));
        }
        if (built.Set is not { } set)
        {
            return await RefusedAsync(Conflict(built.Conflicts), key, apiKeyId, fingerprint, http, idempotency, log, ct);
        }
        if (set.IsEmpty)
        {
            return ApiProblems.Unprocessable("Nothing to change: every RRset is already as given.");
        }

        ApplyResult result;
        try
        {
            result = await commands.ApplyAsync(actor, detail.Name, set, request.Reason, ct,
                alsoWrite: key is null ? null : applying => idempotency.Record(applying, apiKeyId, key, fingerprint));
        }
        catch (Exception ex) when (ApiIdempotency.IsDuplicate(ex))
        {
            // The same key applied meanwhile (a retry sent while the first was in flight): this one rolled back.
            return await ReplayOrAsync(ApiProblems.Conflict("A request with this Idempotency-Key was being applied at the same time."), key!, apiKeyId, fingerprint, http, idempotency, log, ct);
        }
        catch (CommitInDoubtException inDoubt)
        {
            return ApiProblems.InDoubt(inDoubt.Reason, key is not null);
        }

        switch (result)
        {
            case ApplyResult.Applied applied:
                var snapshot = await WaitAsync(applied.Propagation, wait ?? DefaultWaitSeconds, ct);
                return TypedResults.Ok(new ChangeSetAppliedDto(detail.Name, applied.Serial, applied.ChangeId, applied.RecordChanges, false,
                    FollowOf(applied.ChangeId), Propagation(snapshot.Regions)));
            case ApplyResult.Conflict conflict:
                return await RefusedAsync(Conflict([.. conflict.RRsets.Select(r => new RRsetConflictDto(IndexOf(built, r) ?? -1, r))]), key, apiKeyId, fingerprint, http, idempotency, log, ct);
            case ApplyResult.Invalid invalid:
                return await RefusedAsync(Unprocessable(built, invalid.Errors), key, apiKeyId, fingerprint, http, idempotency, log, ct);
            case ApplyResult.NotFound:
                return ApiProblems.NotFound($"There is no zone {detail.Name} (any more).");
            default:
                throw new InvalidOperationException($"Unexpected apply result {result.GetType().Name}.");
        }
    }

    private static async Task<Results<Ok<ChangeDto>, ProblemHttpResult>> GetChangeAsync(Guid id, ICurrentActor current, PropagationLog log, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        actor.Demand(Permission.ReadZones);
        var found = await log.ForChangesAsync([id], ct);
        // A zone-limited key is told nothing about other zones' changes, not even that they exist.
        if (!found.TryGetValue(id, out var timeline) || !actor.CanZone(timeline.Zone))
        {
            return ApiProblems.NotFound($"There is no change {id}.");
        }
        return TypedResults.Ok(ToDto(timeline));
    }

    internal static ChangeDto ToDto(StoredTimeline t) =>
        new(t.Id, t.Zone, t.Serial, t.CommittedAt, t.EndedAt is not null, t.Abandoned, Propagation(t.Regions));

    internal static PropagationDto Propagation(IReadOnlyList<RegionProgress> regions) => new(
        regions.Count > 0 && regions.All(r => r.State == PropagationState.Visible),
        regions.Count > 0 && regions.All(r => r.Settled),
        [.. regions.Select(r => new RegionPropagationDto(r.Region, ApiWords.Of(r.State), r.Replayed?.TotalMilliseconds, r.Visible?.TotalMilliseconds, r.Detail))]);

    internal static string? FollowOf(Guid? changeId) => changeId is { } id ? $"{DashboardUrls.ApiV1Path}/changes/{id}" : null;

    /// <summary>The run's state once every region settled, or when <paramref name="seconds"/> ran out, whichever is first.</summary>
    internal static async Task<PropagationSnapshot> WaitAsync(PropagationRun run, int seconds, CancellationToken ct)
    {
        if (seconds > 0)
        {
            try
            {
                return await run.Settled.WaitAsync(TimeSpan.FromSeconds(seconds), ct);
            }
            catch (TimeoutException)
            {
            }
        }
        return run.Current;
    }

    /// <summary>A retry of an applied request: the same change, with its propagation as stored now.</summary>
    private static async Task<IResult> ReplayAsync(ApiIdempotencyRow earlier, byte[] fingerprint, HttpContext http, PropagationLog log, CancellationToken ct)
    {
        if (!earlier.RequestHash.AsSpan().SequenceEqual(fingerprint))
        {
            return ApiProblems.Unprocessable(
                $"This {ApiIdempotency.Header} was used at {earlier.CreatedAt:u} for another request (to {earlier.Zone}); use a new key for a new request.");
        }
        var timelines = await log.ForChangesAsync([earlier.ChangeId], ct);
        var propagation = timelines.TryGetValue(earlier.ChangeId, out var timeline) ? Propagation(timeline.Regions) : null;
        http.Response.Headers[ApiIdempotency.ReplayedHeader] = "true";
        return TypedResults.Ok(new ChangeSetAppliedDto(earlier.Zone, earlier.Serial, earlier.ChangeId, earlier.RecordChanges, true, FollowOf(earlier.ChangeId), propagation));
    }

    /// <summary>
    /// A refusal, unless the key was applied by a concurrent request meanwhile (that one moved the versions this one
    /// named, so this one conflicted): then the applied change is the answer, as for any retry.
    /// </summary>
    private static Task<IResult> RefusedAsync(IResult refusal, string? key, Guid apiKeyId, byte[] fingerprint, HttpContext http, ApiIdempotency idempotency, PropagationLog log, CancellationToken ct) =>
        key is null ? Task.FromResult(refusal) : ReplayOrAsync(refusal, key, apiKeyId, fingerprint, http, idempotency, log, ct);

    private static async Task<IResult> ReplayOrAsync(IResult refusal, string key, Guid apiKeyId, byte[] fingerprint, HttpContext http, ApiIdempotency idempotency, PropagationLog log, CancellationToken ct) =>
        await idempotency.FindAsync(apiKeyId, key, ct) is { } applied ? await ReplayAsync(applied, fingerprint, http, log, ct) : refusal;

    private static IResult Conflict(IReadOnlyList<RRsetConflictDto> conflicts) => ApiProblems.Conflict(
        $"Nothing was written: {conflicts.Count} RRset(s) changed since they were read ({string.Join(", ", conflicts.Select(c => c.Rrset))}). Read them again and resubmit.",
        new Dictionary<string, object?> { ["conflicts"] = conflicts });

    /// <summary>Rules broken by the zone as it would be (CNAME beside other data, a held name, …), each keyed by the RRset it names where it names one.</summary>
    private static IResult Unprocessable(ApiChangeSetBuilder.Built built, IReadOnlyList<string> errors)
    {
        var byField = new Dictionary<string, List<string>>();
        foreach (var error in errors)
        {
            var field = IndexOf(built, error.Split(':')[0]) is { } i ? $"rrsets[{i}]" : "rrsets";
            if (!byField.TryGetValue(field, out var list))
            {
                byField[field] = list = [];
            }
            list.Add(error);
        }
        return ApiProblems.Unprocessable($"Nothing was written: {string.Join(" ", errors)}",
            new Dictionary<string, object?> { ["errors"] = byField.ToDictionary(e => e.Key, e => e.Value.ToArray()) });
    }

    /// <summary>
    /// The request entry of an RRset named like <c>www.pro.tunnel.test A</c>. Every entry of a set that reached the
    /// apply became one key, in order (any entry that did not refused the set before), so key n is entry n.
    /// </summary>
    private static int? IndexOf(ApiChangeSetBuilder.Built built, string rrset)
    {
        for (var i = 0; i < built.Keys.Count; i++)
        {
            if (built.Keys[i].ToString() == rrset)
            {
                return i;
            }
        }
        return null;
    }
}
