using Dashboard.Client.Live;

namespace Dashboard.Features.Lag;

/// <summary>The heartbeat row (<c>dashboard.lag_heartbeat</c>, one row, id 1): the role holder bumps it every heartbeat interval.</summary>
public sealed class LagHeartbeatRow
{
    public const int SingletonId = 1;
    public int Id { get; set; }
    public long Seq { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>One replica's downsampled minute (<c>dashboard.lag_minutes</c>).</summary>
public sealed class LagMinuteRow
{
    public string Region { get; set; } = "";
    public DateTimeOffset Minute { get; set; }
    public double? MinMs { get; set; }
    public double? MeanMs { get; set; }
    public double? MaxMs { get; set; }
    public double? P95Ms { get; set; }
    public int Samples { get; set; }
    public int Unknown { get; set; }
}

/// <summary>A lag alert (<c>dashboard.lag_alerts</c>); the row is the alert's history. At most one open per region.</summary>
public sealed class LagAlertRow
{
    public const int MaxNoteLength = 500;

    public long Id { get; set; }
    public string Region { get; set; } = "";
    public AlertSeverity Severity { get; set; }
    public string Cause { get; set; } = "";
    public DateTimeOffset OpenedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public double? PeakLagMs { get; set; }
    public string? AcknowledgedBy { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public string? AcknowledgeNote { get; set; }

    /// <summary>Lag (the sampler's) or propagation (<see cref="Propagation.PropagationAlerts"/>'); one open alert per region and kind.</summary>
    public AlertKind Kind { get; set; }

    public AlertDto ToDto() => new(Id, Region, Severity, Cause, OpenedAt, ClosedAt, PeakLagMs, AcknowledgedBy, AcknowledgedAt, AcknowledgeNote, Kind);
}
