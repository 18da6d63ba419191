namespace Dashboard.Features.Api;

// The API's wire records (camelCase JSON). Never EF entities or page models: what a client sees changes only here.

/// <summary>A zone in the list.</summary>
/// <param name="NegativeTtl">What a resolver keeps a miss for: min(SOA TTL, SOA MINIMUM) (RFC 2308); null without a readable SOA.</param>
public sealed record ZoneDto(string Name, string Tier, long RecordCount, long? Serial, int? SoaTtl, long? SoaMinimum, long? NegativeTtl);

/// <summary>One zone with its apex SOA.</summary>
public sealed record ZoneDetailDto(string Name, string Tier, SoaDto? Soa, long? NegativeTtl, int? MaxNegativeTtl);

/// <summary>The apex SOA as stored (null fields: a SOA that does not parse).</summary>
public sealed record SoaDto(string Content, int Ttl, string? Mname, string? Rname, long? Serial, long? Refresh, long? Retry, long? Expire, long? Minimum);

/// <summary>One page of RRsets, in name order. <paramref name="HasMore"/>: a next page exists.</summary>
public sealed record RRsetPageDto(string Zone, int Page, int Size, bool HasMore, IReadOnlyList<RRsetDto> Items);

/// <summary>An RRset: its owner name, type, TTL, records and version (the version a change names to be applied).</summary>
public sealed record RRsetDto(string Name, string Type, int Ttl, string Version, IReadOnlyList<RecordDto> Records);

public sealed record RecordDto(long Id, string Content, bool Disabled);

/// <summary>Every replica's latest lag sample. <paramref name="At"/>: when the round was taken; null before the first.</summary>
public sealed record LagNowDto(DateTimeOffset? At, IReadOnlyList<ReplicaLagDto> Replicas);

/// <summary>A replica's lag now; lags are null when unknown (disconnected, unreachable), never 0.</summary>
public sealed record ReplicaLagDto(string Region, string State, double? HeartbeatLagMs, double? ReplayLagMs, long? ByteLag, string? Problem, DateTimeOffset At);

/// <summary>Per-minute heartbeat lag for [from, to).</summary>
public sealed record LagHistoryDto(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<LagHistorySeriesDto> Replicas);

public sealed record LagHistorySeriesDto(string Region, IReadOnlyList<LagMinuteDto> Minutes);

public sealed record LagMinuteDto(DateTimeOffset Minute, double? MinMs, double? MeanMs, double? MaxMs, double? P95Ms, int Samples, int Unknown);

/// <summary>A page of audit entries, newest first, and how many match in all.</summary>
public sealed record AuditPageDto(int Page, int Size, int Total, IReadOnlyList<AuditEntryDto> Entries);

/// <summary>An audit entry. <paramref name="Actor"/> is a user name, <c>system</c>, or <c>key:&lt;name&gt;</c> for an API key.</summary>
public sealed record AuditEntryDto(long Seq, DateTimeOffset At, string Actor, string Action, string? Zone, string? Name, string? Type, string? Before, string? After, string? Reason);
