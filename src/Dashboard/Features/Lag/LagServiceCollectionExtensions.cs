namespace Dashboard.Features.Lag;

public static class LagServiceCollectionExtensions
{
    /// <summary>
    /// Replica lag: the stores (<see cref="LagStore"/>, <see cref="AlertStore"/>), history, alert commands and queries,
    /// the role-holding heartbeat writer and sampler (<see cref="LagCoordinator"/>) and the open-alert refresher. The hub
    /// streams for lag and alerts are wired where the hub's contract is.
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
        services.AddSingleton<AlertCommands>();
        services.AddSingleton<IAlertCommands>(sp => sp.GetRequiredService<AlertCommands>());
        services.AddSingleton<AlertQueries>();
        services.AddSingleton<IAlertQueries>(sp => sp.GetRequiredService<AlertQueries>());
        services.AddSingleton<LagCoordinator>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertStoreRefresher>());
        services.AddHostedService(sp => sp.GetRequiredService<LagCoordinator>());
        return services;
    }
}
