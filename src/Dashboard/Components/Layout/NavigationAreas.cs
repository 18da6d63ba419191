using MudBlazor;

namespace Dashboard.Components.Layout;

/// <summary>One area of the console in the navigation. An area whose feature has not landed yet is shown disabled and says so.</summary>
public sealed record NavigationArea(string Title, string Href, string Icon, string? Pending = null)
{
    public bool IsAvailable => Pending is null;
}

public static class NavigationAreas
{
    public static readonly IReadOnlyList<NavigationArea> All =
    [
        new("Zones", DashboardRoutes.Zones, Icons.Material.Filled.Dns, Pending: "zones and records"),
        new("Lag", DashboardRoutes.Lag, Icons.Material.Filled.Timeline, Pending: "live replica lag"),
        new("Checks", DashboardRoutes.Checks, Icons.Material.Filled.FactCheck, Pending: "per-region resolution checks"),
        new("Takedowns", DashboardRoutes.Takedowns, Icons.Material.Filled.Gavel, Pending: "abuse takedowns"),
        new("Routing", DashboardRoutes.Routing, Icons.Material.Filled.AltRoute, Pending: "Route 53 latency routing"),
        new("Audit", DashboardRoutes.Audit, Icons.Material.Filled.History, Pending: "audit trail"),
        new("Regions", DashboardRoutes.Regions, Icons.Material.Filled.Public),
    ];
}
