using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dashboard.Route53;

public static class Route53ServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IRoute53Client"/> as one <see cref="Route53RestClient"/> for the process (its rate limiter
    /// must be shared by every caller), <see cref="Route53Options"/> from <c>Dashboard:Routing:Route53</c>, and the
    /// AWS SDK's credential chain as <see cref="IAwsCredentialSource"/> unless one is registered already. The client
    /// keeps one HttpClient for its life, so its handler recycles pooled connections itself (every 5 minutes) to see
    /// DNS changes, in place of the factory's handler rotation.
    /// </summary>
    public static IServiceCollection AddRoute53(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<Route53Options>().Bind(configuration.GetSection(Route53Options.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Route53Options>, ValidateRoute53Options>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAwsCredentialSource, SdkAwsCredentialSource>();

        services.AddHttpClient(Route53RestClient.HttpClientName)
            .ConfigureHttpClient((sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<Route53Options>>().Value;
                http.BaseAddress = options.Endpoint;
                http.Timeout = options.RequestTimeout;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);

        services.TryAddSingleton(sp => new Route53RestClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(Route53RestClient.HttpClientName),
            sp.GetRequiredService<IAwsCredentialSource>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<Route53Options>>(),
            sp.GetRequiredService<ILogger<Route53RestClient>>()));
        services.TryAddSingleton<IRoute53Client>(sp => sp.GetRequiredService<Route53RestClient>());
        return services;
    }
}
