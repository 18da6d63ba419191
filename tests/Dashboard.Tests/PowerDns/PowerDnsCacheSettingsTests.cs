using Dashboard.PowerDns;

namespace Dashboard.Tests.PowerDns;

public sealed class PowerDnsCacheSettingsTests
{
    private static PowerDnsSetting S(string name, string? value) => new(name, value);

    [Fact]
    public void From_PowerDns47Defaults_ReadsEverySetting()
    {
        var settings = PowerDnsCacheSettings.From([
            S("8bit-dns", "no"), S("cache-ttl", "20"), S("query-cache-ttl", "20"), S("negquery-cache-ttl", "60"),
            S("zone-cache-refresh-interval", "300"), S("domain-metadata-cache-ttl", "60"), S("zone-metadata-cache-ttl", "60"),
        ]);

        settings.CacheTtl.Seconds.ShouldBe(20);
        settings.QueryCacheTtl.Seconds.ShouldBe(20);
        settings.NegQueryCacheTtl.Seconds.ShouldBe(60);
        settings.ZoneCacheRefreshInterval.Seconds.ShouldBe(300);
        settings.ZoneMetadataCacheTtl.ShouldBe(new CacheSetting("zone-metadata-cache-ttl", 60, null));
        settings.All.ShouldAllBe(s => s.IsKnown);
    }

    [Fact]
    public void From_SettingMissing_SaysSoAndGuessesNoDefault()
    {
        var settings = PowerDnsCacheSettings.From([S("cache-ttl", "20")]);

        settings.NegQueryCacheTtl.Seconds.ShouldBeNull();
        settings.NegQueryCacheTtl.Problem.ShouldBe("not reported by this PowerDNS");
        settings.All.Count(s => s.IsKnown).ShouldBe(1);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("20s")]
    [InlineData("-1")]
    [InlineData("99999999999")]
    public void From_ValueNotWholeSeconds_IsUnknownWithTheValue(string? value)
    {
        var settings = PowerDnsCacheSettings.From([S("negquery-cache-ttl", value)]);

        settings.NegQueryCacheTtl.Seconds.ShouldBeNull();
        settings.NegQueryCacheTtl.Problem.ShouldBe($"value '{value}' is not a number of seconds");
    }

    [Fact]
    public void From_OnlyTheOldMetadataName_ReadsItUnderBothNames()
    {
        var settings = PowerDnsCacheSettings.From([S("domain-metadata-cache-ttl", "30")]);

        settings.ZoneMetadataCacheTtl.ShouldBe(new CacheSetting("zone-metadata-cache-ttl (domain-metadata-cache-ttl)", 30, null));
    }

    [Fact]
    public void From_NameTwice_FirstCounts()
    {
        PowerDnsCacheSettings.From([S("cache-ttl", "5"), S("cache-ttl", "50")]).CacheTtl.Seconds.ShouldBe(5);
    }
}
