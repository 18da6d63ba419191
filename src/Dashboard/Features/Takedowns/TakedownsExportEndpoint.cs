using System.Text;
using Dashboard.Components.Shared;
using Dashboard.Features.Auth;

namespace Dashboard.Features.Takedowns;

/// <summary><c>GET /takedowns/export</c>: the takedowns list, filtered as the page is (same query), as CSV.</summary>
public static class TakedownsExportEndpoint
{
    public static IEndpointRouteBuilder MapTakedownsExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(DashboardUrls.TakedownsExportPath, ExportAsync).AsMachineEndpoint();
        return endpoints;
    }

    private static async Task<IResult> ExportAsync(HttpContext http, ICurrentActor currentActor, TakedownQueries queries, CancellationToken cancellationToken)
    {
        var actor = await currentActor.GetAsync(cancellationToken);
        if (!actor.Can(Permission.Takedown))
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        var query = http.Request.Query;
        var reader = new QueryReader();
        var status = reader.OneOf(DashboardUrls.TakedownsQuery.Status, query[DashboardUrls.TakedownsQuery.Status], [.. Enum.GetNames<TakedownStatus>().Select(s => s.ToLowerInvariant()), "all"]);
        var reason = reader.OneOf(DashboardUrls.TakedownsQuery.Reason, query[DashboardUrls.TakedownsQuery.Reason], [.. Enum.GetNames<TakedownReason>().Select(r => r.ToLowerInvariant())]);
        var filter = TakedownsPage.ReadFilter(status, reason,
            reader.Text(DashboardUrls.TakedownsQuery.Actor, query[DashboardUrls.TakedownsQuery.Actor]),
            reader.Text(DashboardUrls.TakedownsQuery.Zone, query[DashboardUrls.TakedownsQuery.Zone]),
            reader.Date(DashboardUrls.TakedownsQuery.From, query[DashboardUrls.TakedownsQuery.From]),
            reader.Date(DashboardUrls.TakedownsQuery.To, query[DashboardUrls.TakedownsQuery.To]));
        if (reader.Ignored.Count > 0)
        {
            return Results.BadRequest($"Not understood: {string.Join("; ", reader.Ignored)}");
        }

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("attachment") { FileName = "takedowns.csv" }.ToString();
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), bufferSize: 64 * 1024);
        await queries.WriteCsvAsync(actor, filter, writer, cancellationToken);
        await writer.FlushAsync(cancellationToken);
        return Results.Empty;
    }
}
