namespace Dashboard.Dns;

/// <summary>The TTL range a zone's tier allows, e.g. <c>new TtlBounds(30, 86400, "free")</c>.</summary>
public sealed record TtlBounds(int MinTtl, int MaxTtl, string TierName);
