namespace Dashboard.Route53;

/// <summary>
/// The part of Amazon Route 53's REST/XML API (version 2013-04-01) the dashboard uses, behind one small interface so
/// that AWSSDK.Route53 can replace the REST client where that package is available. Implementations
/// throw <see cref="Route53Exception"/> for an error answered by Route 53 (its code and message), after retrying what
/// Route 53 asks to retry (Throttling, PriorRequestNotComplete).
/// </summary>
public interface IRoute53Client
{
    /// <summary>ListHostedZones: every hosted zone of the account (all pages).</summary>
    Task<IReadOnlyList<HostedZone>> ListHostedZonesAsync(CancellationToken cancellationToken);

    /// <summary>ListResourceRecordSets: one page of the zone's record sets, from <paramref name="start"/> (null: the first).</summary>
    Task<ResourceRecordSetPage> ListResourceRecordSetsAsync(string hostedZoneId, RecordSetStart? start, int? maxItems, CancellationToken cancellationToken);

    /// <summary>ChangeResourceRecordSets: one batch, applied by Route 53 all or nothing; answers PENDING with the change's id.</summary>
    Task<ChangeInfo> ChangeResourceRecordSetsAsync(string hostedZoneId, ChangeBatch batch, CancellationToken cancellationToken);

    /// <summary>GetChange: a submitted change's status (PENDING, then INSYNC once every Route 53 server has it).</summary>
    Task<ChangeInfo> GetChangeAsync(string changeId, CancellationToken cancellationToken);
}

/// <summary>A hosted zone. <see cref="Id"/> is the bare id ("Z1D633PJN98FT9"), without the "/hostedzone/" prefix.</summary>
public sealed record HostedZone(string Id, string Name, bool PrivateZone, long ResourceRecordSetCount);

/// <summary>Where a ListResourceRecordSets page starts (name, type, and set identifier for routing-policy records).</summary>
public sealed record RecordSetStart(string Name, string? Type = null, string? Identifier = null);

/// <summary>One page of record sets; when truncated, <see cref="Next"/> is where the next page starts.</summary>
public sealed record ResourceRecordSetPage(IReadOnlyList<ResourceRecordSet> Sets, bool IsTruncated, RecordSetStart? Next);

/// <summary>
/// A resource record set as Route 53 keeps it. Names are absolute, with the trailing dot ("a.example.com."). A latency
/// record has <see cref="SetIdentifier"/> and <see cref="Region"/> (an AWS region, "eu-west-1"). Either
/// <see cref="Values"/> with <see cref="Ttl"/>, or an <see cref="AliasTarget"/>.
/// </summary>
public sealed record ResourceRecordSet(
    string Name,
    string Type,
    long? Ttl,
    IReadOnlyList<string> Values,
    string? SetIdentifier = null,
    string? Region = null,
    string? HealthCheckId = null,
    AliasTarget? AliasTarget = null);

/// <summary>An alias record's target.</summary>
public sealed record AliasTarget(string HostedZoneId, string DnsName, bool EvaluateTargetHealth);

public enum ChangeAction
{
    Create,
    Delete,
    Upsert,
}

public sealed record Change(ChangeAction Action, ResourceRecordSet Set);

/// <summary>One ChangeResourceRecordSets batch.</summary>
public sealed record ChangeBatch(IReadOnlyList<Change> Changes, string? Comment = null);

public enum ChangeStatus
{
    Pending,
    Insync,
}

/// <summary>A change as Route 53 reports it. <see cref="Id"/> is the bare id ("C2682N5HXP0BZ4"), without "/change/".</summary>
public sealed record ChangeInfo(string Id, ChangeStatus Status, DateTimeOffset SubmittedAt, string? Comment = null);

/// <summary>
/// An error answered by Route 53: the HTTP status, the error code ("Throttling", "InvalidChangeBatch",
/// "NoSuchHostedZone", "MissingAuthenticationToken", …), its message, and for InvalidChangeBatch every message given.
/// </summary>
public sealed class Route53Exception(int statusCode, string code, string message, IReadOnlyList<string>? messages = null, string? requestId = null)
    : Exception($"Route 53 refused the request: {code}: {message}")
{
    public int StatusCode { get; } = statusCode;
    public string Code { get; } = code;
    public string ErrorMessage { get; } = message;
    public IReadOnlyList<string> Messages { get; } = messages ?? [message];
    public string? RequestId { get; } = requestId;

    /// <summary>Route 53 asks for these to be sent again later.</summary>
    public bool IsRetryable => Code is "Throttling" or "PriorRequestNotComplete" or "ServiceUnavailable" || StatusCode >= 500;
}
