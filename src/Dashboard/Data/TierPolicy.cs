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

    // The template a new zone of this tier starts from.

    /// <summary>TTL of new records when the operator gives none.</summary>
    public int DefaultTtl { get; set; }

    public string SoaMname { get; set; } = "";
    public string SoaRname { get; set; } = "";
    public int SoaTtl { get; set; }
    public int SoaRefresh { get; set; }
    public int SoaRetry { get; set; }
    public int SoaExpire { get; set; }

    /// <summary>SOA MINIMUM: with the SOA TTL it sets the negative TTL, min(SOA TTL, MINIMUM) (RFC 2308).</summary>
    public int SoaMinimum { get; set; }

    public string[] Nameservers { get; set; } = [];
}
