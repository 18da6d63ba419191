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
        new("Zones", DashboardUrls.ZonesPath, Icons.Material.Filled.Dns, Permission.ReadZones),
        new("Search", DashboardUrls.SearchPath, Icons.Material.Filled.Search, Permission.ReadZones),
        new("Lag", DashboardUrls.LagPath, Icons.Material.Filled.Timeline, Permission.ReadAll),
        new("Checks", DashboardUrls.ChecksPath, Icons.Material.Filled.FactCheck, Permission.RunChecks),
        new("Takedowns", DashboardUrls.TakedownsPath, Icons.Material.Filled.Gavel, Permission.Takedown),
        new("Routing", DashboardUrls.RoutingPath, Icons.Material.Filled.AltRoute, Permission.ReadAll),
        new("Audit", DashboardUrls.AuditPath, Icons.Material.Filled.History, Permission.ReadAudit),
        new("Regions", DashboardUrls.RegionsPath, Icons.Material.Filled.Public, Permission.ReadAll),
        new("Users", DashboardUrls.UsersPath, Icons.Material.Filled.People, Permission.ManageUsers),
        new("API keys", DashboardUrls.KeysPath, Icons.Material.Filled.Key, Permission.ManageUsers),
    ];

    public static IEnumerable<NavigationArea> For(Actor actor) => All.Where(a => actor.Can(a.Permission));
}
