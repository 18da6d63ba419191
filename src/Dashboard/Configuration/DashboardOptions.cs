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

    /// <summary>The <c>/metrics</c> endpoint's access.</summary>
    public MetricsOptions Metrics { get; set; } = new();

    /// <summary>Replica lag sampling, history and alerts.</summary>
    public LagOptions Lag { get; set; } = new();

    public ScaleoutOptions Scaleout { get; set; } = new();

    /// <summary>Per-region resolution checks (<c>/checks</c>).</summary>
    public ChecksOptions Checks { get; set; } = new();

    /// <summary>After a COMMIT, how long each region may take to replay it, flush and answer it by DNS before it is shown as "not yet visible".</summary>
    public TimeSpan PropagationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a region that is not yet visible keeps being watched after the COMMIT before it is given up on.</summary>
    public TimeSpan PropagationWatchLimit { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Abuse takedowns: hold lengths per reason.</summary>
    public TakedownOptions Takedowns { get; set; } = new();

    /// <summary>Route 53 latency routing of the client entry names.</summary>
    public RoutingOptions Routing { get; set; } = new();
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

    /// <summary>
    /// The most connections this instance's main pool opens to each region's database (25). Every instance has its
    /// own pools, and PostgreSQL refuses connections past <c>max_connections</c> (100 by default) for everyone, PowerDNS
    /// and the tunnel service included: keep instances × (this + 6) plus their connections under it. Npgsql's default
    /// (100 per pool) let two instances take every slot in a reconnect storm, and the leader could not take its role back.
    /// </summary>
    public int MaxPoolSize { get; set; } = 25;
}

/// <summary>Replica lag: the <c>Dashboard:Lag</c> section.</summary>
public sealed class LagOptions
{
    /// <summary>How often every replica is sampled (1 s; at least 250 ms).</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the heartbeat row on the primary is updated (200 ms; at most the sample interval).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>An alert opens after this many consecutive samples over a threshold and closes after as many under it.</summary>
    public int AlertAfterSamples { get; set; } = 3;

    /// <summary>Thresholds for every region without its own entry in <see cref="Regions"/>.</summary>
    public LagThresholds Thresholds { get; set; } = new();

    /// <summary>Per-region thresholds, by region name.</summary>
    public Dictionary<string, LagThresholds> Regions { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long per-minute history is kept in the database (7 days).</summary>
    public TimeSpan HistoryRetention { get; set; } = TimeSpan.FromDays(7);

    public LagThresholds For(string region) => Regions.TryGetValue(region, out var own) ? own : Thresholds;
}

/// <summary>Resolution checks: the <c>Dashboard:Checks</c> section.</summary>
public sealed class ChecksOptions
{
    /// <summary>How long one DNS query to one region's PowerDNS may take before its cell is a timeout (1 s).</summary>
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>At most this many DNS queries of one check in flight at once, over all regions (64).</summary>
    public int MaxConcurrentQueries { get; set; } = 64;

    /// <summary>At most this many cache-flush calls of one check in flight at once, over all regions (8).</summary>
    public int MaxConcurrentFlushes { get; set; } = 8;

    /// <summary>
    /// When more names than this drew a miss from one region in one zone, that region's cache is flushed once at the
    /// zone's apex (PowerDNS drops the apex and every name below it) instead of once per name (10).
    /// </summary>
    public int ZoneFlushThreshold { get; set; } = 10;

    /// <summary>The most names one check takes (1,000).</summary>
    public int MaxNames { get; set; } = 1000;
}

/// <summary>Heartbeat lag thresholds; warning must be below critical.</summary>
public sealed class LagThresholds
{
    public TimeSpan Warning { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan Critical { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>The <c>Dashboard:Metrics</c> section.</summary>
public sealed class MetricsOptions
{
    /// <summary>
    /// The bearer token a Prometheus scrape must send to <c>/metrics</c>. Unset: only loopback clients are answered.
    /// Keep it out of the repo (environment variable <c>Dashboard__Metrics__BearerToken</c> or a secrets store).
    /// </summary>
    public string? BearerToken { get; set; }
}
