using Dashboard.Client.Live;
using Dashboard.Configuration;
using Dashboard.Features.Auth;
using Dashboard.Features.Regions;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Charts;

namespace Dashboard.Features.Lag;

/// <summary>
/// Live replica lag for on-call: every replica's latest sample (live from <see cref="LagStore"/>), a chart over
/// 5 min / 1 h (the in-memory hour) or 24 h / 7 d (the per-minute history in the database), the open alerts with
/// acknowledgement, each region's SOA serials against the primary's, and the Admin's lag drill.
/// </summary>
public partial class LagPage : IDisposable
{
    internal static readonly string[] DrillDelays = ["250ms", "500ms", "1s", "2s", "5s", "30s"];

    private static readonly TimeSpan DatabaseRangeRefresh = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan DrillRefresh = TimeSpan.FromSeconds(10);

    private readonly List<IDisposable> _subscriptions = [];
    private readonly Dictionary<long, string?> _notes = [];
    private readonly CancellationTokenSource _disposed = new();
    private IReadOnlyList<string> _ignored = [];
    private LagRange _range = LagRange.FiveMinutes;
    private LagSnapshot _snapshot = LagSnapshot.Empty;
    private IReadOnlyList<AlertDto> _alerts = [];
    private IReadOnlyList<LagDrillStatus> _drills = [];
    private List<ChartSeries<double>> _series = [];
    private string? _chartError;
    private string? _ackError;
    private string? _drillError;
    private string? _drillRegion;
    private string? _drillDelay = "500ms";
    private bool _drillBusy;
    private bool _canAcknowledge;
    private bool _canDrill;
    private DateTimeOffset _databaseRangeLoadedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _drillsReadAt = DateTimeOffset.MinValue;
    private Actor? _actor;

    private readonly TimeSeriesChartOptions _chartOptions = new()
    {
        TimeLabelSpacing = TimeSpan.FromMinutes(1),
        TimeLabelFormat = "HH:mm",
        ShowDataMarkers = false,
    };

    [Inject] public required LagStore Lag { get; init; }
    [Inject] public required AlertStore Alerts { get; init; }
    [Inject] public required RegionStatusStore Regions { get; init; }
    [Inject] public required ILagHistory History { get; init; }
    [Inject] public required ILagMinuteHistory MinuteHistory { get; init; }
    [Inject] public required IAlertCommands AlertCommands { get; init; }
    [Inject] public required ILagDrills Drills { get; init; }
    [Inject] public required ICurrentActor CurrentActor { get; init; }
    [Inject] public required IOptions<DashboardOptions> Options { get; init; }
    [Inject] public required TimeProvider Time { get; init; }

    [SupplyParameterFromQuery(Name = DashboardUrls.LagQuery.Range)] public string? Range { get; set; }

    private double SampleIntervalMs => Options.Value.Lag.SampleInterval.TotalMilliseconds;

    private string AlertHistoryHref => DashboardUrls.LagAlertsPath;

    protected override async Task OnInitializedAsync()
    {
        // Subscribe first, then read: a change in between is delivered, never lost.
        _subscriptions.Add(Lag.Subscribe(snapshot => InvokeAsync(() => OnSampledAsync(snapshot))));
        _subscriptions.Add(Alerts.Subscribe(alerts => InvokeAsync(() => { _alerts = alerts; StateHasChanged(); })));
        _subscriptions.Add(Regions.Subscribe(_ => InvokeAsync(StateHasChanged)));
        _snapshot = Lag.Current;
        _alerts = Alerts.Current;
        _actor = await CurrentActor.GetAsync();
        _canAcknowledge = _actor.Can(Permission.AcknowledgeAlerts);
        _canDrill = _actor.Can(Permission.RunLagDrills);
        await ReadDrillsAsync();
        _drillRegion = _drills.FirstOrDefault()?.Region;
    }

    protected override async Task OnParametersSetAsync()
    {
        if (Range is null)
        {
            _range = LagRange.FiveMinutes;
            _ignored = [];
        }
        else if (LagRange.Named(Range) is { } named)
        {
            _range = named;
            _ignored = [];
        }
        else
        {
            _range = LagRange.FiveMinutes;
            _ignored = [$"range \"{Range}\" (not one of {string.Join(", ", LagRange.All.Select(r => r.Name))}), so the chart shows 5 min"];
        }
        await LoadChartAsync();
    }

    private async Task OnSampledAsync(LagSnapshot snapshot)
    {
        _snapshot = snapshot;
        // A drill may also be started or stopped elsewhere (another admin, scripts/stack.sh lag): re-read it now and then.
        if (!_drillBusy && Time.GetUtcNow() - _drillsReadAt > DrillRefresh)
        {
            await ReadDrillsAsync();
        }
        if (_range.FromMemory || Time.GetUtcNow() - _databaseRangeLoadedAt > DatabaseRangeRefresh)
        {
            await LoadChartAsync();
        }
        StateHasChanged();
    }

