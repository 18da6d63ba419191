using System.Text;
using Dashboard.Dns;
using Dashboard.Features.Auth;

namespace Dashboard.Features.Zones;

/// <summary><c>GET /zones/{zone}/export</c>: the zone as a BIND file, streamed as it is read.</summary>
public static class ZoneExportEndpoint
{
    public static IEndpointRouteBuilder MapZoneExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(DashboardUrls.ZoneExportRoute, ExportAsync).AsMachineEndpoint();
        return endpoints;
    }

    private static async Task<IResult> ExportAsync(string zone, HttpContext http, ICurrentActor currentActor, ZoneExporter exporter, CancellationToken cancellationToken)
    {
        var actor = await currentActor.GetAsync(cancellationToken);
        if (!actor.Can(Permission.ReadZones))
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        var name = DnsName.Normalize(zone);
        if (!await exporter.ExistsAsync(actor, name, cancellationToken))
        {
            return Results.NotFound($"No zone named {name}.");
        }

        http.Response.ContentType = "text/plain; charset=utf-8";
        http.Response.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("attachment") { FileName = name + ".zone" }.ToString();
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), bufferSize: 64 * 1024);
        await exporter.WriteAsync(actor, name, writer, cancellationToken);
        await writer.FlushAsync(cancellationToken);
        return Results.Empty;
    }
}
