using Dashboard.Components.Shared;
using Microsoft.AspNetCore.Diagnostics;
using Dashboard.Components;
using Dashboard.Configuration;
using Dashboard.Data;
using Dashboard.Features.Account;
using Dashboard.Features.Api;
using Dashboard.Features.Audit;
using Dashboard.Features.Auth;
using Dashboard.Features.Routing;
using Dashboard.Features.Scaleout;
using Dashboard.Features.Checks;
using Dashboard.Features.Lag;
using Dashboard.Features.Metrics;
using Dashboard.Features.Propagation;
using Dashboard.Features.Zones;
using Dashboard.Features.Regions;
using Dashboard.Features.Takedowns;
using Dashboard.Features.Users;
using Dashboard.Live;
using Dashboard.Security;
using MudBlazor;
using MudBlazor.Services;

namespace Dashboard;

/// <summary>Everything the host wires up, so <c>Program.cs</c> stays two lines long.</summary>
public static class DashboardApplication
{
    /// <summary>Extra JSON configuration file (e.g. the local stack's generated <c>.stack/dashboard.json</c>).</summary>
    public const string ConfigFileVariable = "DASHBOARD_CONFIG_FILE";

    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        if (Environment.GetEnvironmentVariable(ConfigFileVariable) is { Length: > 0 } extraConfig)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(extraConfig), optional: false, reloadOnChange: false);
            // Environment variables still win over the file.
            builder.Configuration.AddEnvironmentVariables();
        }

        // Serves package assets (MudBlazor, the WebAssembly client) from build output in every environment;
        // a no-op for published output, which carries its own copies.
        builder.WebHost.UseStaticWebAssets();

        builder.Services.AddOptions<DashboardOptions>()
            .Bind(builder.Configuration.GetSection(DashboardOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<DashboardOptions>, ValidateDashboardOptions>();
        builder.Services.AddSingleton(TimeProvider.System);

        var razorComponents = builder.Services.AddRazorComponents();
        razorComponents.AddInteractiveServerComponents()
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = InputLimits.CircuitMessageBytes);
        razorComponents.AddInteractiveWebAssemblyComponents();
        // Toasts bottom-right: top-right covered the header's buttons (sign out, the zone page's Apply/Export).
        builder.Services.AddMudServices(mud => mud.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight);

        builder.Services.AddDashboardData();
        builder.Services.AddDashboardAuth(builder.Configuration);
        builder.Services.AddAudit();
        builder.Services.AddUsers();
        builder.Services.AddScaleout(builder.Configuration);
        builder.Services.AddLive();
        builder.Services.AddRegions();
        builder.Services.AddLag();
        builder.Services.AddPropagation();
        builder.Services.AddDashboardMetrics();
        builder.Services.AddZones();
        builder.Services.AddChecks();
        builder.Services.AddTakedowns();
        builder.Services.AddRouting(builder.Configuration);
        builder.Services.AddApi(builder.Configuration);
        return builder;
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        // First: the client's address and scheme as the load balancer saw them (trusted proxies only; see Scaleout).
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler(DashboardUrls.ErrorPath, createScopeForErrors: true);
        }
        app.UseSecurityHeaders();
        // Friendly status pages are for people navigating (GET); machine endpoints (the hub, /healthz, exports) keep their
        // codes. Routing comes after the status code pages so that a re-executed /not-found is routed again (with routing
        // first, an unknown path got an empty 404); the per-request switch below reads the routed endpoint's metadata.
        app.UseStatusCodePagesWithReExecute(DashboardUrls.NotFoundPath, createScopeForStatusCodePages: true);
        app.UseRouting();
        app.Use((context, next) =>
        {
            if ((!HttpMethods.IsGet(context.Request.Method) || MachineEndpoint.IsTarget(context))
                && context.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
            {
                statusPages.Enabled = false;
            }
            return next(context);
        });
        app.UseApiFaults();
        app.UseAuthentication();
        app.UseMachineEndpointOutageStatus();
        app.UseAuthorization();
        // After authorization: the API's limit is per key, and only a key that worked has been authenticated by then
        // (the API key scheme runs in authorization, for the API's policy). The sign-in form's limit is per address.
        app.UseRateLimiter();
        app.UseApiReference();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapHealthz();
        app.MapMetrics();
        app.MapAccountEndpoints();
        app.MapLive();
        app.MapZoneExport();
        app.MapZoneImport();
        app.MapTakedownsExport();
        app.MapApi();
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode()
            .AddInteractiveWebAssemblyRenderMode()
            .AddAdditionalAssemblies(typeof(Client._Imports).Assembly);
        return app;
    }
}
