using Dashboard.Data;

namespace Dashboard.Dns;

/// <summary>What the zone's tier allows, as staging and apply check it.</summary>
public sealed record ZonePolicy(TtlBounds Bounds, int MaxNegativeTtl, int DefaultTtl)
{
    public static ZonePolicy From(TierPolicy tier) =>
        new(new TtlBounds(tier.MinTtl, tier.MaxTtl, tier.Tier.ToString().ToLowerInvariant()), tier.MaxNegativeTtl, tier.DefaultTtl);

    /// <summary>Plain-words refusal when min(SOA TTL, MINIMUM) is above the tier's maximum negative TTL, else null.</summary>
    public string? CheckNegativeTtl(int soaTtl, long minimum)
    {
        var negative = Math.Min(soaTtl, minimum);
        return negative > MaxNegativeTtl
            ? $"The negative TTL, min(SOA TTL {soaTtl}, MINIMUM {minimum}) = {negative} s, is above the {Bounds.TierName} tier's maximum of {MaxNegativeTtl} s: resolvers would hide a newly created name for that long"
            : null;
    }
}
