using System.Globalization;

namespace Dashboard.PowerDns;

/// <summary>
/// One cache setting as a region's PowerDNS reported it: its value in seconds, or why there is none (not reported, or
/// not a number). Never a default filled in: a missing setting stays missing.
/// </summary>
public sealed record CacheSetting(string Name, int? Seconds, string? Problem)
{
    public bool IsKnown => Seconds is not null;

    public static CacheSetting Missing(string name) => new(name, null, "not reported by this PowerDNS");
}

/// <summary>
/// The PowerDNS Authoritative 4.7 settings that decide how long a change or a miss can outlive the zone's own TTLs
/// (see the settings and performance chapters of PowerDNS's documentation):
/// <list type="bullet">
/// <item><c>cache-ttl</c>: the packet cache; a whole answer is kept for at most this, and at most the answer's smallest TTL.</item>
/// <item><c>query-cache-ttl</c>: the backend query cache for names that exist; likewise at most the record's TTL.</item>
/// <item><c>negquery-cache-ttl</c>: the backend query cache for names that do not exist, whatever the zone's negative TTL.</item>
/// <item><c>zone-cache-refresh-interval</c>: how often the list of zones is re-read; a zone created by SQL is
/// REFUSED until then, unless its cache is flushed.</item>
/// <item><c>zone-metadata-cache-ttl</c> (<c>domain-metadata-cache-ttl</c> before 4.7): how long a change to a zone's
/// metadata (SOA-EDIT, ALLOW-AXFR-FROM, …) waits to apply.</item>
/// </list>
/// Each is 0 to turn that cache off.
/// </summary>
public sealed record PowerDnsCacheSettings(
    CacheSetting CacheTtl,
    CacheSetting QueryCacheTtl,
    CacheSetting NegQueryCacheTtl,
    CacheSetting ZoneCacheRefreshInterval,
    CacheSetting ZoneMetadataCacheTtl)
{
    public const string CacheTtlName = "cache-ttl";
    public const string QueryCacheTtlName = "query-cache-ttl";
    public const string NegQueryCacheTtlName = "negquery-cache-ttl";
    public const string ZoneCacheRefreshIntervalName = "zone-cache-refresh-interval";
    public const string ZoneMetadataCacheTtlName = "zone-metadata-cache-ttl";
    private const string DomainMetadataCacheTtlName = "domain-metadata-cache-ttl";

    /// <summary>Every setting, in the order the page shows them.</summary>
    public IReadOnlyList<CacheSetting> All => [CacheTtl, QueryCacheTtl, NegQueryCacheTtl, ZoneCacheRefreshInterval, ZoneMetadataCacheTtl];

    /// <summary>Picks the cache settings out of <c>/config</c>'s list; a name listed twice counts once (its first entry).</summary>
    public static PowerDnsCacheSettings From(IEnumerable<PowerDnsSetting> settings)
    {
        var byName = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var setting in settings)
        {
            byName.TryAdd(setting.Name, setting.Value);
        }
        CacheSetting Read(string name, string? alias = null) =>
            byName.TryGetValue(name, out var value) ? Parse(name, value)
            : alias is not null && byName.TryGetValue(alias, out var old) ? Parse(name, old) with { Name = $"{name} ({alias})" }
            : CacheSetting.Missing(name);
        return new PowerDnsCacheSettings(
            Read(CacheTtlName),
            Read(QueryCacheTtlName),
            Read(NegQueryCacheTtlName),
            Read(ZoneCacheRefreshIntervalName),
            Read(ZoneMetadataCacheTtlName, DomainMetadataCacheTtlName));
    }

    private static CacheSetting Parse(string name, string? value) =>
        int.TryParse(value?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? new CacheSetting(name, seconds, null)
            : new CacheSetting(name, null, $"value '{Shorten(value ?? "")}' is not a number of seconds");

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
