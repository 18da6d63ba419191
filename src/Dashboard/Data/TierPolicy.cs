using Dashboard.Configuration;

namespace Dashboard.Data;

/// <summary>What a zone tier allows. Lives in the dashboard's schema so that policy changes are data, not deploys.</summary>
public sealed class TierPolicy
{
    public ZoneTier Tier { get; set; }
    public int MinTtl { get; set; }
    public int MaxTtl { get; set; }

    /// <summary>Highest allowed negative-caching TTL, min(SOA TTL, SOA MINIMUM) per RFC 2308.</summary>
    public int MaxNegativeTtl { get; set; }

    /// <summary>Whether the abuse team may take down records in zones of this tier.</summary>
    public bool TakedownsApply { get; set; }
}
