using Dashboard.Features.Search;

namespace Dashboard.Features.Zones;

public static class ZonesServiceCollectionExtensions
{
    /// <summary>
    /// Zones end to end: the read side (zone list, RRset pages, search, export) and the write side (change sets and
    /// their apply, zone create/delete, and the scoped editing services of a circuit).
    /// </summary>
    public static IServiceCollection AddZones(this IServiceCollection services)
    {
        services.AddSingleton<ZoneQueries>();
        services.AddSingleton<RecordQueries>();
        services.AddSingleton<SearchQueries>();
        services.AddSingleton<ZoneExporter>();

        services.AddSingleton<ZoneEditingReads>();
        services.AddSingleton<ChangeSetCommands>();
        services.AddSingleton<ZoneCommands>();
        services.AddSingleton<IStagedChangeSetStore, StagedChangeSetStore>();
        services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.SectionName).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<ImportOptions>, ValidateImportOptions>();
        services.AddSingleton<ImportUploads>();
        services.AddScoped<ZoneEditor>();
        services.AddScoped<IZoneEditor>(sp => sp.GetRequiredService<ZoneEditor>());
        services.AddScoped<ZoneAdmin>();
        return services;
    }
}
