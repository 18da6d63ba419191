using System.Security.Claims;
using Dashboard.Data;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Auth;

/// <summary>
/// Re-checks an open circuit's user: at once when <see cref="SessionRevocations"/> says that user's sign-in changed on
/// this instance (disabled, roles changed, password reset, signed out), and on an interval as the guarantee across
/// instances. When the user is disabled or deleted, their security stamp changed or their session was ended, the
/// circuit's authentication state turns anonymous and the layout sends the browser to sign in
/// (<see cref="Components.Layout.SignedOutRedirect"/>). Commands re-check on every call anyway (<see cref="CurrentActor"/>).
/// </summary>
/// <remarks>
/// A check that cannot reach the primary proves nothing either way, so the circuit stays signed in, for at most
/// <see cref="AuthOptions.SessionOutageGrace"/> since the last check that succeeded; <see cref="UnverifiedSince"/>
/// and <see cref="Changed"/> let the page say so. The first check that succeeds again ends that state. Scoped (one
/// per circuit); disposing it (the circuit closing) unsubscribes from <see cref="SessionRevocations"/>.
/// </remarks>
public sealed class RevalidatingActorStateProvider : RevalidatingServerAuthenticationStateProvider
{
    private static readonly AuthenticationState SignedOut = new(new ClaimsPrincipal(new ClaimsIdentity()));

    private readonly ILogger _logger;
    private readonly ActorResolver _resolver;
    private readonly IOptions<AuthOptions> _options;
    private readonly TimeProvider _time;
    private readonly SessionRevocations _revocations;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _lock = new();
    private DateTimeOffset? _unverifiedSince;
    private AuthenticationState? _watched;
    private IDisposable? _watch;

    public RevalidatingActorStateProvider(
        ILoggerFactory loggers,
        ActorResolver resolver,
        IOptions<AuthOptions> options,
        TimeProvider time,
        SessionRevocations revocations)
        : base(loggers)
    {
        _logger = loggers.CreateLogger<RevalidatingActorStateProvider>();
        _resolver = resolver;
        _options = options;
        _time = time;
        _revocations = revocations;
        AuthenticationStateChanged += state => _ = WatchAsync(state);
    }

    protected override TimeSpan RevalidationInterval => _options.Value.RevalidationInterval;

    /// <summary>When the first check that could not reach the primary ran, while none has succeeded since; else null.</summary>
    public DateTimeOffset? UnverifiedSince => _unverifiedSince;

    /// <summary>When this circuit signs out unless a check succeeds first; null while checks succeed.</summary>
    public DateTimeOffset? SignedInUntil => _unverifiedSince + _options.Value.SessionOutageGrace;

    /// <summary>Raised (on the revalidation loop's thread) when <see cref="UnverifiedSince"/> changes.</summary>
    public event Action? Changed;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        CheckAsync(authenticationState, cancellationToken);

    /// <summary>One check: true keeps the circuit signed in. (<see cref="ValidateAuthenticationStateAsync"/>, callable by tests.)</summary>
    internal async Task<bool> CheckAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        try
        {
            var valid = await _resolver.ResolveAsync(authenticationState.User, cancellationToken) is not null;
            SetUnverifiedSince(null);
            return valid;
        }
        catch (PrimaryUnavailableException ex)
        {
            var since = _unverifiedSince ?? _time.GetUtcNow();
            SetUnverifiedSince(since);
            var keep = _time.GetUtcNow() - since < _options.Value.SessionOutageGrace;
            _logger.LogWarning("Sign-in of {User} not checked ({Reason}); {Decision}", authenticationState.User.Identity?.Name, ex.Reason,
                keep ? $"kept until {SignedInUntil:u}" : $"signing out: unchecked since {since:u}");
            return keep;
        }
    }

    /// <summary>Listens for revocations of the user this circuit now holds (none when signed out).</summary>
    private async Task WatchAsync(Task<AuthenticationState> stateTask)
    {
        var state = await stateTask;
        var userId = state.User.Identity?.IsAuthenticated == true ? _resolver.UserIdOf(state.User) : null;
        lock (_lock)
        {
            _watch?.Dispose();
            _watched = state;
            // The check runs off the signalling thread: that is the admin's circuit, which must not wait for ours.
            _watch = userId is null || _disposed.IsCancellationRequested ? null : _revocations.Subscribe(userId, () => _ = Task.Run(() => CheckNowAsync(state)));
        }
    }

    private async Task CheckNowAsync(AuthenticationState state)
    {
        bool valid;
        try
        {
            valid = await CheckAsync(state, _disposed.Token);
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            // As the periodic check does: a check that failed for an unknown reason does not keep anyone signed in.
            _logger.LogError(ex, "Re-checking the sign-in of {User} failed; signing the circuit out", state.User.Identity?.Name);
            valid = false;
        }
        lock (_lock)
        {
            // Only the state that was checked: a newer one (or a sign-out already done) has its own watch.
            if (valid || !ReferenceEquals(_watched, state))
            {
                return;
            }
            _watched = SignedOut;
        }
        SetAuthenticationState(Task.FromResult(SignedOut));
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

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_lock)
            {
                _disposed.Cancel();
                _watch?.Dispose();
                _watch = null;
            }
        }
        base.Dispose(disposing);
    }
}
