using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Auth;

/// <summary>
/// Re-checks an open circuit's user on an interval: when the user is disabled, deleted or their security stamp
/// changed (password reset, sign-out everywhere), the circuit's authentication state turns anonymous and the page
/// sends the browser to sign in. Commands re-check on every call anyway (<see cref="CurrentActor"/>).
/// </summary>
public sealed class RevalidatingActorStateProvider(ILoggerFactory loggers, ActorResolver resolver, IOptions<AuthOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => options.Value.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        await resolver.ResolveAsync(authenticationState.User, cancellationToken) is not null;
}
