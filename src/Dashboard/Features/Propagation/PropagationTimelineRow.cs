namespace Dashboard.Features.Propagation;

/// <summary>
/// One committed zone change's propagation timeline, stored with the change: the row is inserted in the change's own
/// transaction, together with (and naming) its audit entries (<see cref="AuditIds"/>), so a change never commits
/// without it. <see cref="PropagationTracker"/> then fills in the WAL position and each region's progress as regions
/// settle. Not part of the audit chain: it records what DNS was later seen to answer, not what anyone did.
/// </summary>
public sealed class PropagationTimelineRow
{
    /// <summary>Made by the writer (<see cref="Data.PowerDns.ZoneWrite.ChangeId"/>), so the insert needs no round trip of its own.</summary>
    public Guid Id { get; set; }

    public string Zone { get; set; } = "";

    /// <summary>The audit entries of the change, in chain order (the import's entry first, then those under it).</summary>
    public long[] AuditIds { get; set; } = [];

    /// <summary>The time of the change's transaction, then the COMMIT's as the tracker saw it.</summary>
    public DateTimeOffset CommittedAt { get; set; }

    /// <summary>The zone's new SOA serial; null for a deleted zone, or until the tracker's first save.</summary>
    public long? Serial { get; set; }

    public bool ZoneDeleted { get; set; }

    /// <summary>The primary's WAL position right after COMMIT (what each replica had to replay); null until read.</summary>
    public string? CommitLsn { get; set; }

    /// <summary>Each region's progress (<see cref="StoredRegionProgress"/>), as JSON; empty until the tracker's first save.</summary>
    public string Regions { get; set; } = "[]";

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When nothing was watched any more: every region visible, or given up. Null while a region is watched.</summary>
    public DateTimeOffset? EndedAt { get; set; }
}
