using System.Globalization;
using Dashboard.Features.Auth;
using Dashboard.Features.Takedowns;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Dashboard.Features.Api;

/// <summary>
/// Abuse takedowns over the API, through <see cref="TakedownCommands"/> like the Takedowns page: free-tier zones only,
/// the records removed and a hold placed in one transaction with the audit entry, proved gone region by region. A
/// retried create never takes a name down twice: the first placed a hold, and the retry is refused naming it.
/// </summary>
public static class TakedownApi
{
    public static RouteGroupBuilder MapTakedownApi(this RouteGroupBuilder api)
    {
        api.MapPost("/takedowns", CreateAsync).WithName("CreateTakedown").WithTags("Takedowns")
            .WithSummary("Takes one name down (its records removed, a hold placed), with the evidence.")
            .Accepts<TakedownRequestDto>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapPost("/takedowns/bulk", BulkAsync).WithName("CreateTakedowns").WithTags("Takedowns")
            .WithSummary("Takes many names down with one reason and evidence: listed by name, or every name pointing at a target.")
            .Accepts<BulkTakedownRequestDto>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/takedowns/{id:long}", GetAsync).WithName("GetTakedown").WithTags("Takedowns")
            .WithSummary("One takedown: who, why, the evidence, the records it removed, and how it ended.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/takedowns/{id:long}/restore", RestoreAsync).WithName("RestoreTakedown").WithTags("Takedowns")
            .WithSummary("Restores an active takedown (an appeal granted): its records come back as they were and its hold is lifted.")
            .Accepts<TakedownRestoreDto>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return api;
    }

