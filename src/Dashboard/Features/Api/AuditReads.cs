using Dashboard.Features.Audit;
using Dashboard.Features.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Features.Api;

/// <summary>The audit trail over the API, through <see cref="AuditQueries"/> (a zone-limited key reads its zones' entries only).</summary>
public static class AuditReads
{
    public const int DefaultPageSize = 50;

    public static RouteGroupBuilder MapAuditReads(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", GetAuditAsync).WithName("ListAuditEntries").WithTags("Audit")
            .WithSummary("Audit entries, newest first, filtered by actor (exact), zone (prefix), name (part), action and time range [from, to).")
            .ProducesValidationProblem();
        return api;
    }

    private static async Task<Results<Ok<AuditPageDto>, ValidationProblem>> GetAuditAsync(
        string? actor, string? zone, string? name, string? action, DateTimeOffset? from, DateTimeOffset? to, int? page, int? size,
        ICurrentActor current, AuditQueries audit, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var (p, s) = ApiPaging.Read(page, size, DefaultPageSize, AuditQueries.MaxPageSize, 1_000_000, errors);
        if (from is not null && to is not null && from >= to)
        {
            errors[nameof(from)] = ["from must be before to."];
        }
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }
        var caller = await current.GetAsync(ct);
        var result = await audit.PageAsync(caller, new AuditFilter(actor, zone, action, from, to, name), p - 1, s, ct);
        return TypedResults.Ok(new AuditPageDto(p, s, result.TotalCount,
            [.. result.Entries.Select(e => new AuditEntryDto(e.Seq, e.At, e.ActorName, e.Action, e.Zone, e.Name, e.Type, e.Before, e.After, e.Reason))]));
    }
}
