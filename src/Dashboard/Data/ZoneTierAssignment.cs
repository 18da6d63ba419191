using Dashboard.Configuration;

namespace Dashboard.Data;

/// <summary>
/// Which tier a zone is in. Keyed by zone name (PowerDNS's <c>domains.name</c>, which PowerDNS owns, so no foreign key).
/// Seeded at start-up from <c>Dashboard:Zones</c>; written when a zone is created in the console.
/// </summary>
public sealed class ZoneTierAssignment
{
    public string ZoneName { get; set; } = "";
    public ZoneTier Tier { get; set; }
}
