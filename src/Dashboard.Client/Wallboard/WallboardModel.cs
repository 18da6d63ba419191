using Dashboard.Client.Live;

namespace Dashboard.Client.Wallboard;

/// <summary>Whether the wallboard is receiving live data.</summary>
public enum WallboardConnection
{
    /// <summary>Not connected yet (the first connect is under way).</summary>
    Connecting,
    Live,

    /// <summary>Cut off from the hub; retrying forever. What it shows is as of <see cref="WallboardModel.LiveUntil"/>.</summary>
    Reconnecting,
}

/// <summary>One tile: a region's health and, for a replica, its lag.</summary>
public sealed record RegionTileModel(
    string Name,
    bool IsPrimary,
    RegionStatusDto? Health,
    LagSampleDto? Latest,
    LagThresholdsDto? Thresholds,
    IReadOnlyList<LagPointDto> Points)
{
    /// <summary>The tile's <c>data-state</c>: the replica state in lower case, "primary", or "unknown" before any sample.</summary>
    public string StateName => IsPrimary ? "primary" : Latest?.State.ToString().ToLowerInvariant() ?? "unknown";

    /// <summary>DISCONNECTED and UNREACHABLE are shown in red: the lag is unknown, not zero.</summary>
    public bool IsCutOff => Latest?.State is ReplicaState.Disconnected or ReplicaState.Unreachable;
}

/// <summary>
/// Everything the wallboard shows, fed by the hub's answers and pushes, and bounded however long it runs: one
/// <see cref="LagRing"/> per replica (5 minutes at up to 4 samples a second) and at most <see cref="MaxAlerts"/> alerts.
/// Regions come from the hub (any number); tiles follow the configuration order of the region list, then any replica
/// the lag stream names that the region list does not (yet). Not thread-safe: one renderer thread applies everything.
/// </summary>
public sealed class WallboardModel
{
    public const int MaxAlerts = 50;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    /// <summary>5 minutes at 4 samples a second (the fastest sample interval is 250 ms).</summary>
    public const int PointsPerRegion = 5 * 60 * 4;

    private readonly Dictionary<string, LagRing> _rings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LagSampleDto> _latest = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LagThresholdsDto> _thresholds = new(StringComparer.Ordinal);
    private IReadOnlyList<RegionStatusDto> _regions = [];
    private IReadOnlyList<AlertDto> _alerts = [];

    public WallboardConnection Connection { get; private set; } = WallboardConnection.Connecting;

    /// <summary>When the connection was last known live (null before the first connect).</summary>
    public DateTimeOffset? LiveUntil { get; private set; }

    /// <summary>Why the last connect attempt failed, in words (null when live).</summary>
    public string? ConnectionProblem { get; private set; }

    public int SampleIntervalMs { get; private set; }

    /// <summary>Open alerts, newest first, at most <see cref="MaxAlerts"/>.</summary>
    public IReadOnlyList<AlertDto> Alerts => _alerts;

    /// <summary>How many open alerts the server has beyond <see cref="Alerts"/>.</summary>
    public int AlertsLeftOut { get; private set; }

    /// <summary>Regions the model keeps a ring for (for tests: a region that vanished must not keep memory forever).</summary>
    public int RingCount => _rings.Count;

    public void Connected(DateTimeOffset now)
    {
        Connection = WallboardConnection.Live;
        LiveUntil = now;
        ConnectionProblem = null;
    }

    public void Disconnected(DateTimeOffset now, string? problem)
    {
        if (Connection == WallboardConnection.Live)
        {
            LiveUntil = now;
        }
        Connection = WallboardConnection.Reconnecting;
        ConnectionProblem = problem;
    }

    public void ApplyRegions(IReadOnlyList<RegionStatusDto> regions)
    {
        _regions = regions;
        DropRingsOfRemovedReplicas();
    }

    /// <summary>The state after a (re)connect: latest samples, alerts, thresholds.</summary>
    public void ApplyOverview(LagOverviewDto overview)
    {
        SampleIntervalMs = overview.SampleIntervalMs;
        _thresholds.Clear();
        foreach (var threshold in overview.Thresholds)
        {
            _thresholds[threshold.Region] = threshold;
        }
        ApplySamples(overview.Latest);
        ApplyAlerts(overview.OpenAlerts);
    }

    /// <summary>Fills the charts after a (re)connect with what the server kept while the wallboard was away.</summary>
    public void ApplyHistory(IReadOnlyList<LagSeriesDto> history)
    {
        foreach (var series in history)
        {
            Ring(series.Region).Merge(series.Points);
        }
    }

    /// <summary>When the newest sample shown was taken (the leader's clock); null before the first.</summary>
    public DateTimeOffset? LatestSampleAt => _latest.Count == 0 ? null : _latest.Values.Max(s => s.At);

    public void ApplySamples(IReadOnlyList<LagSampleDto> samples)
    {
        foreach (var sample in samples)
        {
            if (_latest.TryGetValue(sample.Region, out var previous) && previous.At > sample.At)
            {
                continue;
            }
            _latest[sample.Region] = sample;
            Ring(sample.Region).Add(new LagPointDto(sample.At, sample.State, sample.HeartbeatLagMs));
        }
    }

    public void ApplyAlerts(IReadOnlyList<AlertDto> openAlerts)
    {
        _alerts = openAlerts.Take(MaxAlerts).ToList();
        AlertsLeftOut = Math.Max(0, openAlerts.Count - MaxAlerts);
    }

    /// <summary>The tiles, in order: every configured region, then replicas known only from the lag stream.</summary>
    public IReadOnlyList<RegionTileModel> Tiles()
    {
        var tiles = new List<RegionTileModel>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var region in _regions)
        {
            seen.Add(region.Name);
            var primary = string.Equals(region.Role, "primary", StringComparison.OrdinalIgnoreCase);
            tiles.Add(Tile(region.Name, primary, region));
        }
        foreach (var name in _latest.Keys.Concat(_rings.Keys).Where(seen.Add).ToList())
        {
            tiles.Add(Tile(name, false, null));
        }
        return tiles;
    }

    private RegionTileModel Tile(string name, bool primary, RegionStatusDto? health) => new(
        name,
        primary,
        health,
        primary ? null : _latest.GetValueOrDefault(name),
        _thresholds.GetValueOrDefault(name),
        !primary && _rings.TryGetValue(name, out var ring) ? ring.Points() : []);

    private LagRing Ring(string region)
    {
        if (!_rings.TryGetValue(region, out var ring))
        {
            _rings[region] = ring = new LagRing(PointsPerRegion, Window);
        }
        return ring;
    }

    // A replica taken out of the configuration stops appearing in the region list; its ring goes with it.
    private void DropRingsOfRemovedReplicas()
    {
        if (_regions.Count == 0)
        {
            return;
        }
        var configured = _regions.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _rings.Keys.Where(name => !configured.Contains(name)).ToList())
        {
            _rings.Remove(gone);
            _latest.Remove(gone);
        }
    }
}
