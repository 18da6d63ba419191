namespace Dashboard.Features.Zones;

/// <summary>Builds the zone pages' links, so no page spells a zone URL by hand.</summary>
public static class ZoneUrls
{
    public const string Search = "/search";

    public static string Zone(string zone) => $"{DashboardRoutes.Zones}/{Uri.EscapeDataString(zone)}";

    /// <summary>The zone page showing just the RRsets of <paramref name="name"/> (every name starting with it).</summary>
    public static string ZoneFilteredTo(string zone, string name) => $"{Zone(zone)}?prefix={Uri.EscapeDataString(name)}";

    public static string Export(string zone) => ZoneExportEndpoint.PathFor(zone);

    public static string Import(string zone) => ZoneImportEndpoint.PathFor(zone);
}
