using Dashboard.Client.Live;
using Dashboard.Configuration;

namespace Dashboard.Features.Lag;

/// <summary>What a sample did to a region's alert; <see cref="None"/> most of the time.</summary>
public enum AlertChange
{
    None,
    Opened,
    /// <summary>Still open; severity, cause or peak changed.</summary>
    Updated,
    Closed,
}

/// <summary>A region's alert as the tracker holds it (its row id once stored).</summary>
public sealed record TrackedAlert(long? Id, AlertSeverity Severity, string Cause, DateTimeOffset OpenedAt, double? PeakLagMs, DateTimeOffset? ClosedAt = null);

/// <summary>
/// One region's alert state machine. Pure (no clock, no I/O: time comes with the samples); not thread-safe, one
/// evaluator owns it.
/// <list type="bullet">
/// <item>Opens when heartbeat lag is at or over warning for N consecutive samples (critical when those N were all at or
/// over critical); escalates warning to critical in the same alert after N consecutive samples at or over critical.</item>
/// <item>A disconnected or unreachable replica opens (or escalates to) a critical alert at once.</item>
/// <item>Closes after N consecutive samples under warning with the replica connected.</item>
/// <item>A sample that says nothing (connected, but no heartbeat yet) neither counts nor breaks a run.</item>
/// </list>
/// </summary>
public sealed class AlertTracker(string region, LagThresholds thresholds, int alertAfterSamples)
{
    private int _over;
    private int _critical;
    private int _under;

    public string Region { get; } = region;

    /// <summary>The open alert, or null.</summary>
    public TrackedAlert? Open { get; private set; }

    /// <summary>The alert the last <see cref="Evaluate"/> closed (with its <see cref="TrackedAlert.ClosedAt"/>), when it returned <see cref="AlertChange.Closed"/>.</summary>
    public TrackedAlert? LastClosed { get; private set; }

    /// <summary>Continues an alert found open in the table (a new role holder picks up where the last one stopped).</summary>
    public void Resume(TrackedAlert open) => Open = open;

    /// <summary>Records the stored row's id for the open alert.</summary>
    public void Stored(long id)
    {
        if (Open is not null)
        {
            Open = Open with { Id = id };
        }
    }

    public AlertChange Evaluate(LagSampleDto sample)
    {
        var lost = sample.State is ReplicaState.Disconnected or ReplicaState.Unreachable;
        var lag = sample.HeartbeatLagMs;
        if (lost)
        {
            _over = _critical = _under = 0;
            var cause = sample.State == ReplicaState.Unreachable
                ? $"replica unreachable ({sample.Problem})"
                : $"replica disconnected ({sample.Problem})";
            if (Open is null)
            {
                Open = new TrackedAlert(null, AlertSeverity.Critical, cause, sample.At, null);
                return AlertChange.Opened;
            }
            if (Open.Severity != AlertSeverity.Critical)
            {
                Open = Open with { Severity = AlertSeverity.Critical, Cause = $"{Open.Cause}; escalated: {cause}" };
                return AlertChange.Updated;
            }
            return AlertChange.None;
        }
        if (lag is not { } ms)
        {
            return AlertChange.None;
        }

        var warningMs = thresholds.Warning.TotalMilliseconds;
        var criticalMs = thresholds.Critical.TotalMilliseconds;
        if (ms >= warningMs)
        {
            _over++;
            _under = 0;
            _critical = ms >= criticalMs ? _critical + 1 : 0;
        }
        else
        {
            _under++;
            _over = _critical = 0;
        }

        if (Open is null)
        {
            if (_over < alertAfterSamples)
            {
                return AlertChange.None;
            }
            var critical = _critical >= alertAfterSamples;
            var cause = critical
                ? $"heartbeat lag at or over critical ({criticalMs:0} ms) for {alertAfterSamples} samples"
                : $"heartbeat lag at or over warning ({warningMs:0} ms) for {alertAfterSamples} samples";
            Open = new TrackedAlert(null, critical ? AlertSeverity.Critical : AlertSeverity.Warning, cause, sample.At, ms);
            return AlertChange.Opened;
        }

        if (_under >= alertAfterSamples)
        {
            LastClosed = Open with { ClosedAt = sample.At };
            Open = null;
            _under = 0;
            return AlertChange.Closed;
        }

        var next = Open;
        if (ms > (next.PeakLagMs ?? double.MinValue))
        {
            next = next with { PeakLagMs = ms };
        }
        if (next.Severity == AlertSeverity.Warning && _critical >= alertAfterSamples)
        {
            next = next with
            {
                Severity = AlertSeverity.Critical,
                Cause = $"{next.Cause}; escalated: at or over critical ({criticalMs:0} ms) for {alertAfterSamples} samples",
            };
        }
        if (ReferenceEquals(next, Open))
        {
            return AlertChange.None;
        }
        Open = next;
        return AlertChange.Updated;
    }
}
