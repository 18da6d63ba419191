using Dashboard.Features.ApiKeys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Dashboard.Features.Api;

/// <summary>
/// The HTTP API: one route group at <c>/api/v1</c> (<see cref="MapApi"/>) that every API endpoint joins, its OpenAPI
/// document and its reference page. The group sets everything an endpoint must not forget: API key authentication
/// only (<see cref="ApiEndpoint"/>), status codes instead of redirects (<see cref="MachineEndpoint"/>), the per-key
/// rate limit, problem details for refusals and outages, and the OpenAPI document it belongs to.
/// </summary>
public static class ApiEndpoints
{
    /// <summary>The OpenAPI document name, and the group name of every endpoint in it.</summary>
    public const string DocumentName = "v1";

    /// <summary>The authorization policy of the group: an authenticated principal of the API key scheme, nothing else.</summary>
    public const string Policy = "ApiKey";

    public static WebApplication MapApi(this WebApplication app)
    {
        // The document is the API's shape, the same for everyone and free of data, so it needs no key: client
        // generators and CI fetch it without a secret, and the reference page (a signed-in person's browser, which holds
        // no key) loads it. Every operation it describes still demands a key.
        app.MapOpenApi(DashboardUrls.ApiOpenApiRoute).AllowAnonymous().AsMachineEndpoint();

        var api = app.MapApiGroup();
        api.MapZoneReads();
        api.MapLagReads();
        api.MapAuditReads();
        api.MapChangeSetApi();
        api.MapCheckApi();
        api.MapTakedownApi();
        return app;
    }

    /// <summary>The <c>/api/v1</c> group with its conventions; endpoints are added to what this returns.</summary>
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(DashboardUrls.ApiV1Path)
            .WithMetadata(ApiEndpoint.Instance)
            .AsMachineEndpoint()
            .RequireAuthorization(Policy)
            .RequireRateLimiting(ApiRateLimitPolicy.Name)
            .WithGroupName(DocumentName)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.AddEndpointFilter(ApiProblems.MapExceptionsAsync);
        return group;
    }

    /// <summary>
    /// The reference page (Swagger UI, its assets embedded in Swashbuckle.AspNetCore.SwaggerUI and served from here: no
    /// CDN). It is middleware, not an endpoint, so the fallback policy does not cover it: it asks for sign-in itself.
    /// "Try it out" works with a key entered under Authorize; the browser's cookie opens nothing in the API.
    /// </summary>
    public static IApplicationBuilder UseApiReference(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments(DashboardUrls.ApiReferencePath), reference =>
        {
            reference.Use(async (context, next) =>
            {
                if (context.User.Identity?.IsAuthenticated != true)
                {
                    await context.ChallengeAsync(IdentityConstants.ApplicationScheme);
                    return;
                }
                await next(context);
            });
            reference.UseSwaggerUI(o =>
            {
                o.RoutePrefix = DashboardUrls.ApiReferencePath.TrimStart('/');
                o.SwaggerEndpoint(DashboardUrls.ApiOpenApiPath, "Dashboard API v1");
                o.DocumentTitle = "Dashboard API · reference";
                o.EnableTryItOutByDefault();
                o.DisplayOperationId();
            });
        });

    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<ApiOptions>, ValidateApiOptions>();
        services.AddSingleton<ApiKeyCommands>();
        services.AddSingleton<ApiKeyQueries>();
        services.AddSingleton<ApiIdempotency>();
        services.AddProblemDetails();
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(ApiKeyAuthentication.Scheme)
            .RequireAuthenticatedUser());
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>()
            .Configure(o => o.AddPolicy<string, ApiRateLimitPolicy>(ApiRateLimitPolicy.Name));
        services.AddOpenApi(DocumentName, o =>
        {
            o.ShouldInclude = description => description.GroupName == DocumentName;
            o.AddDocumentTransformer<ApiDocumentTransformer>();
        });
        return services;
    }
}
