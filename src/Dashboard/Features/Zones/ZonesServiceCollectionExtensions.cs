using Dashboard.Features.Records;
using Dashboard.Features.Search;

namespace Dashboard.Features.Zones;

public static class ZonesServiceCollectionExtensions
{
    /// <summary>The read side of zones and records: zone list, RRset pages, search and export.</summary>
    public static IServiceCollection AddZoneQueries(this IServiceCollection services)
    {
        services.AddSingleton<ZoneQueries>();
        services.AddSingleton<RecordQueries>();
        services.AddSingleton<SearchQueries>();
        services.AddSingleton<ZoneExporter>();
        return services;
    }
}
