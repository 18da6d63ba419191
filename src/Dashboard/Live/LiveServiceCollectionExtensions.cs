using Dashboard.Client.Live;

namespace Dashboard.Live;

public static class LiveServiceCollectionExtensions
{
    public static IServiceCollection AddLive(this IServiceCollection services)
    {
        services.AddSignalR();
        services.AddHostedService<LivePublisher>();
        return services;
    }

    public static IEndpointRouteBuilder MapLive(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<LiveHub>(LiveHubPaths.Hub).AsMachineEndpoint();
        return endpoints;
    }
}
