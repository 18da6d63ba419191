using System.Security.Claims;
using Dashboard.Features.ApiKeys;
using Microsoft.AspNetCore.Components.Authorization;

namespace Dashboard.Features.Auth;

/// <summary>
/// <see cref="ICurrentActor"/> for circuits, static pages and endpoints alike. The principal comes from the component
/// authentication state where there is one (circuits, server-rendered pages), else from the request (endpoints).
/// Either way <see cref="ActorResolver"/> checks it against the database on every call. An HTTP API request (its
/// principal came from an API key) is resolved from its key by <see cref="ApiKeyResolver"/> once per request, at
/// authentication (this returns that actor): the key's owner narrowed to the key's scope (<see cref="Actor.Key"/>).
/// </summary>
public sealed class CurrentActor(ActorResolver resolver, ApiKeyResolver keys, AuthenticationStateProvider authentication, IHttpContextAccessor http) : ICurrentActor
{
    public async Task<Actor> GetAsync(CancellationToken cancellationToken = default)
    {
        if (http.HttpContext is { } context && context.User.Identity?.AuthenticationType == ApiKeyAuthentication.Scheme)
        {
            if (context.Items.TryGetValue(ApiKeyAuthentication.ActorItem, out var resolved) && resolved is Actor checkedThisRequest)
            {
                return checkedThisRequest;
            }
            var (actor, _) = ApiKeyAuthentication.BearerOf(context.Request) is { } key
                ? await keys.ResolveAsync(key, context.Connection.RemoteIpAddress, cancellationToken)
                : (null, null);
            return actor ?? throw new NotSignedInException("the API key is unknown, expired or revoked, or its owner is disabled");
        }
        var principal = await ComponentPrincipalAsync() ?? http.HttpContext?.User;
        return await resolver.ResolveAsync(principal, cancellationToken)
            ?? throw new NotSignedInException(principal?.Identity?.IsAuthenticated == true
                ? "the account is disabled, gone, or its sign-in was revoked"
                : "nobody is signed in");
    }

    private async Task<ClaimsPrincipal?> ComponentPrincipalAsync()
    {
        try
        {
            return (await authentication.GetAuthenticationStateAsync()).User;
        }
        catch (InvalidOperationException)
        {
            // An endpoint, not a component: no authentication state was set for this scope.
            return null;
        }
    }
}
