using Dashboard.Data;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Auth;

/// <summary>
/// Re-checks an open circuit's user on an interval: when the user is disabled, deleted, their security stamp changed
/// (password reset, sign-out everywhere) or their session was ended (signed out in another tab), the circuit's
/// authentication state turns anonymous and the page sends the browser to sign in. Commands re-check on every call
/// anyway (<see cref="CurrentActor"/>).
/// </summary>
/// <remarks>
/// A check that cannot reach the primary proves nothing either way, so the circuit stays signed in, for at most
/// <see cref="AuthOptions.SessionOutageGrace"/> since the last check that succeeded; <see cref="UnverifiedSince"/>
/// and <see cref="Changed"/> let the page say so. The first check that succeeds again ends that state. Scoped (one
/// per circuit).
/// </remarks>
public sealed class RevalidatingActorStateProvider(
    ILoggerFactory loggers,
    ActorResolver resolver,
    IOptions<AuthOptions> options,
    TimeProvider time)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger<RevalidatingActorStateProvider>();
    private DateTimeOffset? _unverifiedSince;

    protected override TimeSpan RevalidationInterval => options.Value.RevalidationInterval;

    /// <summary>When the first check that could not reach the primary ran, while none has succeeded since; else null.</summary>
    public DateTimeOffset? UnverifiedSince => _unverifiedSince;

    /// <summary>When this circuit signs out unless a check succeeds first; null while checks succeed.</summary>
    public DateTimeOffset? SignedInUntil => _unverifiedSince + options.Value.SessionOutageGrace;

    /// <summary>Raised (on the revalidation loop's thread) when <see cref="UnverifiedSince"/> changes.</summary>
    public event Action? Changed;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        CheckAsync(authenticationState, cancellationToken);

    /// <summary>One periodic check: true keeps the circuit signed in. (<see cref="ValidateAuthenticationStateAsync"/>, callable by tests.)</summary>
    internal async Task<bool> CheckAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        try
        {
            var valid = await resolver.ResolveAsync(authenticationState.User, cancellationToken) is not null;
            SetUnverifiedSince(null);
            return valid;
        }
        catch (PrimaryUnavailableException ex)
        {
            var since = _unverifiedSince ?? time.GetUtcNow();
            SetUnverifiedSince(since);
            var keep = time.GetUtcNow() - since < options.Value.SessionOutageGrace;
            _logger.LogWarning("Sign-in of {User} not checked ({Reason}); {Decision}", authenticationState.User.Identity?.Name, ex.Reason,
                keep ? $"kept until {SignedInUntil:u}" : $"signing out: unchecked since {since:u}");
            return keep;
        }
    }

    private void SetUnverifiedSince(DateTimeOffset? since)
    {
        if (_unverifiedSince == since)
        {
            return;
        }
        _unverifiedSince = since;
        Changed?.Invoke();
    }
}