    private async Task LoadChartAsync()
    {
        try
        {
            _chartError = null;
            if (_range.FromMemory)
            {
                _series = History.Recent(_range.Span)
                    .Select(s => Series(s.Region, LagChart.FromSamples(s.Points, _range.Bucket)))
                    .ToList();
            }
            else
            {
                var now = Time.GetUtcNow();
                var minutes = await MinuteHistory.ReadAsync(now - _range.Span, now, _disposed.Token);
                _series = minutes.Select(s => Series(s.Region, LagChart.FromMinutes(s.Minutes, _range.Bucket))).ToList();
                _databaseRangeLoadedAt = now;
            }
            _chartOptions.TimeLabelSpacing = _range.Span / 6;
            _chartOptions.TimeLabelFormat = _range.Span > TimeSpan.FromDays(1) ? "ddd HH:mm" : "HH:mm";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _chartError = $"The lag history could not be read: {ex.Message}";
        }
    }

    // Unknown lag (a disconnected or unreachable replica) is left out, never drawn as zero; the state chip says why.
    private static ChartSeries<double> Series(string region, IReadOnlyList<ChartPoint> points) => new()
    {
        Name = region,
        Data = points.Where(p => p.LagMs is not null)
            .Select(p => new TimeValue<double>(p.At.UtcDateTime, p.LagMs!.Value))
            .ToList(),
    };

    private LagThresholds Thresholds(string region) => Options.Value.Lag.For(region);

    private sealed record ZoneSerial(string Zone, uint? Serial, uint? PrimarySerial)
    {
        public bool Behind => Serial != PrimarySerial;
    }

    /// <summary>Each zone's SOA serial as the region's PowerDNS serves it, beside the primary's (from the region probe).</summary>
    private IEnumerable<ZoneSerial> Serials(string region)
    {
        var regions = Regions.Current.Regions;
        var primary = regions.FirstOrDefault(r => r.ConfiguredRole == RegionRole.Primary);
        var mine = regions.FirstOrDefault(r => string.Equals(r.Name, region, StringComparison.OrdinalIgnoreCase));
        if (mine is null)
        {
            yield break;
        }
        foreach (var zone in mine.Zones)
        {
            var primarySerial = primary?.Zones.FirstOrDefault(z => z.Zone == zone.Zone)?.Serial;
            yield return new ZoneSerial(zone.Zone, zone.Serial, primarySerial);
        }
    }

    private Color LagColor(LagSampleDto sample)
    {
        if (sample.HeartbeatLagMs is not { } ms)
        {
            return Color.Error;
        }
        var thresholds = Thresholds(sample.Region);
        return ms >= thresholds.Critical.TotalMilliseconds ? Color.Error
            : ms >= thresholds.Warning.TotalMilliseconds ? Color.Warning
            : Color.Success;
    }

    private static Color StateColor(ReplicaState state) => state switch
    {
        ReplicaState.Streaming => Color.Success,
        ReplicaState.Catchup => Color.Warning,
        _ => Color.Error,
    };

    private async Task AcknowledgeAsync(long alertId)
    {
        _ackError = null;
        try
        {
            await AlertCommands.AcknowledgeAsync(await CurrentActor.GetAsync(), alertId, _notes.GetValueOrDefault(alertId) ?? "", _disposed.Token);
            _notes.Remove(alertId);
        }
        catch (Exception ex) when (ex is AccessDeniedException or AlertCommandException)
        {
            _ackError = ex.Message;
        }
    }

    private Task StartDrillAsync() => DrillAsync(async (actor, region) =>
    {
        var delay = LagDrills.ParseDelay(_drillDelay) ?? throw new LagDrillException($"\"{_drillDelay}\" is not a delay.");
        await Drills.StartAsync(actor, region, delay, _disposed.Token);
    });

    private Task StopDrillAsync() => DrillAsync((actor, region) => Drills.StopAsync(actor, region, _disposed.Token));

    private async Task DrillAsync(Func<Actor, string, Task> change)
    {
        if (_drillRegion is not { } region)
        {
            return;
        }
        _drillBusy = true;
        _drillError = null;
        try
        {
            await change(await CurrentActor.GetAsync(), region);
        }
        catch (Exception ex) when (ex is LagDrillException or AccessDeniedException or Npgsql.NpgsqlException)
        {
            _drillError = ex.Message;
        }
        finally
        {
            await ReadDrillsAsync();
            _drillBusy = false;
        }
    }

    private async Task ReadDrillsAsync()
    {
        _drills = await Drills.ReadAsync(_disposed.Token);
        _drillsReadAt = Time.GetUtcNow();
    }

    public void Dispose()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
