using Dashboard.Features.Lag;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dashboard.Live;

public static class LagHubStreams
{
    /// <summary>
    /// Publishes replica lag (<see cref="LagStore"/>) and the open alerts (<see cref="AlertStore"/>) to the live hub's
    /// clients. The stores are the lag feature's singletons; they are added here only if the lag feature has not
    /// added them yet, so either registration order gives one instance of each.
    /// </summary>
    public static IServiceCollection AddLagHubStreams(this IServiceCollection services)
    {
        services.TryAddSingleton<LagStore>();
        services.TryAddSingleton<AlertStore>();
        services.AddHubStream<LagStore, LagSnapshot>("lag", (clients, snapshot) => clients.LagSampled(snapshot.Latest));
        services.AddHubStream<AlertStore, IReadOnlyList<Client.Live.AlertDto>>("alerts", (clients, open) => clients.AlertsChanged(open));
        return services;
    }
}
