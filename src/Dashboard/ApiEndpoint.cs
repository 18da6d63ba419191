namespace Dashboard;

/// <summary>
/// Endpoint metadata: this endpoint is part of the HTTP API (<c>/api/v1</c>). Its requests authenticate with an API key
/// only (<see cref="Features.ApiKeys.ApiKeyAuthentication"/>): the sign-in cookie is not even read there, so a browser
/// session can never act on the API (no CSRF surface), and a key is never read anywhere else. The authentication
/// selector reads the mark, never the path. Every API endpoint is a <see cref="MachineEndpoint"/> too.
/// </summary>
public sealed class ApiEndpoint
{
    public static readonly ApiEndpoint Instance = new();

    private ApiEndpoint()
    {
    }

    /// <summary>Whether the request was routed to an API endpoint (routing must have run).</summary>
    public static bool IsTarget(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<ApiEndpoint>() is not null;
}
