using Dashboard.Features.Zones;

namespace Dashboard.Features.Records;

public static class ZoneEditingServiceCollectionExtensions
{
    /// <summary>The write side of zones and records: change sets, their apply, zone create/delete, and the editing UI services.</summary>
    public static IServiceCollection AddZoneEditing(this IServiceCollection services)
    {
        services.AddSingleton<ZoneEditingReads>();
        services.AddSingleton<ChangeSetCommands>();
        services.AddSingleton<ZoneCommands>();
        services.AddScoped<ZoneEditor>();
        services.AddScoped<IZoneEditor>(sp => sp.GetRequiredService<ZoneEditor>());
        services.AddScoped<ZoneAdmin>();
        return services;
    }
}
