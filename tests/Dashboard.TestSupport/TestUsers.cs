using Dashboard.Features.Auth;

namespace Dashboard.TestSupport;

/// <summary>One account per role, seeded into every dashboard the tests start. Test-only passwords.</summary>
public static class TestUsers
{
    public sealed record TestUser(string UserName, string Password, string Role);

    public static readonly TestUser Admin = new("e2e-admin", "test-admin-password", Roles.Admin);
    public static readonly TestUser Operator = new("operator", "test-operator-password", Roles.Operator);
    public static readonly TestUser OnCall = new("oncall", "test-oncall-password", Roles.OnCall);
    public static readonly TestUser Abuse = new("abuse", "test-abuse-password", Roles.Abuse);

    /// <summary>Signed in, but holding no role: may read and do nothing.</summary>
    public static readonly TestUser NoRole = new("norole", "test-norole-password", "");

    public static readonly IReadOnlyList<TestUser> All = [Admin, Operator, OnCall, Abuse, NoRole];

    public static TestUser ForRole(string role) => All.Single(u => u.Role == role);

    /// <summary>
    /// Environment for a dashboard process: one seed user per role. The test admin is a seed user too, not the
    /// first-start admin, so tests never depend on how a stack's first admin was made.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Environment()
    {
        var env = new Dictionary<string, string>();
        var seeds = All.ToList();
        for (var i = 0; i < seeds.Count; i++)
        {
            env[$"Dashboard__SeedUsers__{i}__UserName"] = seeds[i].UserName;
            env[$"Dashboard__SeedUsers__{i}__Password"] = seeds[i].Password;
            if (seeds[i].Role.Length > 0)
            {
                env[$"Dashboard__SeedUsers__{i}__Roles__0"] = seeds[i].Role;
            }
        }
        // Test runs sign in far more often than people do, all from loopback; the rate limit's own test lowers it.
        env["Dashboard__SignIn__RateLimitPermits"] = "100000";
        // The test users sign in with a password: no role requires two-factor unless a test's own dashboard says so
        // (production's default is Admin and Operator; the two-factor tests run their own dashboard with it).
        env["Dashboard__TwoFactor__RequiredRolesDefault"] = "none";
        return env;
    }
}
