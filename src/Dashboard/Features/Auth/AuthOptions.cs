namespace Dashboard.Features.Auth;

/// <summary><c>Dashboard:Admin</c> and <c>Dashboard:SeedUsers</c>: the accounts the dashboard makes at start-up.</summary>
public sealed class AuthOptions
{
    public const string AdminPasswordVariable = "DASHBOARD_ADMIN_PASSWORD";

    /// <summary>The first admin, created at first start if no user has the Admin role.</summary>
    public AdminAccountOptions Admin { get; set; } = new();

    /// <summary>
    /// Accounts created at start-up when missing (when present, only a <see cref="SeedUserOptions.PasswordFromConfiguration"/>
    /// one's password is changed). <c>./run.sh</c> uses it for the demo accounts it prints.
    /// </summary>
    public List<SeedUserOptions> SeedUsers { get; set; } = [];

    /// <summary>
    /// How often an open circuit re-checks that its user still exists, is enabled, has the same security stamp and
    /// session: the bound across dashboard instances (on the instance that made a change, circuits hear it at once).
    /// </summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long an open circuit stays signed in while its sign-in cannot be checked because the primary database is
    /// unreachable. "Cannot check" is not "revoked"; but after this long without a check the circuit signs out.
    /// </summary>
    public TimeSpan SessionOutageGrace { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// At most how often a request re-checks its cookie's security stamp and so rewrites its session row and re-issues
    /// the cookie. Revocation does not wait for it: signing out, disabling, role changes, password resets and signing
    /// out everywhere delete the session rows (refused on the next request); this instance's circuits re-check at once
    /// (<see cref="SessionRevocations"/>) and every circuit every <see cref="RevalidationInterval"/>.
    /// </summary>
    public TimeSpan SessionRenewInterval { get; set; } = TimeSpan.FromMinutes(5);
}

public sealed class AdminAccountOptions
{
    public string UserName { get; set; } = "admin";

    /// <summary>From configuration or <c>DASHBOARD_ADMIN_PASSWORD</c>; when both are empty a strong one is generated and printed once.</summary>
    public string? Password { get; set; }
}

public sealed class SeedUserOptions
{
    public string UserName { get; set; } = "";
    public string Password { get; set; } = "";
    public List<string> Roles { get; set; } = [];

    /// <summary>
    /// The account's password is this configuration's: at each start-up a password that differs is reset to it (audited as
    /// a reset by system; the account's sessions end). For accounts whose passwords are printed, as <c>./run.sh</c>'s demo
    /// accounts are: a benchmark run on the same stack seeds the test users of the same names with its own passwords.
    /// </summary>
    public bool PasswordFromConfiguration { get; set; }
}
