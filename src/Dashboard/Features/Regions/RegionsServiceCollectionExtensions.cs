using Dashboard.Live;
using Dashboard.PowerDns;

namespace Dashboard.Features.Regions;

public static class RegionsServiceCollectionExtensions
{
    public static IServiceCollection AddRegions(this IServiceCollection services)
    {
        PowerDnsApiClient.AddTo(services);
        services.AddSingleton<ZoneCatalog>();
        services.AddSingleton<IRegionProbe, RegionProbe>();
        services.AddSingleton<RegionStatusStore>();
        services.AddSingleton<RegionMonitor>();
        services.AddSingleton<RegionChecks>();
        services.AddHostedService(sp => sp.GetRequiredService<RegionMonitor>());
        services.AddHubStream<RegionStatusStore, RegionSnapshot>("regions",
            (clients, snapshot) => clients.RegionsChanged(snapshot.Regions.Select(LiveMapping.ToDto).ToList()));
        return services;
    }
}
