namespace Dashboard.Features.Lag;

public static class LagDrillsServiceCollectionExtensions
{
    public static IServiceCollection AddLagDrills(this IServiceCollection services) =>
        services.AddSingleton<ILagDrills, LagDrills>();
}
