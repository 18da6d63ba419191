using Dashboard.Client.Live;
using Dashboard.Features.Auth;
using Dashboard.Live;

namespace Dashboard.Features.Lag;

/// <summary>The open lag alerts, newest first (a <see cref="LiveStore{T}"/>), published by the alert evaluator. Singleton.</summary>
public sealed class AlertStore(TimeProvider time) : LiveStore<IReadOnlyList<AlertDto>>([], time);

/// <summary>The last hour of full-resolution samples, in memory (the sampler appends; readers copy out).</summary>
public interface ILagHistory
{
    /// <summary>Every replica's points of the last <paramref name="window"/> (at most an hour), oldest first, in configuration order.</summary>
    IReadOnlyList<LagSeriesDto> Recent(TimeSpan window);
}

/// <summary>What people do to alerts; each command demands its permission and is audited in the same transaction.</summary>
public interface IAlertCommands
{
    /// <summary>Acknowledges an alert (open or closed) with a note; needs <see cref="Permission.AcknowledgeAlerts"/>.</summary>
    Task<AlertDto> AcknowledgeAsync(Actor actor, long alertId, string note, CancellationToken cancellationToken);
}

/// <summary>One minute of one replica's heartbeat lag, downsampled (null figures: no sample with a known lag that minute).</summary>
/// <param name="Samples">How many samples the minute had; <paramref name="Unknown"/> of them had no known lag (disconnected, unreachable).</param>
public sealed record LagMinute(DateTimeOffset Minute, double? MinMs, double? MeanMs, double? MaxMs, double? P95Ms, int Samples, int Unknown);

/// <summary>A replica's downsampled minutes, oldest first.</summary>
public sealed record LagMinuteSeries(string Region, IReadOnlyList<LagMinute> Minutes);

/// <summary>The per-minute history kept in the database (7 days by default), for ranges longer than the in-memory hour.</summary>
public interface ILagMinuteHistory
{
    /// <summary>Every replica's minutes in [<paramref name="from"/>, <paramref name="to"/>), oldest first, in configuration order.</summary>
    Task<IReadOnlyList<LagMinuteSeries>> ReadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}
