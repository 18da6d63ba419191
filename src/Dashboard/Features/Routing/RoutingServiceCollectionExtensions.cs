using Dashboard.Route53;

namespace Dashboard.Features.Routing;

public static class RoutingServiceCollectionExtensions
{
    /// <summary>Route 53 latency routing: the client (<c>Dashboard:Routing:Route53</c>), the page's reads and commands, and the watcher that follows changes to INSYNC.</summary>
    public static IServiceCollection AddRouting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRoute53(configuration);
        services.AddSingleton<RoutingZone>();
        services.AddSingleton<RoutingQueries>();
        services.AddSingleton<RoutingCommands>();
        services.AddSingleton<RoutingChangeWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<RoutingChangeWatcher>());
        return services;
    }
}
