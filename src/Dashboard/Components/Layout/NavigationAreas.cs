using Dashboard.Features.Auth;
using MudBlazor;

namespace Dashboard.Components.Layout;

/// <summary>
/// One area of the console in the navigation, shown to roles with <see cref="Permission"/>. An area whose feature has
/// not landed yet is shown disabled and says so.
/// </summary>
public sealed record NavigationArea(string Title, string Href, string Icon, Permission Permission, string? Pending = null)
{
    public bool IsAvailable => Pending is null;
}

public static class NavigationAreas
{
    public static readonly IReadOnlyList<NavigationArea> All =
    [
        new("Zones", DashboardRoutes.Zones, Icons.Material.Filled.Dns, Permission.ReadZones),
        new("Search", Dashboard.Features.Zones.ZoneUrls.Search, Icons.Material.Filled.Search, Permission.ReadZones),
        new("Lag", DashboardRoutes.Lag, Icons.Material.Filled.Timeline, Permission.ReadAll, Pending: "live replica lag"),
        new("Checks", DashboardRoutes.Checks, Icons.Material.Filled.FactCheck, Permission.ReadAll, Pending: "per-region resolution checks"),
        new("Takedowns", DashboardRoutes.Takedowns, Icons.Material.Filled.Gavel, Permission.ReadZones, Pending: "abuse takedowns"),
        new("Routing", DashboardRoutes.Routing, Icons.Material.Filled.AltRoute, Permission.ReadAll, Pending: "Route 53 latency routing"),
        new("Audit", DashboardRoutes.Audit, Icons.Material.Filled.History, Permission.ReadAudit),
        new("Regions", DashboardRoutes.Regions, Icons.Material.Filled.Public, Permission.ReadAll),
        new("Users", DashboardRoutes.Users, Icons.Material.Filled.People, Permission.ManageUsers),
    ];

    public static IEnumerable<NavigationArea> For(Actor actor) => All.Where(a => actor.Can(a.Permission));
}
