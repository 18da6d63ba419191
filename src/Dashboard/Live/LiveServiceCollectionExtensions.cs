using Dashboard.Client.Live;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Live;

public static class LiveServiceCollectionExtensions
{
    public static IServiceCollection AddLive(this IServiceCollection services)
    {
        services.AddSignalR();
        services.AddSingleton<HubSessions>();
        services.AddHostedService<HubSessionRevalidator>();
        return services;
    }

    /// <summary>
    /// Publishes the store <typeparamref name="TStore"/> (a registered singleton) to every hub client through
    /// <paramref name="send"/>, one <see cref="HubStreamPublisher{T}"/> per call.
    /// </summary>
    public static IServiceCollection AddHubStream<TStore, T>(this IServiceCollection services, string stream, Func<ILiveHubClient, T, Task> send)
        where TStore : LiveStore<T>
        where T : class
    {
        // Not AddHostedService: it dedupes by implementation type, and two streams may share T.
        services.AddSingleton<IHostedService>(sp => new HubStreamPublisher<T>(
            stream,
            sp.GetRequiredService<TStore>(),
            send,
            sp.GetRequiredService<IHubContext<LiveHub, ILiveHubClient>>(),
            sp.GetRequiredService<Dashboard.Features.Scaleout.DashboardInstance>(),
            sp.GetRequiredService<ILogger<HubStreamPublisher<T>>>()));
        return services;
    }

    public static IEndpointRouteBuilder MapLive(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<LiveHub>(LiveHubPaths.Hub).AsMachineEndpoint();
        return endpoints;
    }
}
