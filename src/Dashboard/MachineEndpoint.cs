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
