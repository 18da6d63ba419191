namespace Dashboard.Features.Routing;

/// <summary>What a routing change was sent for.</summary>
public enum RoutingChangeKind
{
    /// <summary>The page's staged edits, additions and removals, sent as one batch.</summary>
    Batch,

    /// <summary>One region's latency record deleted, its copy kept to put back.</summary>
    TakeOut,

    /// <summary>A region taken out earlier, its kept record created again.</summary>
    PutBack,
}

/// <summary>
/// Sending: written before the batch goes to Route 53 (so a kept record is never only in memory). Pending: Route 53
/// accepted it and reports PENDING. Insync: every Route 53 server has it. Refused: Route 53 answered an error, nothing
/// changed. Unknown: no answer came (network, timeout, the dashboard stopped while sending): it may or may not be applied.
/// </summary>
public enum RoutingChangeStatus
{
    Sending,
    Pending,
    Insync,
    Refused,
    Unknown,
}

/// <summary>One ChangeResourceRecordSets batch the dashboard sent (or tried to), with who, why, and how it ended.</summary>
public sealed class RoutingChangeRow
{
    public const int MaxSummaryLength = 4000;
    public const int MaxErrorLength = 4000;

    public long Id { get; set; }
    public string HostedZoneId { get; set; } = "";
    public RoutingChangeKind Kind { get; set; }
    public RoutingChangeStatus Status { get; set; }

    /// <summary>Route 53's change id ("C2682N5HXP0BZ4"), once it accepted the batch.</summary>
    public string? ChangeId { get; set; }

    public string? ActorId { get; set; }
    public string ActorName { get; set; } = "";
    public string? Reason { get; set; }

    /// <summary>The changes in words ("take eu out of rotation: DELETE a.tunnel.test. A [eu, eu-west-1] …").</summary>
    public string Summary { get; set; } = "";

    /// <summary>The batch as sent (JSON): with it a record taken out can be put back even if the dashboard stopped mid-way.</summary>
    public string Batch { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Route 53's SubmittedAt.</summary>
    public DateTimeOffset? SubmittedAt { get; set; }

    public DateTimeOffset? InsyncAt { get; set; }

    /// <summary>Route 53's refusal, or why no answer came.</summary>
    public string? Error { get; set; }
}

/// <summary>A latency record taken out of rotation: deleted from Route 53 and kept here, exactly, to be put back.</summary>
public sealed class RoutingParkedRow
{
    public long Id { get; set; }
    public string HostedZoneId { get; set; } = "";

    /// <summary>The entry name, absolute with the trailing dot, lower case ("a.tunnel.test.").</summary>
    public string Name { get; set; } = "";

    public string SetIdentifier { get; set; } = "";

    /// <summary>The record set as Route 53 had it (JSON of <see cref="Route53.ResourceRecordSet"/>).</summary>
    public string Record { get; set; } = "";

    public DateTimeOffset ParkedAt { get; set; }
    public string ParkedBy { get; set; } = "";
    public string? Reason { get; set; }

    /// <summary>The <see cref="RoutingChangeRow"/> that took it out.</summary>
    public long ChangeRowId { get; set; }
}
