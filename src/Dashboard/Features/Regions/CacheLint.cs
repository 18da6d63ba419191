using Dashboard.Dns;
using Dashboard.PowerDns;

namespace Dashboard.Features.Regions;

public enum LintSeverity
{
    Info,
    Warning,
}

/// <summary>One line of a region's configuration lint: which setting, how bad, and what it does, in words.</summary>
public sealed record LintFinding(LintSeverity Severity, string Setting, string Text);

/// <summary>
/// What the lint needs to know of one zone, as stored on the primary: its apex SOA TTL and MINIMUM, its smallest
/// enabled record TTL, and its tier's policy (null when the zone has no tier). A missing SOA leaves both SOA fields null.
/// </summary>
public sealed record ZoneTtls(string Zone, int? SoaTtl, long? SoaMinimum, int? MinRecordTtl, ZonePolicy? Policy)
{
    /// <summary>What a resolver keeps a miss for: min(SOA TTL, SOA MINIMUM) (RFC 2308); null without an SOA.</summary>
    public long? NegativeTtl => SoaTtl is { } ttl && SoaMinimum is { } minimum ? Math.Min(ttl, minimum) : null;
}

/// <summary>
/// Says, in words, where a region's PowerDNS caches make a change or a miss last longer than the zones' own TTLs.
/// Pure: no I/O. The rules, from PowerDNS 4.7's behaviour (../shared/ENVIRONMENT.md has the measurements):
/// <list type="bullet">
/// <item>the packet cache (<c>cache-ttl</c>) and the query cache (<c>query-cache-ttl</c>) keep an answer at most that
/// long and at most the record's TTL; one can refill the other, so an unflushed change can be answered stale for up to
/// min(cache-ttl, TTL) + min(query-cache-ttl, TTL): a warning when that is longer than the TTL itself;</item>
/// <item>the negative query cache (<c>negquery-cache-ttl</c>) keeps a miss that long whatever the zone's negative
/// TTL: a warning for every zone whose negative TTL is shorter;</item>
/// <item><c>zone-cache-refresh-interval</c>: a zone created by SQL answers REFUSED until the zone list is re-read;</item>
/// <item><c>zone-metadata-cache-ttl</c>: a metadata change waits that long.</item>
/// </list>
/// A setting that is unknown is a warning saying so; the rules that need it say nothing rather than guess.
/// </summary>
public static class CacheLint
{
    private const int ZonesNamed = 3;

    public static IReadOnlyList<LintFinding> Check(PowerDnsCacheSettings settings, IReadOnlyList<ZoneTtls> zones)
    {
        var findings = new List<LintFinding>();
        foreach (var unknown in settings.All.Where(s => !s.IsKnown))
        {
            findings.Add(new(LintSeverity.Warning, unknown.Name, $"{unknown.Name}: {unknown.Problem}; the lint cannot say what it does here"));
        }
        if (Stale(settings.CacheTtl, settings.QueryCacheTtl, zones) is { } stale)
        {
            findings.Add(stale);
        }
        if (settings.NegQueryCacheTtl.Seconds is { } negquery)
        {
            findings.AddRange(NegativeCache(settings.NegQueryCacheTtl.Name, negquery, zones));
        }
        if (settings.ZoneCacheRefreshInterval.Seconds is { } refresh)
        {
            findings.Add(new(LintSeverity.Info, settings.ZoneCacheRefreshInterval.Name, refresh == 0
                ? $"{settings.ZoneCacheRefreshInterval.Name} 0 s: the zone cache is off; a new zone answers at once, and a cache flush opens no database connection"
                : $"{settings.ZoneCacheRefreshInterval.Name} {Seconds(refresh)}: a zone created by SQL answers REFUSED here for up to {Duration(refresh)} unless its cache is flushed (the dashboard flushes on create); each API cache flush also opens a new database connection here (about 30 ms a flush on the local stack)"));
        }
        if (settings.ZoneMetadataCacheTtl.Seconds is { } metadata)
        {
            findings.Add(new(LintSeverity.Info, settings.ZoneMetadataCacheTtl.Name, metadata == 0
                ? $"{settings.ZoneMetadataCacheTtl.Name} 0 s: zone metadata is not cached"
                : $"{settings.ZoneMetadataCacheTtl.Name} {Seconds(metadata)}: a change to a zone's metadata (SOA-EDIT, ALLOW-AXFR-FROM, …) takes up to {Duration(metadata)} to apply here"));
        }
        return findings;
    }

