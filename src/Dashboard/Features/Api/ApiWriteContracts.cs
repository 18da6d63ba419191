using System.ComponentModel;

namespace Dashboard.Features.Api;

// The wire records of the API's writes and runs (change sets, checks, takedowns), camelCase JSON.

/// <summary>
/// A change set for one zone: each entry replaces one whole RRset (the records given become its records; none deletes
/// it), named with the version it was read at (<c>version</c> of <c>GET /zones/{zone}/rrsets</c>; none for an RRset
/// that does not exist yet). Applied in one transaction with one SOA serial bump, or not at all.
/// </summary>
/// <param name="Rrsets">The RRsets to replace, at most <see cref="ChangeSetApi.MaxRRsets"/>, each name and type once.</param>
/// <param name="Reason">Kept in every audit entry of the change (optional).</param>
public sealed record ChangeSetRequestDto(IReadOnlyList<RRsetChangeDto>? Rrsets, string? Reason);

/// <param name="Name">Owner name: absolute (a trailing dot optional) or relative to the zone; <c>@</c> is the apex.</param>
/// <param name="Type">Record type mnemonic (A, AAAA, CNAME, …). The SOA is not changed here.</param>
/// <param name="Ttl">The RRset's TTL, within the zone tier's bounds; required unless the RRset is deleted.</param>
/// <param name="Version">The RRset's version as read, or none (null) for an RRset that must not exist yet; the change is refused as a conflict if the RRset is not as read.</param>
/// <param name="Records">The RRset's records after the change; empty deletes the RRset.</param>
public sealed record RRsetChangeDto(string? Name, string? Type, int? Ttl, string? Version, IReadOnlyList<RecordChangeDto>? Records);

/// <param name="Content">Presentation form, as <c>GET /zones/{zone}/rrsets</c> gives it; names in record data are absolute.</param>
public sealed record RecordChangeDto(string? Content, [property: DefaultValue(false)] bool Disabled = false);

/// <summary>A change set applied: committed with this serial. <paramref name="Propagation"/> is where each region stood when this answer was sent.</summary>
/// <param name="Replayed">True when this answers a retry: the change was applied by the first request with the same Idempotency-Key.</param>
/// <param name="Follow">Where the change's per-region propagation can be read until every region confirmed it.</param>
public sealed record ChangeSetAppliedDto(string Zone, long Serial, Guid? ChangeId, int RecordChanges, bool Replayed, string? Follow, PropagationDto? Propagation);

/// <summary>Per region, whether DNS serves the change yet (proved by asking each region's PowerDNS after its replica replayed the commit).</summary>
/// <param name="Settled">Every region is visible or has a verdict (not yet visible, gave up).</param>
public sealed record PropagationDto(bool AllVisible, bool Settled, IReadOnlyList<RegionPropagationDto> Regions);

/// <param name="State">waitingForReplay, confirming, visible, notYetVisible or gaveUp.</param>
/// <param name="ReplayedMs">From COMMIT until the region's replica had replayed it.</param>
/// <param name="VisibleMs">From COMMIT until the region's PowerDNS answered the change.</param>
public sealed record RegionPropagationDto(string Region, string State, double? ReplayedMs, double? VisibleMs, string? Detail);

/// <summary>One change's propagation as stored, read back by its id.</summary>
/// <param name="Ended">The dashboard stopped watching it: every region visible, or given up.</param>
/// <param name="Abandoned">The dashboard that watched it stopped before every region was confirmed: check those regions by hand.</param>
public sealed record ChangeDto(Guid Id, string Zone, long? Serial, DateTimeOffset CommittedAt, bool Ended, bool Abandoned, PropagationDto Propagation);

/// <summary>A change set refused because RRsets changed since they were read: nothing was written.</summary>
public sealed record RRsetConflictDto(int Index, string Rrset);

