using Dashboard.Dns;
using Dashboard.Features.Auth;
using Dashboard.Features.Zones;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Features.Api;

/// <summary>Zones and their RRsets over the API, through the services the pages use (<see cref="ZoneQueries"/>, <see cref="RecordQueries"/>).</summary>
public static class ZoneReads
{
    public static RouteGroupBuilder MapZoneReads(this RouteGroupBuilder api)
    {
        api.MapGet("/zones", ListZonesAsync).WithName("ListZones").WithTags("Zones")
            .WithSummary("Every zone the key may read (a zone-limited key: its zones only).");
        api.MapGet("/zones/{zone}", GetZoneAsync).WithName("GetZone").WithTags("Zones")
            .WithSummary("One zone with its apex SOA and negative TTL.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/zones/{zone}/rrsets", ListRRsetsAsync).WithName("ListRRsets").WithTags("Zones")
            .WithSummary("A page of the zone's RRsets, in name order, optionally filtered by name prefix and type.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Ok<IReadOnlyList<ZoneDto>>> ListZonesAsync(ICurrentActor current, ZoneQueries zones, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var list = await zones.ListAsync(actor, ct);
        return TypedResults.Ok<IReadOnlyList<ZoneDto>>([.. list.Select(z => new ZoneDto(z.Name, z.TierLabel, z.RecordCount, z.Serial, z.SoaTtl, z.SoaMinimum, z.NegativeTtl))]);
    }

    private static async Task<Results<Ok<ZoneDetailDto>, ProblemHttpResult>> GetZoneAsync(string zone, ICurrentActor current, ZoneQueries zones, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (await zones.GetAsync(actor, zone, ct) is not { } detail)
        {
            return NoSuchZone(zone);
        }
        var soa = detail.SoaContent is { } content && detail.SoaTtl is { } ttl ? Soa(content, ttl) : null;
        return TypedResults.Ok(new ZoneDetailDto(detail.Name, detail.TierLabel, soa, detail.NegativeTtl, detail.MaxNegativeTtl));
    }

    private static async Task<Results<Ok<RRsetPageDto>, ProblemHttpResult, ValidationProblem>> ListRRsetsAsync(
        string zone, int? page, int? size, string? prefix, string? type,
        ICurrentActor current, ZoneQueries zones, RecordQueries records, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var (p, s) = ApiPaging.Read(page, size, RRsetFilter.DefaultPageSize, RRsetFilter.MaxPageSize, RRsetFilter.MaxPage, errors);
        RecordType? recordType = null;
        if (type is not null)
        {
            if (RecordTypes.TryParse(type, out var parsed))
            {
                recordType = parsed;
            }
            else
            {
                errors[nameof(type)] = [RecordTypes.Explain(type) ?? $"{type} is not a record type."];
            }
        }
        if (prefix is not null && (prefix.Length > DnsName.MaxNameLength || prefix.Any(char.IsControl)))
        {
            errors[nameof(prefix)] = [$"prefix is at most {DnsName.MaxNameLength} characters, without control characters."];
        }
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }
        var actor = await current.GetAsync(ct);
        if (await zones.GetAsync(actor, zone, ct) is not { } detail)
        {
            return NoSuchZone(zone);
        }
        var filter = new RRsetFilter(Prefix: prefix, Type: recordType, Page: p - 1, PageSize: s);
        var found = await records.GetPageAsync(actor, detail.Name, filter, ct);
        return TypedResults.Ok(new RRsetPageDto(detail.Name, p, s, found.HasMore,
            [.. found.Items.Select(r => new RRsetDto(r.Name, r.Type.Mnemonic(), r.Ttl, r.Version, [.. r.Records.Select(x => new RecordDto(x.Id, x.Content, x.Disabled))]))]));
    }

    private static SoaDto Soa(string content, int ttl) => SoaFields.TryParse(content) is { } f
        ? new SoaDto(content, ttl, f.Mname, f.Rname, f.Serial, f.Refresh, f.Retry, f.Expire, f.Minimum)
        : new SoaDto(content, ttl, null, null, null, null, null, null, null);

    private static ProblemHttpResult NoSuchZone(string zone) => ApiProblems.NotFound($"There is no zone {zone}.");
}
