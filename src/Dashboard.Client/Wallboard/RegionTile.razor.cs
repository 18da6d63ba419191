using Dashboard.Client.Live;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Client.Wallboard;

/// <summary>One region's tile: health for every region; heartbeat lag, state, byte lag and the last 5 minutes for a replica.</summary>
public partial class RegionTile
{
    private static readonly string[] EmptyLabels = Enumerable.Repeat("", LagChartData.MaxPoints).ToArray();

    [Parameter, EditorRequired] public RegionTileModel Tile { get; set; } = null!;

    /// <summary>The chart's right edge (the newest sample, or now).</summary>
    [Parameter] public DateTimeOffset Now { get; set; }

    private readonly LineChartOptions ChartOptions = new()
    {
        ShowLegend = false,
        ShowToolTips = false,
        YAxisTicks = 0,
        MaxNumYAxisTicks = 3,
        LineStrokeWidth = 3,
        ConnectNullPoints = false,
        YAxisToStringFunc = ms => LagFormat.Lag(ms),
    };

    private string[] Labels => EmptyLabels;

    private bool HasKnownLag => Tile.Points.Any(p => p.HeartbeatLagMs is not null);

    private List<ChartSeries<double>> Series =>
    [
        new() { Name = Tile.Name, Data = new ChartData<double>(LagChartData.Values(Tile.Points, ChartEnd, WallboardModel.Window)) },
    ];

    // The newest sample, not the browser's clock: a kiosk whose clock is off must still draw the server's last 5 minutes.
    private DateTimeOffset ChartEnd => Tile.Points.Count > 0 ? Tile.Points[^1].At : Now;

    private string TileClass => $"wb-tile wb-state-{Tile.StateName}" + (Tile.Health is { Healthy: false } ? " wb-unhealthy" : "");

    private string LagClass => "wb-lag" + (Tile.IsCutOff ? " wb-lag-cutoff" : Level switch
    {
        2 => " wb-lag-critical",
        1 => " wb-lag-warning",
        _ => "",
    });

    /// <summary>0 fine, 1 over the warning threshold, 2 over the critical one.</summary>
    private int Level => Tile.Latest?.HeartbeatLagMs is not { } lag || Tile.Thresholds is not { } t ? 0
        : lag >= t.CriticalMs ? 2 : lag >= t.WarningMs ? 1 : 0;

    private string StateText => Tile.Latest?.State.ToString().ToUpperInvariant() ?? "NO SAMPLE YET";

    private Color StateColor => Tile.Latest?.State switch
    {
        ReplicaState.Streaming => Color.Success,
        ReplicaState.Catchup => Color.Warning,
        ReplicaState.Disconnected or ReplicaState.Unreachable => Color.Error,
        _ => Color.Default,
    };

    private string HealthText => Tile.Health switch
    {
        null => "health unknown",
        { Healthy: true } => "healthy",
        _ => "unhealthy",
    };

    private Color HealthColor => Tile.Health switch
    {
        null => Color.Default,
        { Healthy: true } => Color.Success,
        _ => Color.Error,
    };
}
