using Dashboard.Features.Scaleout;
using Dashboard.Configuration;
using Dashboard.Data;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Regions;

/// <summary><c>GET /healthz</c>: a fresh probe of every region as JSON; 200 when all are healthy, 503 otherwise.</summary>
public static class HealthzEndpoint
{
    public static IEndpointRouteBuilder MapHealthz(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(DashboardUrls.HealthzPath, async (IRegionProbe probe, IOptions<DashboardOptions> options, SchemaState schema, DashboardInstance instance, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var regions = await RegionMonitor.ProbeRegionsAsync(probe, options.Value.Regions, cancellationToken);
            var healthy = regions.All(r => r.IsHealthy) && schema.IsReady;
            var body = new HealthReport(
                healthy ? "healthy" : "unhealthy",
                time.GetUtcNow(),
                new SchemaReport(schema.IsReady, schema.Detail),
                InstanceReport.Of(instance),
                regions.Select(HealthReport.From).ToList());
            return Results.Json(body, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        })
        .WithName("Healthz")
        .AllowAnonymous()
        .AsMachineEndpoint();

        // For a load balancer: whether this process serves requests at all. It asks nothing of the database or the
        // regions, so a region outage (which /healthz reports as 503) never takes every instance out of rotation.
        endpoints.MapGet(DashboardUrls.LivezPath, (DashboardInstance instance) => Results.Json(InstanceReport.Of(instance)))
            .WithName("Livez")
            .AllowAnonymous()
            .AsMachineEndpoint();
        return endpoints;
    }

    public sealed record HealthReport(string Status, DateTimeOffset CheckedAt, SchemaReport Schema, InstanceReport Instance, IReadOnlyList<RegionReport> Regions)
    {
        public static RegionReport From(RegionStatus r) => new(
            r.Name,
            r.IsHealthy ? "healthy" : "down",
            r.ConfiguredRole.ToString().ToLowerInvariant(),
            new DatabaseReport(r.Database.IsUp, r.Database.ActualRole?.ToString().ToLowerInvariant(), r.Database.Detail, r.Database.Error),
            new PowerDnsReport(r.PowerDns.IsUp, r.PowerDns.Version, r.PowerDns.Error),
            r.Zones.Select(z => new ZoneReport(z.Zone, z.IsAnswering, z.Serial, z.ResponseCode, z.Error)).ToList(),
            r.Problems);
    }

    public sealed record SchemaReport(bool Ready, string Detail);

    /// <summary>Which dashboard instance answered, whether it is the deployment's leader now, and whether it has a hub backplane.</summary>
    public sealed record InstanceReport(string Name, bool Leader, bool Backplane)
    {
        public static InstanceReport Of(DashboardInstance instance) => new(instance.Name, instance.IsLeader, instance.HasBackplane);
    }

    public sealed record RegionReport(string Name, string Status, string Role, DatabaseReport Database, PowerDnsReport PowerDns, IReadOnlyList<ZoneReport> Zones, IReadOnlyList<string> Problems);

    public sealed record DatabaseReport(bool Up, string? Role, string? Detail, string? Error);

    public sealed record PowerDnsReport(bool Up, string? Version, string? Error);

    public sealed record ZoneReport(string Zone, bool Answering, uint? Serial, string ResponseCode, string? Error);
}
