namespace Dashboard.Configuration;

/// <summary>The dashboard's configuration, bound from the <c>Dashboard</c> section and validated at start-up.</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    /// <summary>Every region of the platform: exactly one primary (takes every write) and any number of replicas.</summary>
    public List<RegionOptions> Regions { get; set; } = [];

    /// <summary>The zones the dashboard operates, each with its tier (free or pro).</summary>
    public List<ZoneOptions> Zones { get; set; } = [];

    public DatabaseOptions Database { get; set; } = new();

    /// <summary>How often the region monitor probes every region.</summary>
    public TimeSpan RegionProbeInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Upper bound for one probe of one part (database, DNS, API) of a region.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long opening a database connection may take (Npgsql <c>Timeout</c>, whole seconds).</summary>
    public TimeSpan DatabaseConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long one database statement may run before it is cancelled (Npgsql <c>Command Timeout</c>, whole seconds).</summary>
    public TimeSpan DatabaseCommandTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long one call to a PowerDNS HTTP API (version, cache flush) may take.</summary>
    public TimeSpan PowerDnsApiTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>After a COMMIT, how long each region may take to replay it and flush its caches before it is reported unconfirmed.</summary>
    public TimeSpan PropagationTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

public enum RegionRole
{
    Primary,
    Replica,
}

public sealed class RegionOptions
{
    public string Name { get; set; } = "";
    public RegionRole Role { get; set; }

    /// <summary>Npgsql connection string for this region's database (the one its PowerDNS reads).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary><c>host:port</c> of this region's PowerDNS, answering DNS over UDP and TCP.</summary>
    public string DnsEndpoint { get; set; } = "";

    public string PowerDnsApiUrl { get; set; } = "";
    public string PowerDnsApiKey { get; set; } = "";
}

public enum ZoneTier
{
    Free,
    Pro,
}

public sealed class ZoneOptions
{
    public string Name { get; set; } = "";
    public ZoneTier Tier { get; set; }
}

public sealed class DatabaseOptions
{
    /// <summary>
    /// Connection string of the role that owns the dashboard's schema. Migrations run with it at start-up;
    /// the app itself runs as the primary region's less privileged role.
    /// </summary>
    public string MigrationConnectionString { get; set; } = "";

    public bool ApplyMigrationsAtStartup { get; set; } = true;
}
