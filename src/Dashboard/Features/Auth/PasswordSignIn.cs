using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Auth;

/// <summary>How a sign-in step ended. The page words each one; only <see cref="SignedIn"/> starts a session.</summary>
public enum SignInOutcome
{
    SignedIn,

    /// <summary>Unknown name, wrong password or disabled account: deliberately one outcome.</summary>
    Refused,

    /// <summary>Too many failures for this name from this client (whether or not the name exists).</summary>
    Throttled,

    /// <summary>No hashing slot came free in time; nothing was checked.</summary>
    Busy,

    /// <summary>The password was right and two-factor is on: no session yet, the code page comes next.</summary>
    TwoFactorRequired,

    /// <summary>The password was right, a role of the user requires two-factor and they have none: enrolment comes next, no session yet.</summary>
    EnrolmentRequired,

    /// <summary>The second step found no sign-in half-way (expired, or the account changed meanwhile): sign in again.</summary>
    Expired,
}

/// <summary>
/// The password sign-in of the form, built so its answer and its cost say nothing about which accounts exist: an
/// unknown name is checked against a dummy hash with the same cost as a real one, a disabled account's password is
/// checked before it is refused, and failures are throttled per (name, client), not per account (see
/// <see cref="SignInThrottle"/>). Hashing runs behind a gate of <see cref="SignInOptions.MaxConcurrentHashing"/>. A user
/// with two-factor on, or whose role requires it, gets no session here: only the half-way state of
/// <see cref="TwoFactor.TwoFactorSignIn"/>, for the code page or the set-up page.
/// Scoped (it uses Identity's scoped managers).
/// </summary>
public sealed class PasswordSignIn(
    UserManager<DashboardUser> users,
    SignInManager<DashboardUser> signIn,
    IPasswordHasher<DashboardUser> hasher,
    SignInThrottle throttle,
    PasswordHashingGate gate,
    TwoFactor.TwoFactorPolicy twoFactorPolicy,
    TwoFactor.TwoFactorSignIn twoFactor)
{
    public async Task<SignInOutcome> SignInAsync(string userName, string password, string client, CancellationToken cancellationToken)
    {
        var name = userName.Trim();
        if (throttle.IsBlocked(name, client))
        {
            return SignInOutcome.Throttled;
        }
        using var slot = await gate.EnterAsync(cancellationToken);
        if (slot is null)
        {
            return SignInOutcome.Busy;
        }

        var user = await users.FindByNameAsync(name);
        bool passwordMatches;
        if (user?.PasswordHash is null)
        {
            // Same work as a real check, so the time taken does not tell a guesser that the name does not exist.
            gate.VerifyDummy(hasher, password);
            passwordMatches = false;
        }
        else
        {
            passwordMatches = await users.CheckPasswordAsync(user, password);
        }

        if (!passwordMatches || user is null || user.IsDisabled)
        {
            throttle.RecordFailure(name, client);
            return SignInOutcome.Refused;
        }
        // Half-way only: the failures of this name and client are forgotten once the second factor is right.
        if (await users.GetTwoFactorEnabledAsync(user))
        {
            await twoFactor.StartAsync(user, TwoFactor.PendingStep.Code);
            return SignInOutcome.TwoFactorRequired;
        }
        if ((await twoFactorPolicy.GetAsync(cancellationToken)).Requires(await users.GetRolesAsync(user)))
        {
            await twoFactor.StartAsync(user, TwoFactor.PendingStep.Enrol);
            return SignInOutcome.EnrolmentRequired;
        }
        throttle.RecordSuccess(name, client);
        await signIn.SignInAsync(user, isPersistent: false);
        return SignInOutcome.SignedIn;
    }

    /// <summary>
    /// The key a client is throttled and rate-limited by: its IPv4 address, or its IPv6 /64 (one host usually holds a
    /// whole /64). Requests without an address share one key.
    /// </summary>
    public static string ClientKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }
        return address.ToString();
    }
}

/// <summary>
/// Caps concurrent password hashing (see <see cref="SignInOptions.MaxConcurrentHashing"/>) and holds the dummy hash an
/// unknown name is checked against. Singleton.
/// </summary>
public sealed class PasswordHashingGate
{
    private static readonly DashboardUser DummyUser = new() { UserName = "dummy" };

    private readonly SemaphoreSlim _slots;
    private readonly TimeSpan _queueTimeout;
    private readonly Lazy<string> _dummyHash;

    public PasswordHashingGate(IOptions<SignInOptions> options, IPasswordHasher<DashboardUser> hasher)
    {
        MaxConcurrent = options.Value.MaxConcurrentHashing;
        _slots = new SemaphoreSlim(MaxConcurrent, MaxConcurrent);
        _queueTimeout = options.Value.HashingQueueTimeout;
        // Hashed with the current format and iteration count, so checking it costs what checking a real one does.
        _dummyHash = new Lazy<string>(() => hasher.HashPassword(DummyUser, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))));
    }

    /// <summary>How many hashing slots are taken now.</summary>
    public int InUse => MaxConcurrent - _slots.CurrentCount;

    public int MaxConcurrent { get; }

    /// <summary>A slot to dispose when done, or null when none came free within the queue timeout.</summary>
    public async Task<IDisposable?> EnterAsync(CancellationToken cancellationToken) =>
        await _slots.WaitAsync(_queueTimeout, cancellationToken) ? new Slot(_slots) : null;

    public void VerifyDummy(IPasswordHasher<DashboardUser> hasher, string password) =>
        hasher.VerifyHashedPassword(DummyUser, _dummyHash.Value, password);

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
