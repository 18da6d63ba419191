using Dashboard.Configuration;

namespace Dashboard.Tests.Configuration;

public sealed class ValidateDashboardOptionsTests
{
    private static DashboardOptions ValidOptions() => new()
    {
        Database = new DatabaseOptions { MigrationConnectionString = "Host=127.0.0.1;Port=15400;Database=pdns;Username=dashboard_migrator" },
        Regions =
        [
            Region("us", RegionRole.Primary, 0),
            Region("eu", RegionRole.Replica, 1),
            Region("ap", RegionRole.Replica, 2),
        ],
        Zones =
        [
            new ZoneOptions { Name = "free.tunnel.test", Tier = ZoneTier.Free },
            new ZoneOptions { Name = "pro.tunnel.test", Tier = ZoneTier.Pro },
        ],
    };

    private static RegionOptions Region(string name, RegionRole role, int offset) => new()
    {
        Name = name,
        Role = role,
        ConnectionString = $"Host=127.0.0.1;Port={15400 + offset};Database=pdns;Username=dashboard",
        DnsEndpoint = $"127.0.0.1:{15410 + offset}",
        PowerDnsApiUrl = $"http://127.0.0.1:{15420 + offset}",
        PowerDnsApiKey = "key",
    };

    private static IReadOnlyList<string> Errors(DashboardOptions options) =>
        new ValidateDashboardOptions().Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void Validate_CompleteConfiguration_Succeeds()
    {
        new ValidateDashboardOptions().Validate(null, ValidOptions()).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void Validate_NoRegions_NamesTheSetting()
    {
        var options = ValidOptions();
        options.Regions.Clear();

        Errors(options).ShouldContain(e => e.Contains("Dashboard:Regions is empty"));
    }

    [Fact]
    public void Validate_TwoPrimaries_Fails()
    {
        var options = ValidOptions();
        options.Regions[1].Role = RegionRole.Primary;

        Errors(options).ShouldContain(e => e.Contains("exactly one region with Role Primary; found 2"));
    }

    [Fact]
    public void Validate_NoPrimary_Fails()
    {
        var options = ValidOptions();
        options.Regions[0].Role = RegionRole.Replica;

        Errors(options).ShouldContain(e => e.Contains("found 0"));
    }

    [Fact]
    public void Validate_DuplicateRegionName_Fails()
    {
        var options = ValidOptions();
        options.Regions[2].Name = "eu";

        Errors(options).ShouldContain(e => e.Contains("names region 'eu' 2 times"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("EU")]
    [InlineData("eu west")]
    public void Validate_BadRegionName_Fails(string name)
    {
        var options = ValidOptions();
        options.Regions[1].Name = name;

        Errors(options).ShouldContain(e => e.StartsWith("Dashboard:Regions:1:Name"));
    }

    [Fact]
    public void Validate_MissingApiKey_PointsAtSecretsNotAppsettings()
    {
        var options = ValidOptions();
        options.Regions[2].PowerDnsApiKey = "";

        var error = Errors(options).ShouldHaveSingleItem();
        error.ShouldContain("Dashboard:Regions:2 (ap):PowerDnsApiKey is empty");
        error.ShouldContain("never appsettings.json");
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1")]
    [InlineData("localhost:53")]
    [InlineData("127.0.0.1:0")]
    public void Validate_BadDnsEndpoint_Fails(string endpoint)
    {
        var options = ValidOptions();
        options.Regions[0].DnsEndpoint = endpoint;

        Errors(options).ShouldContain(e => e.Contains("DnsEndpoint") && e.Contains("must be an IP address and port"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1:15420")]
    [InlineData("ftp://127.0.0.1:15420")]
    public void Validate_BadApiUrl_Fails(string url)
    {
        var options = ValidOptions();
        options.Regions[0].PowerDnsApiUrl = url;

        Errors(options).ShouldContain(e => e.Contains("PowerDnsApiUrl"));
    }

    [Fact]
    public void Validate_EmptyConnectionString_Fails()
    {
        var options = ValidOptions();
        options.Regions[1].ConnectionString = "";

        Errors(options).ShouldContain("Dashboard:Regions:1 (eu):ConnectionString is empty.");
    }

    [Fact]
    public void Validate_MalformedConnectionString_Fails()
    {
        var options = ValidOptions();
        options.Regions[1].ConnectionString = "Host=127.0.0.1;NoSuchKeyword=1";

        Errors(options).ShouldContain(e => e.Contains("(eu):ConnectionString is not a valid PostgreSQL connection string"));
    }

    [Fact]
    public void Validate_MigrationsOnWithoutConnectionString_Fails()
    {
        var options = ValidOptions();
        options.Database.MigrationConnectionString = "";

        Errors(options).ShouldContain(e => e.Contains("MigrationConnectionString is empty"));
    }

    [Fact]
    public void Validate_MigrationsOffWithoutConnectionString_Succeeds()
    {
        var options = ValidOptions();
        options.Database.MigrationConnectionString = "";
        options.Database.ApplyMigrationsAtStartup = false;

        Errors(options).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Free.Tunnel.Test")]
    [InlineData("free.tunnel.test.")]
    [InlineData("")]
    public void Validate_BadZoneName_Fails(string zone)
    {
        var options = ValidOptions();
        options.Zones[0].Name = zone;

        Errors(options).ShouldContain(e => e.StartsWith("Dashboard:Zones:0:Name"));
    }

    [Fact]
    public void Validate_DuplicateZone_Fails()
    {
        var options = ValidOptions();
        options.Zones[1].Name = "free.tunnel.test";

        Errors(options).ShouldContain(e => e.Contains("names zone 'free.tunnel.test' 2 times"));
    }

    [Fact]
    public void Validate_ProbeIntervalTooShort_Fails()
    {
        var options = ValidOptions();
        options.RegionProbeInterval = TimeSpan.FromMilliseconds(10);

        Errors(options).ShouldContain(e => e.Contains("RegionProbeInterval"));
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEach()
    {
        var options = ValidOptions();
        options.Regions[0].PowerDnsApiKey = "";
        options.Regions[1].PowerDnsApiKey = "";
        options.Zones[0].Name = "";

        Errors(options).Count.ShouldBe(3);
    }

    [Fact]
    public void Validate_TimeoutsOutOfRange_NameEachSetting()
    {
        var options = ValidOptions();
        options.DatabaseConnectTimeout = TimeSpan.Zero;
        options.DatabaseCommandTimeout = TimeSpan.FromHours(1);
        options.PowerDnsApiTimeout = TimeSpan.FromMilliseconds(10);
        options.PropagationTimeout = TimeSpan.FromMinutes(10);

        var errors = Errors(options);

        errors.Count.ShouldBe(4);
        errors.ShouldContain(e => e.StartsWith("Dashboard:DatabaseConnectTimeout is 00:00:00;"));
        errors.ShouldContain(e => e.StartsWith("Dashboard:DatabaseCommandTimeout is 01:00:00;"));
        errors.ShouldContain(e => e.StartsWith("Dashboard:PowerDnsApiTimeout is 00:00:00.0100000;"));
        errors.ShouldContain(e => e.StartsWith("Dashboard:PropagationTimeout is 00:10:00;"));
    }

    [Fact]
    public void Validate_LagDefaults_Succeed()
    {
        var options = ValidOptions();
        options.Lag.Regions["eu"] = new LagThresholds { Warning = TimeSpan.FromMilliseconds(500), Critical = TimeSpan.FromSeconds(2) };

        new ValidateDashboardOptions().Validate(null, options).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void Validate_LagOutOfRange_NamesEachSetting()
    {
        var options = ValidOptions();
        options.Lag.SampleInterval = TimeSpan.FromMilliseconds(100);
        options.Lag.AlertAfterSamples = 0;
        options.Lag.HistoryRetention = TimeSpan.FromHours(12);
        options.Lag.Thresholds = new LagThresholds { Warning = TimeSpan.FromSeconds(5), Critical = TimeSpan.FromSeconds(5) };
        options.Lag.Regions["us"] = new LagThresholds();
        options.Lag.Regions["mars"] = new LagThresholds();

        var errors = Errors(options);

        errors.ShouldContain(e => e.StartsWith("Dashboard:Lag:SampleInterval is 00:00:00.1000000;"));
        // The 200 ms heartbeat is now longer than the 100 ms sample interval.
        errors.ShouldContain(e => e.StartsWith("Dashboard:Lag:HeartbeatInterval is 00:00:00.2000000;"));
        errors.ShouldContain(e => e.StartsWith("Dashboard:Lag:AlertAfterSamples is 0;"));
        errors.ShouldContain(e => e.StartsWith("Dashboard:Lag:HistoryRetention is 12:00:00;"));
        errors.ShouldContain(e => e.StartsWith("Dashboard:Lag:Thresholds:Warning (00:00:05) must be below"));
        errors.ShouldContain(e => e.StartsWith("Dashboard:Lag:Regions:us names no configured replica"));
        errors.ShouldContain(e => e.StartsWith("Dashboard:Lag:Regions:mars names no configured replica (replicas: ap, eu)"));
        errors.Count.ShouldBe(7);
    }
}
