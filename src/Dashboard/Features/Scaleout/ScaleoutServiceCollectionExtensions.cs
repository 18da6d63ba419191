using Dashboard.Configuration;
using Dashboard.Data;
using Dashboard.Live;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using StackExchange.Redis;

namespace Dashboard.Features.Scaleout;

public static class ScaleoutServiceCollectionExtensions
{
    /// <summary>The data-protection application name: the same on every instance, wherever it is installed.</summary>
    public const string DataProtectionApplicationName = "Dashboard";

    /// <summary>
    /// What lets several instances serve one deployment, all of it harmless for one: this instance's identity, the
    /// deployment bus (PostgreSQL NOTIFY) and its listener, data-protection keys in PostgreSQL, and, when
    /// <c>Dashboard:Scaleout:Redis</c> is set, the live hub's Redis backplane.
    /// </summary>
    public static IServiceCollection AddScaleout(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<DashboardInstance>();
        services.AddSingleton<DeploymentBus>();
        services.AddSingleton<DeploymentBusListener>();
        services.AddHostedService(sp => sp.GetRequiredService<DeploymentBusListener>());

        // Cookies and antiforgery tokens that one instance protects, another must read: one key ring, in the primary.
        // The application name is fixed, because the default (the content root) differs between installations.
        services.AddDataProtection()
            .SetApplicationName(DataProtectionApplicationName)
            .PersistKeysToDbContext<DashboardDbContext>();

        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Loopback is trusted by default (KnownIPNetworks 127.0.0.0/8, KnownProxies ::1); add the configured ones.
            foreach (var proxy in configuration.GetSection($"{DashboardOptions.SectionName}:Scaleout:TrustedProxies").Get<string[]>() ?? [])
            {
                if (System.Net.IPAddress.TryParse(proxy, out var address))
                {
                    o.KnownProxies.Add(address);
                }
            }
        });

        var redis = configuration[$"{DashboardOptions.SectionName}:Scaleout:Redis"];
        if (!string.IsNullOrWhiteSpace(redis))
        {
            // Only the live hub goes through Redis. Blazor's own circuit hub stays in-process: a circuit lives on one
            // instance (sticky sessions), and pages keep working if Redis is away.
            services.Configure<RedisOptions>(o =>
            {
                o.Configuration = ConfigurationOptions.Parse(redis);
                o.Configuration.ChannelPrefix = RedisChannel.Literal("dashboard");
                o.Configuration.AbortOnConnectFail = false;
            });
            services.AddSingleton<HubLifetimeManager<LiveHub>, RedisHubLifetimeManager<LiveHub>>();
        }
        return services;
    }
}
