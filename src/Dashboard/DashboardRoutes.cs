namespace Dashboard;

/// <summary>Every route of the console in one place, so links and tests never spell a path by hand.</summary>
public static class DashboardRoutes
{
    public const string Zones = "/zones";
    public const string Lag = "/lag";
    public const string Checks = "/checks";
    public const string Takedowns = "/takedowns";
    public const string Routing = "/routing";
    public const string Audit = "/audit";
    public const string Regions = "/regions";
    public const string Users = "/users";
    public const string Healthz = "/healthz";
    public const string Account = "/account";
    public const string Wallboard = "/wallboard";

    /// <summary>Routes rendered as static server-side pages (no interactive circuit).</summary>
    public static bool IsStaticRoute(PathString path) =>
        path.StartsWithSegments(Account, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/Error", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(Wallboard, StringComparison.OrdinalIgnoreCase);
}
