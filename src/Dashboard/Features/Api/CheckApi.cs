using Dashboard.Dns;
using Dashboard.Features.Auth;
using Dashboard.Features.Checks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Dashboard.Features.Api;

/// <summary>
/// Resolution checks over the API: the Checks page's run (<see cref="ResolutionChecks"/>): every name × type × region
/// asked of that region's PowerDNS, compared with the primary, and every miss it drew flushed before the answer is sent,
/// so a check leaves no trace in any region's caches.
/// </summary>
public static class CheckApi
{
    public static RouteGroupBuilder MapCheckApi(this RouteGroupBuilder api)
    {
        api.MapPost("/checks", RunAsync).WithName("RunCheck").WithTags("Checks")
            .WithSummary("Asks each region's PowerDNS for the names and types now, and compares each answer with the primary database.")
            .WithDescription("Answered when every region answered or timed out (1 s per query) and every miss the check drew was flushed from that region's caches.")
            .Accepts<CheckRequestDto>("application/json")
            .ProducesValidationProblem();
        return api;
    }

    private static async Task<Results<Ok<CheckResultDto>, ValidationProblem, ProblemHttpResult>> RunAsync(
        [FromBody] CheckRequestDto request, ICurrentActor current, ResolutionChecks checks, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        actor.Demand(Permission.RunChecks);
        var names = request.Names ?? [];
        var validation = checks.Validate(names, request.Types is { Count: > 0 } types ? types : ["A"], request.Regions ?? []);
        if (validation.Plan is not { } plan)
        {
            return ApiProblems.Invalid(FieldsOf(validation.Errors));
        }
        if (actor.Key is { Zones.Count: > 0 } key && plan.Names.Where(n => !key.Zones.Any(z => DnsName.IsInZone(n, z))).ToList() is { Count: > 0 } outside)
        {
            return ApiProblems.Forbidden($"This key may check names in {string.Join(", ", key.Zones.Order())} only; not: {string.Join(", ", outside.Take(10))}{(outside.Count > 10 ? $" and {outside.Count - 10} more" : "")}.");
        }

        var cells = new List<CheckCell>();
        var flushed = new List<CheckFlushDto>();
        await foreach (var item in checks.RunAsync(actor, plan, ct))
        {
            switch (item)
            {
                case CellChecked cell:
                    cells.Add(cell.Cell);
                    break;
                case MissesFlushed flush:
                    flushed.Add(new CheckFlushDto(flush.Region, flush.Target, flush.Succeeded, flush.Error));
                    break;
            }
        }
        var regionOrder = plan.Regions.Select(r => r.Name).ToList();
        var results = cells
            .GroupBy(c => (c.Name, c.Type))
            .OrderBy(g => plan.Names.IndexOf(g.Key.Name)).ThenBy(g => CheckPlan.CheckableTypes.IndexOf(g.Key.Type))
            .Select(g => new CheckNameDto(g.Key.Name, g.Key.Type.Mnemonic(),
                [.. g.OrderBy(c => regionOrder.IndexOf(c.Region)).Select(c => new CheckRegionDto(
                    c.Region, c.OutcomeText, c.Authoritative, Math.Round(c.LatencyMs, 2),
                    [.. c.Answers.Select(a => new CheckAnswerDto(a.Owner, a.Type.Mnemonic(), a.Ttl, a.Content))],
                    c.NegativeTtl, ApiWords.Of(c.Comparison), c.Detail))]))
            .ToList();
        return TypedResults.Ok(new CheckResultDto(results, flushed));
    }

    /// <summary>The plan's errors by field: "Line n: …" is names[n-1]; types and regions name themselves.</summary>
    private static Dictionary<string, string[]> FieldsOf(IReadOnlyList<string> errors) =>
        errors.GroupBy(e => e switch
            {
                _ when e.StartsWith("Line ", StringComparison.Ordinal) && e.IndexOf(':') > 5 && int.TryParse(e[5..e.IndexOf(':')], out var line) => $"names[{line - 1}]",
                _ when e.StartsWith("Type ", StringComparison.Ordinal) || e.StartsWith("Choose at least one type", StringComparison.Ordinal) => "types",
                _ when e.StartsWith("Region ", StringComparison.Ordinal) => "regions",
                _ => "names",
            })
            .ToDictionary(g => g.Key, g => g.ToArray());
}
