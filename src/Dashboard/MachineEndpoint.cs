using Microsoft.AspNetCore.Http.Metadata;

namespace Dashboard;

/// <summary>
/// Endpoint metadata: this endpoint answers programs (the live hub, <c>/healthz</c>, a zone export or upload), not
/// people navigating. It keeps its own status codes: signed out is 401 rather than a redirect to the sign-in page,
/// refused is 403 rather than the access-denied page, and no friendly status page replaces its body. Mark an endpoint
/// with <see cref="MachineEndpointExtensions.AsMachineEndpoint{TBuilder}"/>; the rules read the mark, never the path.
/// </summary>
public sealed class MachineEndpoint : IDisableCookieRedirectMetadata
{
    public static readonly MachineEndpoint Instance = new();

    private MachineEndpoint()
    {
    }

    /// <summary>Whether the request was routed to an endpoint marked as a machine endpoint (routing must have run).</summary>
    public static bool IsTarget(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<MachineEndpoint>() is not null;
}

public static class MachineEndpointExtensions
{
    /// <summary>Marks the endpoint(s) as answering programs: status codes, never redirects or status pages.</summary>
    public static TBuilder AsMachineEndpoint<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(MachineEndpoint.Instance);
}

public static class MachineEndpointOutageStatus
{
    /// <summary>
    /// A machine endpoint (the hub, an export) asked with a sign-in cookie that could not be checked because the primary
    /// database is unreachable answers 503 with Retry-After, not 401: a 401 tells a client (the wallboard) that its sign-in
    /// is over, and a kiosk sent to the sign-in page by a database outage would never come back by itself. Runs after
    /// authentication, which reports the outage to <see cref="Data.PrimaryAvailability"/> when it cannot read the session
    /// and marks the request itself (<see cref="Features.Auth.DatabaseTicketStore.SessionUncheckedItem"/>): the shared
    /// availability may already read "reachable" again when this request is answered (hundreds of wallboards reconnecting
    /// at once after an instance died: some waited past the connect timeout for a pooled connection, and were told 401).
    /// </summary>
    public static IApplicationBuilder UseMachineEndpointOutageStatus(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (MachineEndpoint.IsTarget(context)
            && !ApiEndpoint.IsTarget(context)
            && context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is null
            && context.User.Identity?.IsAuthenticated != true
            && context.Request.Cookies.ContainsKey(Features.Auth.AuthCookie.Name)
            && (context.Items.ContainsKey(Features.Auth.DatabaseTicketStore.SessionUncheckedItem)
                || !context.RequestServices.GetRequiredService<Data.PrimaryAvailability>().Current.IsReachable))
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "5";
            await context.Response.WriteAsync("The primary database is unreachable, so the sign-in cannot be checked; try again shortly.");
            return;
        }
        await next(context);
    });
}
