namespace Dashboard.Features.Takedowns;

/// <summary>Why a name was taken down; each reason has its own hold length (<see cref="TakedownOptions"/>).</summary>
public enum TakedownReason
{
    Phishing,
    Malware,
    Spam,
    IllegalContent,
    Other,
}

/// <summary>
/// Active: the name's records are removed and a hold keeps it from coming back. Restored: an appeal was granted, the
/// records are back and the hold is lifted. Expired: the hold ran out (the records stay removed; the name is free again).
/// </summary>
public enum TakedownStatus
{
    Active,
    Restored,
    Expired,
}

/// <summary>
/// One takedown of one DNS name in a free-tier zone: who, why, the evidence, the exact rows removed (to restore them
/// byte for byte), the hold's end, and how it ended. Written in the transaction that removes the rows and places the
/// hold (<c>public.name_holds</c>, db/005_takedown_holds.sql), with its audit entry.
/// </summary>
public sealed class TakedownRow
{
    public const int MaxNoteLength = 200_000;
    public const int MaxUrlLength = 2_000;
    public const int MaxUrls = 20;
    public const int MaxReportReferenceLength = 200;

    public long Id { get; set; }
    public string Zone { get; set; } = "";
    public string Name { get; set; } = "";
    public TakedownReason Reason { get; set; }
    public string[] EvidenceUrls { get; set; } = [];
    public string Note { get; set; } = "";
    public string? ReportReference { get; set; }
    public string? ActorId { get; set; }
    public string ActorName { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset HoldUntil { get; set; }
    public TakedownStatus Status { get; set; }

    /// <summary>Every column of every <c>records</c> row removed, as PostgreSQL's <c>to_jsonb</c> gave them (ids included).</summary>
    public string RemovedRows { get; set; } = "[]";

    /// <summary>The takedown's change (its propagation timeline, <see cref="Propagation.PropagationTimelineRow"/>).</summary>
    public Guid? ChangeId { get; set; }

    public DateTimeOffset? EndedAt { get; set; }
    public string? EndedBy { get; set; }
    public string? EndReason { get; set; }

    /// <summary>The restore's change, when restored.</summary>
    public Guid? EndChangeId { get; set; }
}
