using Dashboard.Dns;

namespace Dashboard.Features.Zones;

/// <summary>How one row of a staged RRset differs between before and after.</summary>
public enum DiffKind
{
    Unchanged,
    Added,
    Removed,
    Changed,
    Disabled,
    Enabled,
}

/// <summary>One row on either side of an RRset's diff.</summary>
public sealed record DiffRow(string Content, int Ttl, bool Disabled, DiffKind Kind);

/// <summary>One change as the audit trail records it (<c>record.add</c>, <c>record.edit</c>, ...), with before/after in words.</summary>
public sealed record RecordChange(string Action, RRsetKey Key, string? Before, string? After);

/// <summary>The staged diff of one RRset: every row it had and every row it will have, each marked.</summary>
public sealed record RRsetDiff(RRsetKey Key, IReadOnlyList<DiffRow> Before, IReadOnlyList<DiffRow> After, IReadOnlyList<RecordChange> Changes);
