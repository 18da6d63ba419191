using Dashboard.Client.Live;
using Dashboard.Live;

namespace Dashboard.Features.Lag;

public static class LagServiceCollectionExtensions
{
    /// <summary>
    /// Replica lag: the stores (<see cref="LagStore"/>, <see cref="AlertStore"/>), history, alert commands and queries,
    /// the role-holding heartbeat writer and sampler (<see cref="LagCoordinator"/>), the open-alert refresher, lag
    /// drills, and the hub streams of lag samples and open alerts.
    /// </summary>
    public static IServiceCollection AddLag(this IServiceCollection services)
    {
        services.AddSingleton<LagStore>();
        services.AddSingleton<AlertStore>();
        services.AddSingleton<LagHistory>();
        services.AddSingleton<ILagHistory>(sp => sp.GetRequiredService<LagHistory>());
        services.AddSingleton<ILagMinuteHistory, LagMinuteHistory>();
        services.AddSingleton<LagDatabase>();
        services.AddSingleton<LagSampler>();
        services.AddSingleton<AlertStoreRefresher>();
        services.AddSingleton<Scaleout.IDeploymentBusHandler>(sp => sp.GetRequiredService<AlertStoreRefresher>());
        services.AddSingleton<LagFeed>();
        services.AddSingleton<Scaleout.IDeploymentBusHandler>(sp => sp.GetRequiredService<LagFeed>());
        services.AddSingleton<AlertCommands>();
        services.AddSingleton<IAlertCommands>(sp => sp.GetRequiredService<AlertCommands>());
        services.AddSingleton<AlertQueries>();
        services.AddSingleton<IAlertQueries>(sp => sp.GetRequiredService<AlertQueries>());
        services.AddSingleton<LagCoordinator>();
        services.AddSingleton<ILagDrills, LagDrills>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertStoreRefresher>());
        services.AddHostedService(sp => sp.GetRequiredService<LagCoordinator>());
        services.AddHubStream<LagStore, LagSnapshot>("lag", (clients, snapshot) => clients.LagSampled(snapshot.Latest));
        services.AddHubStream<AlertStore, IReadOnlyList<AlertDto>>("alerts", (clients, open) => clients.AlertsChanged(open));
        return services;
    }
}
