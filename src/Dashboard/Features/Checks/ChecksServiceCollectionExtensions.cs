namespace Dashboard.Features.Checks;

public static class ChecksServiceCollectionExtensions
{
    /// <summary>Resolution checks: the engine (<see cref="ResolutionChecks"/>), its DNS resolver and its database reader.</summary>
    public static IServiceCollection AddChecks(this IServiceCollection services)
    {
        services.AddSingleton<ICheckResolver, DnsCheckResolver>();
        services.AddSingleton<ICheckExpectations, CheckExpectations>();
        services.AddSingleton<ResolutionChecks>();
        return services;
    }
}
