namespace Dashboard.Features.Auth;

/// <summary><c>Dashboard:SignIn</c>: how hard the sign-in form pushes back on guessing and on load.</summary>
public sealed class SignInOptions
{
    public const string SectionName = "Dashboard:SignIn";

    /// <summary>Sign-in posts one client address may make per <see cref="RateLimitWindow"/>; more get HTTP 429.</summary>
    public int RateLimitPermits { get; set; } = 10;

    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Failed sign-ins for one user name from one client address before that pair is blocked.</summary>
    public int MaxFailures { get; set; } = 5;

    /// <summary>How long a (user name, client address) pair stays blocked, and the window its failures are counted in.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Password hashes computed at once (PBKDF2 is deliberately CPU-heavy). The rest wait, so a burst of sign-ins
    /// cannot take every core and thread from the health probes. Default: half the cores, at least one.
    /// </summary>
    public int MaxConcurrentHashing { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>How long a sign-in waits for a hashing slot before it is told the server is busy.</summary>
    public TimeSpan HashingQueueTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
