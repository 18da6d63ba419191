using Dashboard.Configuration;

namespace Dashboard.Features.Zones;

/// <summary>One zone of the zone list, as read. SOA fields are null when the zone has no (valid) SOA record.</summary>
public sealed record ZoneSummary(
    string Name, ZoneTier? Tier, long RecordCount, long? Serial, int? SoaTtl, long? SoaMinimum, int? MaxNegativeTtl)
{
    /// <summary>"free", "pro" or "unassigned".</summary>
    public string TierLabel => ZoneTierLabel.Of(Tier);

    /// <summary>What a resolver caches a miss for: min(SOA TTL, SOA MINIMUM) (RFC 2308).</summary>
    public long? NegativeTtl => SoaTtl is { } ttl && SoaMinimum is { } minimum ? Math.Min(ttl, minimum) : null;

    public bool NegativeTtlTooHigh => NegativeTtl is { } negative && MaxNegativeTtl is { } max && negative > max;

    /// <summary>The warning in plain words ("negative TTL 300 s > free tier max 30 s"), or null.</summary>
    public string? NegativeTtlWarning => NegativeTtlTooHigh ? $"negative TTL {NegativeTtl} s > {TierLabel} tier max {MaxNegativeTtl} s" : null;
}

/// <summary>The zone page's header: the zone, its tier and SOA as stored now.</summary>
public sealed record ZoneDetail(
    int DomainId, string Name, ZoneTier? Tier, string? SoaContent, int? SoaTtl, long? Serial, long? SoaMinimum, int? MaxNegativeTtl)
{
    public string TierLabel => ZoneTierLabel.Of(Tier);
    public long? NegativeTtl => SoaTtl is { } ttl && SoaMinimum is { } minimum ? Math.Min(ttl, minimum) : null;
    public bool NegativeTtlTooHigh => NegativeTtl is { } negative && MaxNegativeTtl is { } max && negative > max;
}

public static class ZoneTierLabel
{
    public const string Unassigned = "unassigned";

    public static string Of(ZoneTier? tier) => tier?.ToString().ToLowerInvariant() ?? Unassigned;
}
