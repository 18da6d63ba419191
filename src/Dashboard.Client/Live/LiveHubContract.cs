namespace Dashboard.Client.Live;

/// <summary>Where the live hub is mapped.</summary>
public static class LiveHubPaths
{
    public const string Hub = "/hubs/live";
}

/// <summary>
/// Methods a client may call on the live hub. Every call requires a signed-in user, and each method demands its own
/// permission on the server (a refused call fails with a <c>HubException</c> that says why).
/// </summary>
public interface ILiveHubServer
{
    /// <summary>The latest status of every region (read permission).</summary>
    Task<IReadOnlyList<RegionStatusDto>> GetRegions();

    /// <summary>Probes every region now and returns the result (run-checks permission).</summary>
    Task<IReadOnlyList<RegionStatusDto>> CheckRegionsNow();

    /// <summary>
    /// The latest sample of every replica, the open alerts and each replica's thresholds (read permission). A client
    /// calls it on every (re)connect, then applies <see cref="ILiveHubClient.LagSampled"/> pushes.
    /// </summary>
    Task<LagOverviewDto> GetLag();

    /// <summary>Every replica's points of the last <paramref name="minutes"/> (1 to 60), oldest first (read permission).</summary>
    Task<IReadOnlyList<LagSeriesDto>> GetLagHistory(int minutes);

    /// <summary>Acknowledges an alert with a note (acknowledge-alerts permission); returns the alert as stored.</summary>
    Task<AlertDto> AcknowledgeAlert(long alertId, string note);

    /// <summary>
    /// Runs a resolution check (run-checks permission): each cell as its region answers, then one event per cache
    /// flush that undid the check's misses; the stream ends when every flush has. Invalid input (a bad name, an unknown
    /// type or region, too many names) fails the stream with a <c>HubException</c> naming each problem, before any
    /// query. The caller owns <paramref name="cancellationToken"/>: cancelling stops new queries; the misses already
    /// drawn are still flushed on the server.
    /// </summary>
    IAsyncEnumerable<CheckEventDto> RunCheck(CheckRequestDto request, CancellationToken cancellationToken);

    /// <summary>Each entry name's latency records, in rotation or not, and the recent routing changes (read permission).</summary>
    Task<RoutingDto> GetRouting();

    /// <summary>
    /// Takes a region's latency record of an entry name out of rotation (<paramref name="inRotation"/> false) or puts it
    /// back (true), with a reason (edit-routing permission: Operator, Admin). Returns the change sent to Route 53
    /// (PENDING); a refusal fails with a <c>HubException</c> that says why.
    /// </summary>
    Task<RoutingChangeDto> SetRotation(string entryName, string setIdentifier, bool inRotation, string reason);
}

/// <summary>What the hub pushes to connected clients.</summary>
public interface ILiveHubClient
{
    /// <summary>Sent after every region probe (about every 5 s), at most every 250 ms.</summary>
    Task RegionsChanged(IReadOnlyList<RegionStatusDto> regions);

    /// <summary>One sampling round: the latest sample of every replica (about every sample interval, at most every 250 ms).</summary>
    Task LagSampled(IReadOnlyList<LagSampleDto> samples);

    /// <summary>The open alerts, newest first, whenever one opens, closes, escalates or is acknowledged.</summary>
    Task AlertsChanged(IReadOnlyList<AlertDto> openAlerts);
}

/// <summary>Bounds of <see cref="ILiveHubServer.GetLagHistory"/>: the server keeps one hour in memory.</summary>
public static class LagHistoryLimits
{
    public const int MinMinutes = 1;
    public const int MaxMinutes = 60;
}

public sealed record RegionStatusDto(
    string Name,
    string Role,
    bool Healthy,
    IReadOnlyList<string> Problems,
    DateTimeOffset CheckedAt,
    string? PowerDnsVersion,
    IReadOnlyList<ZoneSerialDto> Zones);

public sealed record ZoneSerialDto(string Zone, bool Answering, uint? Serial);

/// <summary>How a replica's stream from the primary stands.</summary>
public enum ReplicaState
{
    /// <summary>Connected and applying WAL as it comes.</summary>
    Streaming,

    /// <summary>Connected and catching up on a backlog.</summary>
    Catchup,

    /// <summary>Its database answers, but it receives no WAL (no row in <c>pg_stat_replication</c>, or its WAL receiver is down).</summary>
    Disconnected,

    /// <summary>Its database does not answer the sampler: lag unknown, never zero.</summary>
    Unreachable,
}

/// <summary>
/// One sample of one replica. Every lag is null when it is unknown (a disconnected or unreachable replica, or
/// PostgreSQL's <c>replay_lag</c> on an idle primary); null is never drawn as zero.
/// </summary>
/// <param name="HeartbeatLagMs">The headline figure: how far the replica's copy of the primary's heartbeat row is behind.</param>
/// <param name="ByteLag">WAL bytes between the primary's current LSN and the replica's replay LSN.</param>
/// <param name="ReceiveReplayGapBytes">The replica's own view: WAL received but not yet replayed.</param>
/// <param name="WalReceiverStatus">The replica's <c>pg_stat_wal_receiver.status</c>, or null when it has none.</param>
/// <param name="Problem">Why the sample is incomplete, in words (e.g. the connection error).</param>
public sealed record LagSampleDto(
    string Region,
    DateTimeOffset At,
    ReplicaState State,
    double? HeartbeatLagMs,
    double? ReplayLagMs,
    double? WriteLagMs,
    double? FlushLagMs,
    long? ByteLag,
    long? ReceiveReplayGapBytes,
    string? WalReceiverStatus,
    string? Problem);