    private static async Task<Results<Created<TakedownCreatedDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        [FromBody] TakedownRequestDto request, ICurrentActor current, TakedownCommands commands, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (ReasonOf(request.Reason) is not { } reason)
        {
            return ApiProblems.Invalid("reason", ReasonError(request.Reason));
        }
        var result = await commands.TakeDownAsync(actor,
            new TakedownRequest(request.Name ?? "", reason, request.EvidenceUrls ?? [], request.Note ?? "", request.ReportReference), ct);
        return result switch
        {
            TakedownResult.Done done => TypedResults.Created(PathOf(done.TakedownId), new TakedownCreatedDto(done.TakedownId, done.Zone, done.Name, done.Serial, PathOf(done.TakedownId))),
            TakedownResult.Invalid invalid => ApiProblems.Unprocessable($"Nothing was taken down: {string.Join(" ", invalid.Errors)}",
                new Dictionary<string, object?> { ["errors"] = invalid.Errors }),
            _ => throw new InvalidOperationException($"Unexpected takedown result {result.GetType().Name}."),
        };
    }

    private static async Task<Results<Ok<BulkTakedownDto>, ValidationProblem, ProblemHttpResult>> BulkAsync(
        [FromBody] BulkTakedownRequestDto request, ICurrentActor current, TakedownCommands commands, TakedownQueries queries, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (ReasonOf(request.Reason) is not { } reason)
        {
            return ApiProblems.Invalid("reason", ReasonError(request.Reason));
        }
        var byName = request.Names is { Count: > 0 };
        var byTarget = !string.IsNullOrWhiteSpace(request.Target);
        if (byName == byTarget)
        {
            return ApiProblems.Invalid(byName ? "target" : "names", "Give either names or a target, not both.");
        }
        IReadOnlyList<string> names;
        if (byTarget)
        {
            var found = await queries.SearchAsync(actor, TakedownSearchMode.Target, request.Target!, ct);
            if (found.Count >= TakedownQueries.MaxCandidates)
            {
                return ApiProblems.Unprocessable($"{TakedownQueries.MaxCandidates} or more names point at {request.Target}; nothing was taken down. List the names instead (up to {BulkTakedownRequest.MaxNames:N0}).");
            }
            if (found.Count == 0)
            {
                return ApiProblems.Unprocessable($"No name points at {request.Target}; nothing was taken down.");
            }
            names = [.. found.Select(c => c.Name)];
        }
        else
        {
            names = request.Names!;
        }
        var result = await commands.TakeDownManyAsync(actor,
            new BulkTakedownRequest(names, reason, request.EvidenceUrls ?? [], request.Note ?? "", request.ReportReference), ct);
        return result switch
        {
            BulkTakedownResult.Done done => TypedResults.Ok(new BulkTakedownDto(
                [.. done.Zones.SelectMany(z => z.Takedowns.Select(t => new TakedownCreatedDto(t.Id, z.Zone, t.Name, z.Serial, PathOf(t.Id))))],
                [.. done.Excluded.Select(e => new TakedownExcludedDto(e.Name, e.Why))])),
            BulkTakedownResult.Invalid invalid => ApiProblems.Unprocessable($"Nothing was taken down: {string.Join(" ", invalid.Errors)}",
                new Dictionary<string, object?> { ["errors"] = invalid.Errors }),
            _ => throw new InvalidOperationException($"Unexpected takedown result {result.GetType().Name}."),
        };
    }

    private static async Task<Results<Ok<TakedownDto>, ProblemHttpResult>> GetAsync(long id, ICurrentActor current, TakedownQueries queries, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        // A zone-limited key learns nothing about other zones' takedowns, not even that they exist.
        if (await queries.GetAsync(actor, id, ct) is not { } detail || !actor.CanZone(detail.Takedown.Zone))
        {
            return ApiProblems.NotFound($"There is no takedown #{id}.");
        }
        var t = detail.Takedown;
        return TypedResults.Ok(new TakedownDto(t.Id, t.Zone, t.Name, ApiWords.Of(t.Reason), t.EvidenceUrls, t.Note, t.ReportReference, t.ActorName,
            t.CreatedAt, t.HoldUntil, ApiWords.Of(t.Status), t.EndedAt, t.EndedBy, t.EndReason,
            [.. detail.RemovedRows.Select(r => $"{r.Name} {r.Ttl.ToString(CultureInfo.InvariantCulture)} IN {r.Type} {r.Content}{(r.Disabled ? " ; disabled" : "")}")],
            t.ChangeId, t.EndChangeId));
    }

    private static async Task<Results<Ok<TakedownCreatedDto>, ProblemHttpResult>> RestoreAsync(
        long id, [FromBody] TakedownRestoreDto request, ICurrentActor current, TakedownCommands commands, TakedownQueries queries, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (await queries.GetAsync(actor, id, ct) is not { } detail || !actor.CanZone(detail.Takedown.Zone))
        {
            return ApiProblems.NotFound($"There is no takedown #{id}.");
        }
        var result = await commands.RestoreAsync(actor, id, request.Reason ?? "", ct);
        return result switch
        {
            TakedownResult.Done done => TypedResults.Ok(new TakedownCreatedDto(done.TakedownId, done.Zone, done.Name, done.Serial, PathOf(done.TakedownId))),
            TakedownResult.Invalid invalid => ApiProblems.Unprocessable($"Nothing was restored: {string.Join(" ", invalid.Errors)}",
                new Dictionary<string, object?> { ["errors"] = invalid.Errors }),
            _ => throw new InvalidOperationException($"Unexpected restore result {result.GetType().Name}."),
        };
    }

    private static string PathOf(long id) => $"{DashboardUrls.ApiV1Path}/takedowns/{id.ToString(CultureInfo.InvariantCulture)}";

    private static TakedownReason? ReasonOf(string? text) =>
        Enum.GetValues<TakedownReason>().Cast<TakedownReason?>().FirstOrDefault(r => string.Equals(ApiWords.Of(r!.Value), text, StringComparison.OrdinalIgnoreCase));

    private static string ReasonError(string? text) =>
        $"{(string.IsNullOrWhiteSpace(text) ? "Give a reason" : $"'{text}' is not a reason")}: {string.Join(", ", Enum.GetValues<TakedownReason>().Select(r => ApiWords.Of(r)))}.";
}
