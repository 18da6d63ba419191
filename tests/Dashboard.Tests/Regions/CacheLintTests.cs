using Dashboard.Dns;
using Dashboard.Features.Regions;
using Dashboard.PowerDns;

namespace Dashboard.Tests.Regions;

public sealed class CacheLintTests
{
    private static readonly ZonePolicy Free = new(new TtlBounds(10, 3600, "free"), MaxNegativeTtl: 30, DefaultTtl: 30);
    private static readonly ZonePolicy Pro = new(new TtlBounds(30, 86400, "pro"), MaxNegativeTtl: 300, DefaultTtl: 300);

    // The demo zones: free's negative TTL min(60, 10) = 10 s, its tunnels 30 s; pro's min(300, 60) = 60 s, tunnels 60 s.
    private static readonly ZoneTtls FreeZone = new("free.tunnel.test", 60, 10, 30, Free);
    private static readonly ZoneTtls ProZone = new("pro.tunnel.test", 300, 60, 60, Pro);

    private static PowerDnsCacheSettings Settings(string? cache = "20", string? query = "20", string? negquery = "60", string? refresh = "300", string? metadata = "60")
    {
        var list = new List<PowerDnsSetting>();
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                list.Add(new PowerDnsSetting(name, value));
            }
        }
        Add("cache-ttl", cache);
        Add("query-cache-ttl", query);
        Add("negquery-cache-ttl", negquery);
        Add("zone-cache-refresh-interval", refresh);
        Add("zone-metadata-cache-ttl", metadata);
        return PowerDnsCacheSettings.From(list);
    }

    private static LintFinding Single(IReadOnlyList<LintFinding> findings, string setting) =>
        findings.Where(f => f.Setting == setting).ShouldHaveSingleItem();

    [Fact]
    public void Check_DefaultsOnDemoZones_WarnsOnNegativeCacheAndStalenessForFreeOnly()
    {
        var findings = CacheLint.Check(Settings(), [FreeZone, ProZone]);

        findings.Select(f => (f.Severity, f.Setting)).ShouldBe([
            (LintSeverity.Warning, "cache-ttl"),
            (LintSeverity.Warning, "negquery-cache-ttl"),
            (LintSeverity.Info, "zone-cache-refresh-interval"),
            (LintSeverity.Info, "zone-metadata-cache-ttl"),
        ]);
        Single(findings, "negquery-cache-ttl").Text.ShouldBe(
            "negquery-cache-ttl 60 s: a name asked for before it exists stays NXDOMAIN here for up to 60 s, longer than the negative TTL of " +
            "free.tunnel.test (10 s) (the free tier allows at most 30 s): resolvers ask again sooner and still get the miss. Only a cache flush of the name ends it");
        Single(findings, "cache-ttl").Text.ShouldBe(
            "cache-ttl 20 s, query-cache-ttl 20 s: a change written without a cache flush (SQL, the tunnel service) can be answered stale here for up to 40 s, " +
            "never longer per cache than the record's TTL; longer than the smallest record TTL of free.tunnel.test (30 s: stale up to 40 s). The dashboard flushes what it changes");
        Single(findings, "zone-cache-refresh-interval").Text.ShouldBe(
            "zone-cache-refresh-interval 300 s: a zone created by SQL answers REFUSED here for up to 5 min unless its cache is flushed (the dashboard flushes on create); each API cache flush also opens a new database connection here (about 30 ms a flush on the local stack)");
        Single(findings, "zone-metadata-cache-ttl").Text.ShouldContain("takes up to 60 s to apply here");
    }

    [Fact]
    public void Check_NegativeCacheWithinEveryZone_IsInfoNamingTheShortest()
    {
        var finding = Single(CacheLint.Check(Settings(negquery: "10"), [FreeZone, ProZone]), "negquery-cache-ttl");

        finding.Severity.ShouldBe(LintSeverity.Info);
        finding.Text.ShouldBe("negquery-cache-ttl 10 s: a name asked for before it exists stays NXDOMAIN here for up to 10 s, within every zone's negative TTL (the shortest: free.tunnel.test, 10 s)");
    }

    [Fact]
    public void Check_NegativeCacheLongerButWithinTier_NamesNoTier()
    {
        var finding = Single(CacheLint.Check(Settings(negquery: "20"), [FreeZone]), "negquery-cache-ttl");

        finding.Severity.ShouldBe(LintSeverity.Warning);
        finding.Text.ShouldContain("longer than the negative TTL of free.tunnel.test (10 s): resolvers");
    }

    [Fact]
    public void Check_ManyZonesShorter_NamesThreeShortestAndCountsTheRest()
    {
        var zones = Enumerable.Range(1, 6).Select(i => new ZoneTtls($"z{i}.test", 60, i, 60, null)).Reverse().ToList();

        var finding = Single(CacheLint.Check(Settings(), zones), "negquery-cache-ttl");

        finding.Text.ShouldContain("longer than the negative TTL of z1.test (1 s), z2.test (2 s), z3.test (3 s) and 3 more zones: resolvers");
    }

    [Fact]
    public void Check_CachesOff_SaysSoWithoutWarnings()
    {
        var findings = CacheLint.Check(Settings(cache: "0", query: "0", negquery: "0", refresh: "0", metadata: "0"), [FreeZone, ProZone]);

        findings.ShouldAllBe(f => f.Severity == LintSeverity.Info);
        Single(findings, "cache-ttl").Text.ShouldBe("cache-ttl 0 s, query-cache-ttl 0 s: answers are not cached; a replicated change answers at once");
        Single(findings, "negquery-cache-ttl").Text.ShouldContain("misses are not cached here");
        Single(findings, "zone-cache-refresh-interval").Text.ShouldContain("the zone cache is off");
    }

    [Fact]
    public void Check_StalenessWithinTtl_IsInfo()
    {
        var finding = Single(CacheLint.Check(Settings(cache: "10", query: "10"), [FreeZone, ProZone]), "cache-ttl");

        finding.Severity.ShouldBe(LintSeverity.Info);
        finding.Text.ShouldContain("up to 20 s, never longer per cache than the record's TTL; within every zone's smallest TTL");
    }

    [Fact]
    public void Check_CacheCappedByRecordTtl_ComparesTheCappedSum()
    {
        // cache-ttl 100 and query-cache-ttl 100 against a 30 s record: each keeps it at most 30 s, 60 s in all.
        var finding = Single(CacheLint.Check(Settings(cache: "100", query: "100"), [FreeZone]), "cache-ttl");

        finding.Text.ShouldContain("free.tunnel.test (30 s: stale up to 60 s)");
    }

    [Fact]
    public void Check_SettingsMissing_WarnEachAndGuessNothing()
    {
        var findings = CacheLint.Check(Settings(cache: null, negquery: null, refresh: "soon"), [FreeZone]);

        Single(findings, "negquery-cache-ttl").ShouldBe(new LintFinding(LintSeverity.Warning, "negquery-cache-ttl",
            "negquery-cache-ttl: not reported by this PowerDNS; the lint cannot say what it does here"));
        Single(findings, "zone-cache-refresh-interval").Text.ShouldBe("zone-cache-refresh-interval: value 'soon' is not a number of seconds; the lint cannot say what it does here");
        findings.Where(f => f.Setting == "cache-ttl").ShouldHaveSingleItem().Severity.ShouldBe(LintSeverity.Warning);
        // The staleness line uses only what is known, and says the rest may add to it.
        Single(findings, "query-cache-ttl").Text.ShouldContain("query-cache-ttl 20 s: a change written without a cache flush (SQL, the tunnel service) can be answered stale here for up to 20 s (the other cache's setting is unknown, so possibly longer)");
    }

    [Fact]
    public void Check_ZoneWithoutSoa_SaysItsNegativeTtlIsUnknown()
    {
        var findings = CacheLint.Check(Settings(), [FreeZone, new ZoneTtls("bare.test", null, null, null, null)]);

        findings.ShouldContain(new LintFinding(LintSeverity.Warning, "negquery-cache-ttl", "bare.test: no SOA stored, so no negative TTL to compare negquery-cache-ttl with"));
    }

    [Fact]
    public void Check_NoZones_StillDescribesTheSettings()
    {
        var findings = CacheLint.Check(Settings(), []);

        Single(findings, "negquery-cache-ttl").Text.ShouldBe("negquery-cache-ttl 60 s: a name asked for before it exists stays NXDOMAIN here for up to 60 s");
        Single(findings, "cache-ttl").Severity.ShouldBe(LintSeverity.Info);
    }
}
