using System.Net;
using System.Security.Cryptography;
using System.Text;
using Dashboard.Configuration;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Metrics;

/// <summary>
/// <c>GET /metrics</c> in the Prometheus text format. Not open to the world: with <c>Dashboard:Metrics:BearerToken</c>
/// set, a scrape must send <c>Authorization: Bearer &lt;token&gt;</c> (compared in constant time); without one, only
/// loopback clients are answered (a Prometheus on the same machine, or behind a local proxy). Anything else gets 401
/// (a wrong or missing token) or 403 (not loopback, no token configured), and no figures.
/// </summary>
public static class MetricsEndpoint
{
    public static IServiceCollection AddDashboardMetrics(this IServiceCollection services)
    {
        services.AddSingleton<DashboardMetrics>();
        services.AddHostedService(sp => sp.GetRequiredService<DashboardMetrics>());
        return services;
    }

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(DashboardUrls.MetricsPath, async (HttpContext context, DashboardMetrics metrics, IOptions<DashboardOptions> options) =>
        {
            if (Refusal(context, options.Value.Metrics.BearerToken) is { } status)
            {
                context.Response.StatusCode = status;
                if (status == StatusCodes.Status401Unauthorized)
                {
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                }
                return;
            }
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
        })
        .AllowAnonymous()
        .AsMachineEndpoint();
        return endpoints;
    }

    /// <summary>The status that refuses this scrape, or null to answer it.</summary>
    public static int? Refusal(HttpContext context, string? configuredToken)
    {
        if (string.IsNullOrEmpty(configuredToken))
        {
            return context.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip) ? null : StatusCodes.Status403Forbidden;
        }
        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return StatusCodes.Status401Unauthorized;
        }
        var sent = Encoding.UTF8.GetBytes(header[scheme.Length..].Trim());
        var expected = Encoding.UTF8.GetBytes(configuredToken);
        return CryptographicOperations.FixedTimeEquals(sent, expected) ? null : StatusCodes.Status401Unauthorized;
    }
}
