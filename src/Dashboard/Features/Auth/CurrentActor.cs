using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace Dashboard.Features.Auth;

/// <summary>
/// <see cref="ICurrentActor"/> for circuits, static pages and endpoints alike. The principal comes from the component
/// authentication state where there is one (circuits, server-rendered pages), else from the request (endpoints).
/// Either way <see cref="ActorResolver"/> checks it against the database on every call.
/// </summary>
public sealed class CurrentActor(ActorResolver resolver, AuthenticationStateProvider authentication, IHttpContextAccessor http) : ICurrentActor
{
    public async Task<Actor> GetAsync(CancellationToken cancellationToken = default)
    {
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
