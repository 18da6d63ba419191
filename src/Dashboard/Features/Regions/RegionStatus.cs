using Dashboard.Configuration;
using Dashboard.PowerDns;

namespace Dashboard.Features.Regions;

/// <summary>What one probe found out about one region. Immutable; a new probe makes a new one.</summary>
public sealed record RegionStatus(
    string Name,
    RegionRole ConfiguredRole,
    DateTimeOffset CheckedAt,
    DatabaseStatus Database,
    PowerDnsStatus PowerDns,
    IReadOnlyList<ZoneSoaStatus> Zones,
    RegionConfigStatus? Config = null,
    string? ZonesNote = null)
{
    /// <summary>Each part that is not as it should be, in words an on-call engineer can act on.</summary>
    /// <remarks>Derived on every read, so a copy made with <c>with</c> can never carry a stale verdict.</remarks>
    public IReadOnlyList<string> Problems => FindProblems(ConfiguredRole, Database, PowerDns, Zones);

    public bool IsHealthy => Problems.Count == 0;

    private static List<string> FindProblems(RegionRole configured, DatabaseStatus database, PowerDnsStatus powerDns, IReadOnlyList<ZoneSoaStatus> zones)
    {
        var problems = new List<string>();
        if (!database.IsUp)
        {
            problems.Add($"database down: {database.Error}");
        }
        else if (database.ActualRole != configured)
        {
            problems.Add($"database is {database.ActualRole?.ToString().ToLowerInvariant()} but configured as {configured.ToString().ToLowerInvariant()}");
        }
        if (!powerDns.IsUp)
        {
            problems.Add($"PowerDNS API down: {powerDns.Error}");
        }
        foreach (var zone in zones.Where(z => !z.IsAnswering))
        {
            problems.Add($"{zone.Zone} SOA: {zone.Error}");
        }
        return problems;
    }
}

public sealed record DatabaseStatus(bool IsUp, RegionRole? ActualRole, string? Detail, string? Error)
{
    public static DatabaseStatus Down(string error) => new(false, null, null, error);
}

public sealed record PowerDnsStatus(bool IsUp, string? Version, string? Error)
{
    public static PowerDnsStatus Down(string error) => new(false, null, error);
}

/// <summary>The SOA of one zone as this region's PowerDNS answers it over DNS.</summary>
public sealed record ZoneSoaStatus(string Zone, bool IsAnswering, uint? Serial, string ResponseCode, string? Error);

/// <summary>
/// The region's PowerDNS cache settings as its API reported them, when, and the lint of them against every zone's TTLs.
/// Not part of the region's health: a PowerDNS whose API does not answer shows that here (and under PowerDNS) only.
/// </summary>
public sealed record RegionConfigStatus(PowerDnsCacheSettings? Settings, DateTimeOffset? ReadAt, string? Error, IReadOnlyList<LintFinding> Lint)
{
    public static RegionConfigStatus NotRead(string error) => new(null, null, error, []);
}
