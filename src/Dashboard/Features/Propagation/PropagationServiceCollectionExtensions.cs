namespace Dashboard.Features.Propagation;

public static class PropagationServiceCollectionExtensions
{
    public static IServiceCollection AddPropagation(this IServiceCollection services) =>
        services.AddSingleton<ReplicationGate>().AddSingleton<PropagationLog>().AddSingleton<PropagationAlerts>().AddSingleton<PropagationTracker>()
            .AddSingleton<ZoneChangeNotices>()
            .AddSingleton<Scaleout.IDeploymentBusHandler>(sp => sp.GetRequiredService<ZoneChangeNotices>());
}
