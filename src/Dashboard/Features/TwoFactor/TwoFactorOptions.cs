using Dashboard.Features.Auth;

namespace Dashboard.Features.TwoFactor;

/// <summary><c>Dashboard:TwoFactor</c>.</summary>
public sealed class TwoFactorOptions
{
    public const string SectionName = "Dashboard:TwoFactor";

    /// <summary>
    /// The roles that must sign in with a second factor until an Admin sets the policy on the Users page (which then
    /// is kept in the database and wins): role names separated by commas, or <c>none</c>. Safe by default: Admin and
    /// Operator. <c>./run.sh</c>'s demo and the test stack set <c>none</c> (see the README).
    /// </summary>
    public string RequiredRolesDefault { get; set; } = $"{Roles.Admin},{Roles.Operator}";

    /// <summary>The issuer an authenticator app shows beside the user name.</summary>
    public string Issuer { get; set; } = "Dashboard";

    /// <summary>How long the half-way state of a sign-in (password right, code or enrolment to come) lasts.</summary>
    public TimeSpan PendingSignInLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary><see cref="RequiredRolesDefault"/> as role names; null when it names a role that does not exist.</summary>
    public IReadOnlyList<string>? DefaultRoles => ParseRoles(RequiredRolesDefault);

    public static IReadOnlyList<string>? ParseRoles(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Trim().Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }
        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var roles = names.Select(n => Roles.All.FirstOrDefault(r => r.Equals(n, StringComparison.OrdinalIgnoreCase))).ToList();
        return roles.Any(r => r is null) ? null : roles.OfType<string>().Distinct().Order().ToList();
    }
}