    private static LintFinding? Stale(CacheSetting packet, CacheSetting query, IReadOnlyList<ZoneTtls> zones)
    {
        var known = new[] { packet, query }.Where(s => s.IsKnown).ToList();
        if (known.Count == 0)
        {
            return null;
        }
        var label = string.Join(", ", known.Select(s => $"{s.Name} {Seconds(s.Seconds!.Value)}"));
        var total = known.Sum(s => s.Seconds!.Value);
        if (total == 0)
        {
            return new(LintSeverity.Info, known[0].Name, $"{label}: answers are not cached; a replicated change answers at once");
        }
        // Each cache keeps an entry at most the record's TTL, so a record's stale window is the sum of the capped parts.
        var longer = zones
            .Where(z => z.MinRecordTtl is not null)
            .Select(z => (Zone: z, Ttl: z.MinRecordTtl!.Value, Stale: known.Sum(s => Math.Min(s.Seconds!.Value, z.MinRecordTtl!.Value))))
            .Where(x => x.Stale > x.Ttl)
            .OrderBy(x => x.Ttl).ThenBy(x => x.Zone.Zone, StringComparer.Ordinal)
            .ToList();
        var partial = known.Count < 2 ? " (the other cache's setting is unknown, so possibly longer)" : "";
        var text = $"{label}: a change written without a cache flush (SQL, the tunnel service) can be answered stale here for up to {Duration(total)}{partial}, never longer per cache than the record's TTL";
        if (longer.Count == 0)
        {
            return new(LintSeverity.Info, known[0].Name, text + "; within every zone's smallest TTL. The dashboard flushes what it changes");
        }
        var named = Named(longer.Select(x => $"{x.Zone.Zone} ({Seconds(x.Ttl)}: stale up to {Seconds(x.Stale)})").ToList());
        return new(LintSeverity.Warning, known[0].Name, $"{text}; longer than the smallest record TTL of {named}. The dashboard flushes what it changes");
    }

    private static IEnumerable<LintFinding> NegativeCache(string name, int seconds, IReadOnlyList<ZoneTtls> zones)
    {
        if (seconds == 0)
        {
            yield return new(LintSeverity.Info, name, $"{name} 0 s: misses are not cached here; a new name answers as soon as it has replicated");
            yield break;
        }
        var head = $"{name} {Seconds(seconds)}: a name asked for before it exists stays NXDOMAIN here for up to {Duration(seconds)}";
        var shorter = zones
            .Where(z => z.NegativeTtl is { } negative && negative < seconds)
            .OrderBy(z => z.NegativeTtl).ThenBy(z => z.Zone, StringComparer.Ordinal)
            .ToList();
        if (shorter.Count > 0)
        {
            var named = Named(shorter.Select(z => $"{z.Zone} ({Seconds((int)z.NegativeTtl!.Value)})").ToList());
            var tiers = shorter
                .Where(z => z.Policy is { } policy && policy.MaxNegativeTtl < seconds)
                .Select(z => z.Policy!)
                .DistinctBy(p => p.Bounds.TierName)
                .OrderBy(p => p.Bounds.TierName, StringComparer.Ordinal)
                .Select(p => $"the {p.Bounds.TierName} tier allows at most {Seconds(p.MaxNegativeTtl)}")
                .ToList();
            var tierText = tiers.Count > 0 ? $" ({string.Join("; ", tiers)})" : "";
            yield return new(LintSeverity.Warning, name,
                $"{head}, longer than the negative TTL of {named}{tierText}: resolvers ask again sooner and still get the miss. Only a cache flush of the name ends it");
        }
        else
        {
            var smallest = zones.Where(z => z.NegativeTtl is not null).MinBy(z => z.NegativeTtl);
            yield return new(LintSeverity.Info, name, smallest is null
                ? head
                : $"{head}, within every zone's negative TTL (the shortest: {smallest.Zone}, {Seconds((int)smallest.NegativeTtl!.Value)})");
        }
        var withoutSoa = zones.Where(z => z.NegativeTtl is null).Select(z => z.Zone).Order(StringComparer.Ordinal).ToList();
        if (withoutSoa.Count > 0)
        {
            yield return new(LintSeverity.Warning, name, $"{Named(withoutSoa)}: no SOA stored, so no negative TTL to compare {name} with");
        }
    }

    /// <summary>"a", "a and b", "a, b, c and 4 more zones".</summary>
    private static string Named(IReadOnlyList<string> items)
    {
        var shown = items.Take(ZonesNamed).ToList();
        var more = items.Count - shown.Count;
        if (more > 0)
        {
            return $"{string.Join(", ", shown)} and {more} more zone{(more == 1 ? "" : "s")}";
        }
        return shown.Count == 1 ? shown[0] : $"{string.Join(", ", shown[..^1])} and {shown[^1]}";
    }

    private static string Seconds(int seconds) => $"{seconds} s";

    /// <summary>"45 s", "90 s", "5 min", "2 h".</summary>
    private static string Duration(int seconds) => seconds switch
    {
        >= 7200 when seconds % 3600 == 0 => $"{seconds / 3600} h",
        >= 120 when seconds % 60 == 0 => $"{seconds / 60} min",
        _ => $"{seconds} s",
    };
}