/// <summary>One point of a replica's lag chart.</summary>
public sealed record LagPointDto(DateTimeOffset At, ReplicaState State, double? HeartbeatLagMs);

/// <summary>A replica's points, oldest first.</summary>
public sealed record LagSeriesDto(string Region, IReadOnlyList<LagPointDto> Points);

/// <summary>A region's alert thresholds, in milliseconds of heartbeat lag.</summary>
public sealed record LagThresholdsDto(string Region, double WarningMs, double CriticalMs);

public sealed record LagOverviewDto(
    IReadOnlyList<LagSampleDto> Latest,
    IReadOnlyList<AlertDto> OpenAlerts,
    IReadOnlyList<LagThresholdsDto> Thresholds,
    int SampleIntervalMs);

public enum AlertSeverity
{
    Warning,
    Critical,
}

/// <summary>What an alert is about.</summary>
public enum AlertKind
{
    /// <summary>The replica's heartbeat lag, or the replica lost (the lag sampler's state machine).</summary>
    Lag,

    /// <summary>A change the dashboard committed is not yet visible by DNS in the region (the propagation proof).</summary>
    Propagation,
}

/// <summary>
/// An alert on one region: lag, or a change not yet visible there (<see cref="Kind"/>). <see cref="Severity"/> is the
/// highest it reached; <see cref="ClosedAt"/> is null while it is open; the acknowledgement fields are null until
/// someone acknowledges it.
/// </summary>
public sealed record AlertDto(
    long Id,
    string Region,
    AlertSeverity Severity,
    string Cause,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt,
    double? PeakLagMs,
    string? AcknowledgedBy,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgeNote,
    AlertKind Kind = AlertKind.Lag);

/// <summary>A resolution check: names (up to 1,000), types (A, AAAA, CNAME, TXT, MX, NS, SOA, SRV, CAA, or "all"), regions (none: every region).</summary>
public sealed record CheckRequestDto(IReadOnlyList<string> Names, IReadOnlyList<string> Types, IReadOnlyList<string>? Regions = null);

/// <summary>One record of an answer; names in <see cref="Content"/> are absolute (<c>mx1.example.</c>).</summary>
public sealed record CheckRecordDto(string Owner, string Type, int Ttl, string Content);

/// <summary>
/// One name × type × region. <see cref="Outcome"/>: NOERROR, NODATA, NXDOMAIN, SERVFAIL, REFUSED, timeout (or another
/// rcode). <see cref="Comparison"/> with the primary database: matches, stale, missing, extra, unknown.
/// <see cref="NegativeTtl"/> (seconds) only for NXDOMAIN and NODATA.
/// </summary>
public sealed record CheckCellDto(
    string Name,
    string Type,
    string Region,
    string Outcome,
    bool Authoritative,
    double LatencyMs,
    IReadOnlyList<CheckRecordDto> Answers,
    int? NegativeTtl,
    string? NegativeTtlText,
    string Comparison,
    string? Detail);

/// <summary>A cache flush on <see cref="Region"/> of <see cref="Target"/> (a name, or a zone apex covering many), undoing the misses of <see cref="Names"/>.</summary>
public sealed record CheckFlushDto(string Region, string Target, IReadOnlyList<string> Names, bool Succeeded, string? Error);

/// <summary>One item of a check's stream: exactly one of <see cref="Cell"/> and <see cref="Flush"/> is set.</summary>
public sealed record CheckEventDto(CheckCellDto? Cell, CheckFlushDto? Flush);

/// <summary>A latency record of an entry name: the region it serves, where it sends clients, and whether it is in rotation.</summary>
public sealed record RoutingRouteDto(
    string EntryName,
    string SetIdentifier,
    string AwsRegion,
    string? PlatformRegion,
    string Type,
    string Target,
    long? Ttl,
    string? HealthCheckId,
    bool InRotation,
    IReadOnlyList<string> RegionProblems);

/// <summary>A routing change sent to Route 53, and how far it got (Sending, Pending, Insync, Refused, Unknown).</summary>
public sealed record RoutingChangeDto(long Id, string? ChangeId, string Kind, string Status, string ActorName, string Summary, string? Reason, DateTimeOffset CreatedAt, DateTimeOffset? SubmittedAt, DateTimeOffset? InsyncAt, string? Error);

/// <summary>The routing of the configured hosted zone's entry names.</summary>
public sealed record RoutingDto(string HostedZoneId, string HostedZone, IReadOnlyList<RoutingRouteDto> Routes, IReadOnlyList<RoutingChangeDto> RecentChanges, bool StandIn);
