using Dashboard.Client.Live;
using Dashboard.Features.Lag;
using Dashboard.Features.Regions;
using Prometheus;

namespace Dashboard.Features.Metrics;

/// <summary>
/// The figures <c>/metrics</c> exports, in prometheus-net's format, kept current from the live stores (so they cost
/// nothing per scrape and never query a database). Its own registry per app, not the library's static one: two
/// dashboards in one process (the tests) keep their figures apart. Unknown lag is no value at all (the series is
/// removed), never zero: <c>dashboard_replica_state</c> says why.
/// </summary>
public sealed class DashboardMetrics : IHostedService
{
    private readonly LagStore _lag;
    private readonly AlertStore _alerts;
    private readonly RegionStatusStore _regions;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly Gauge _heartbeat;
    private readonly Gauge _replay;
    private readonly Gauge _bytes;
    private readonly Gauge _state;
    private readonly Gauge _sampledAt;
    private readonly Gauge _openAlerts;
    private readonly Gauge _openPropagationAlerts;
    private readonly Gauge _regionHealthy;
    private readonly Gauge _probeRound;

    public DashboardMetrics(LagStore lag, AlertStore alerts, RegionStatusStore regions, Scaleout.DashboardInstance? instance = null)
    {
        _lag = lag;
        _alerts = alerts;
        _regions = regions;
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        _heartbeat = factory.CreateGauge("dashboard_replica_lag_heartbeat_seconds", "How far the replica's copy of the primary's heartbeat row is behind (the headline lag). Absent while unknown.", "region");
        _replay = factory.CreateGauge("dashboard_replica_lag_replay_seconds", "pg_stat_replication.replay_lag on the primary (about 6 % low; absent on an idle primary or a disconnected replica).", "region");
        _bytes = factory.CreateGauge("dashboard_replica_lag_bytes", "WAL bytes between the primary's current LSN and the replica's replay LSN. Absent while unknown.", "region");
        _state = factory.CreateGauge("dashboard_replica_state", "1 for the replica's current state (streaming, catchup, disconnected, unreachable), 0 for the others.", "region", "state");
        _sampledAt = factory.CreateGauge("dashboard_lag_last_sample_timestamp_seconds", "Unix time of the last lag sampling round seen by this instance (stale if no instance samples).");
        _openAlerts = factory.CreateGauge("dashboard_lag_alerts_open", "Open lag alerts, by severity.", "severity");
        _openPropagationAlerts = factory.CreateGauge("dashboard_propagation_alerts_open", "Open propagation alerts (a change the dashboard made not yet visible by DNS in a region), by severity.", "severity");
        _regionHealthy = factory.CreateGauge("dashboard_region_healthy", "1 when the region's database, PowerDNS and every zone's SOA answered as they should at the last probe.", "region");
        _probeRound = factory.CreateGauge("dashboard_region_probe_duration_seconds", "How long the last probe of every region took (the slowest region bounds it).");
        if (instance is not null)
        {
            var leader = factory.CreateGauge("dashboard_instance_leader", "1 on the instance that is the deployment's leader now (writes the heartbeat, samples, evaluates alerts), 0 on the others.", "instance");
            Registry.AddBeforeCollectCallback(() => leader.WithLabels(instance.Name).Set(instance.IsLeader ? 1 : 0));
        }
    }

    public CollectorRegistry Registry { get; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscriptions.Add(_lag.Subscribe(OnLag));
        _subscriptions.Add(_alerts.Subscribe(OnAlerts));
        _subscriptions.Add(_regions.Subscribe(OnRegions));
        OnLag(_lag.Current);
        OnAlerts(_alerts.Current);
        OnRegions(_regions.Current);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }
        _subscriptions.Clear();
        return Task.CompletedTask;
    }

    private void OnLag(LagSnapshot snapshot)
    {
        foreach (var sample in snapshot.Latest)
        {
            Set(_heartbeat, sample.Region, sample.HeartbeatLagMs / 1000);
            Set(_replay, sample.Region, sample.ReplayLagMs / 1000);
            Set(_bytes, sample.Region, sample.ByteLag);
            foreach (var state in Enum.GetValues<ReplicaState>())
            {
                _state.WithLabels(sample.Region, state.ToString().ToLowerInvariant()).Set(state == sample.State ? 1 : 0);
            }
        }
        if (snapshot.At is { } at)
        {
            _sampledAt.Set(at.ToUnixTimeMilliseconds() / 1000.0);
        }
    }

    private static void Set(Gauge gauge, string region, double? value)
    {
        if (value is { } v)
        {
            gauge.WithLabels(region).Set(v);
        }
        else
        {
            gauge.RemoveLabelled(region);
        }
    }

    private void OnAlerts(IReadOnlyList<AlertDto> alerts)
    {
        foreach (var severity in Enum.GetValues<AlertSeverity>())
        {
            _openAlerts.WithLabels(severity.ToString().ToLowerInvariant()).Set(alerts.Count(a => a.Severity == severity && a.Kind == AlertKind.Lag));
            _openPropagationAlerts.WithLabels(severity.ToString().ToLowerInvariant()).Set(alerts.Count(a => a.Severity == severity && a.Kind == AlertKind.Propagation));
        }
    }

    private void OnRegions(RegionSnapshot snapshot)
    {
        foreach (var region in snapshot.Regions)
        {
            _regionHealthy.WithLabels(region.Name).Set(region.IsHealthy ? 1 : 0);
        }
        if (snapshot is { ProbeStartedAt: { } started, UpdatedAt: { } finished })
        {
            _probeRound.Set((finished - started).TotalSeconds);
        }
    }
}