/// <summary>Names and types to ask of each region's PowerDNS now.</summary>
/// <param name="Names">Owner names, at most the configured limit (1,000 by default).</param>
/// <param name="Types">Record types (or "all"); A when none.</param>
/// <param name="Regions">Region names; every configured region when none.</param>
public sealed record CheckRequestDto(IReadOnlyList<string>? Names, IReadOnlyList<string>? Types, IReadOnlyList<string>? Regions);

/// <summary>A check's answers: per name and type, one entry per region; then the cache flushes that undid its misses.</summary>
public sealed record CheckResultDto(IReadOnlyList<CheckNameDto> Results, IReadOnlyList<CheckFlushDto> Flushed);

public sealed record CheckNameDto(string Name, string Type, IReadOnlyList<CheckRegionDto> Regions);

/// <param name="Outcome">NOERROR, NODATA, NXDOMAIN, SERVFAIL, REFUSED, timeout, or another rcode.</param>
/// <param name="Comparison">matches, stale, missing, extra or unknown: the answer against the primary database's enabled rows.</param>
/// <param name="NegativeTtl">For a miss: how long resolvers may keep it, min(SOA TTL, SOA MINIMUM) (RFC 2308).</param>
public sealed record CheckRegionDto(string Region, string Outcome, bool Authoritative, double LatencyMs, IReadOnlyList<CheckAnswerDto> Answers, int? NegativeTtl, string Comparison, string? Detail);

public sealed record CheckAnswerDto(string Owner, string Type, int Ttl, string Content);

/// <summary>A name (or a zone's apex, for many names of the zone) flushed from a region's caches after the check drew a miss there.</summary>
public sealed record CheckFlushDto(string Region, string Target, bool Succeeded, string? Error);

/// <summary>Take one name down (free-tier zones only).</summary>
/// <param name="Reason">phishing, malware, spam, illegalContent or other.</param>
/// <param name="EvidenceUrls">Links to the evidence (at least one, http or https).</param>
/// <param name="ReportReference">The abuse report's id in the intake system (optional).</param>
public sealed record TakedownRequestDto(string? Name, string? Reason, IReadOnlyList<string>? EvidenceUrls, string? Note, string? ReportReference);

/// <summary>Take down many names at once: listed, or every name pointing at a target (an IP address or an edge name).</summary>
/// <param name="Names">The names; or leave empty and give <paramref name="Target"/>.</param>
/// <param name="Target">Every name whose A/AAAA has this address, or that is a CNAME to this name (and CNAMEs to those).</param>
public sealed record BulkTakedownRequestDto(IReadOnlyList<string>? Names, string? Target, string? Reason, IReadOnlyList<string>? EvidenceUrls, string? Note, string? ReportReference);

/// <summary>Names taken down, per zone (one transaction and one serial each), and names left out with why.</summary>
public sealed record BulkTakedownDto(IReadOnlyList<TakedownCreatedDto> TakenDown, IReadOnlyList<TakedownExcludedDto> Excluded);

public sealed record TakedownCreatedDto(long Id, string Zone, string Name, long Serial, string Follow);

public sealed record TakedownExcludedDto(string Name, string Why);

/// <summary>Restore a takedown (an appeal granted): why, kept in the audit.</summary>
public sealed record TakedownRestoreDto(string? Reason);

/// <summary>A takedown as stored.</summary>
/// <param name="Status">active, restored or expired.</param>
/// <param name="RemovedRecords">The records it removed, as a zone file writes them.</param>
public sealed record TakedownDto(
    long Id, string Zone, string Name, string Reason, IReadOnlyList<string> EvidenceUrls, string Note, string? ReportReference,
    string Actor, DateTimeOffset CreatedAt, DateTimeOffset HoldUntil, string Status, DateTimeOffset? EndedAt, string? EndedBy, string? EndReason,
    IReadOnlyList<string> RemovedRecords, Guid? ChangeId, Guid? EndChangeId);
