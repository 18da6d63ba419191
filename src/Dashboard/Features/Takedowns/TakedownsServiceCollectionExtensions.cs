namespace Dashboard.Features.Takedowns;

public static class TakedownsServiceCollectionExtensions
{
    /// <summary>Abuse takedowns: the commands (take down, restore) and the scheduled end of expired holds.</summary>
    public static IServiceCollection AddTakedowns(this IServiceCollection services)
    {
        services.AddSingleton<TakedownCommands>();
        services.AddSingleton<TakedownQueries>();
        services.AddSingleton<TakedownExpiry>();
        services.AddHostedService(sp => sp.GetRequiredService<TakedownExpiry>());
        return services;
    }
}
