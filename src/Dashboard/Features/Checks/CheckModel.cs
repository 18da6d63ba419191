using Dashboard.Dns;

namespace Dashboard.Features.Checks;

/// <summary>What one region's PowerDNS said to one query, as a check reports it.</summary>
public enum CheckOutcome
{
    /// <summary>NOERROR with records in the answer.</summary>
    NoError,

    /// <summary>NOERROR with an empty answer: the name exists, this type does not.</summary>
    NoData,

    /// <summary>The name does not exist.</summary>
    NxDomain,

    ServFail,

    /// <summary>The server does not serve the zone (or refuses to answer).</summary>
    Refused,

    /// <summary>No answer within the query timeout (or the server could not be reached at all).</summary>
    Timeout,

    /// <summary>Any other response code.</summary>
    Other,
}

/// <summary>How a region's answer compares with what the primary database holds for the name and type.</summary>
public enum CheckComparison
{
    /// <summary>Same records with the same TTLs; or absent in both.</summary>
    Matches,

    /// <summary>Both have records, but content or TTL differ.</summary>
    Stale,

    /// <summary>The database has records that the region does not answer.</summary>
    Missing,

    /// <summary>The region answers records that the database does not hold.</summary>
    Extra,

    /// <summary>Nothing to compare: no usable answer, or the primary database could not be read.</summary>
    Unknown,
}

/// <summary>One record of an answer, its content in presentation form with absolute names (<c>mx1.example.</c>).</summary>
public sealed record CheckRecord(string Owner, RecordType Type, int Ttl, string Content);

/// <summary>
/// One DNS response reduced to what a check needs (the seam between DnsClient and the classification rules).
/// <see cref="Error"/> is set only for <see cref="CheckOutcome.Timeout"/>.
/// </summary>
public sealed record DnsReply(
    CheckOutcome Outcome,
    string ResponseCode,
    bool Authoritative,
    IReadOnlyList<CheckRecord> Answers,
    CheckRecord? AuthoritySoa,
    TimeSpan Latency,
    string? Error = null);

/// <summary>One cell of a check: one name, one type, one region.</summary>
/// <param name="Answers">Every record of the answer section (a CNAME and what it leads to included).</param>
/// <param name="NegativeTtl">For NXDOMAIN and NODATA: min(authority SOA TTL, SOA MINIMUM), RFC 2308; null otherwise or without an SOA.</param>
/// <param name="Zone">The apex of the zone that answered (the authority SOA's owner), when the answer names one.</param>
/// <param name="Detail">In words: how a stale answer differs, why a comparison is unknown, what a timeout was.</param>
public sealed record CheckCell(
    string Name,
    RecordType Type,
    string Region,
    CheckOutcome Outcome,
    string ResponseCode,
    bool Authoritative,
    double LatencyMs,
    IReadOnlyList<CheckRecord> Answers,
    int? NegativeTtl,
    string? Zone,
    CheckComparison Comparison,
    string? Detail)
{
    /// <summary>The outcome as DNS people write it: NOERROR, NODATA, NXDOMAIN, SERVFAIL, REFUSED, timeout.</summary>
    public string OutcomeText => CheckWords.Outcome(Outcome, ResponseCode);

    /// <summary>"resolvers may keep this miss for N s" for a miss with a known negative TTL, else null.</summary>
    public string? NegativeTtlText => NegativeTtl is { } ttl ? CheckWords.NegativeTtl(ttl) : null;

    /// <summary>True when this cell drew (or may have drawn) a miss that PowerDNS caches: the name is flushed after the check.</summary>
    public bool LeavesMiss => CheckRules.LeavesMiss(Outcome);
}

/// <summary>What a check streams: cells as they are answered, then the cache flushes that undo its misses.</summary>
public abstract record CheckEvent;

public sealed record CellChecked(CheckCell Cell) : CheckEvent;

/// <summary>
/// One cache flush on one region after the queries: <paramref name="Target"/> is the name flushed, or a zone's apex
/// when many names of the zone drew a miss (PowerDNS drops the apex and every name below it); <paramref name="Names"/>
/// are the checked names it covers.
/// </summary>
public sealed record MissesFlushed(string Region, string Target, IReadOnlyList<string> Names, bool Succeeded, string? Error, double ElapsedMs) : CheckEvent;

/// <summary>Words the page, the CSV and the hub share.</summary>
public static class CheckWords
{
    public static string Outcome(CheckOutcome outcome, string responseCode) => outcome switch
    {
        CheckOutcome.NoError => "NOERROR",
        CheckOutcome.NoData => "NODATA",
        CheckOutcome.NxDomain => "NXDOMAIN",
        CheckOutcome.ServFail => "SERVFAIL",
        CheckOutcome.Refused => "REFUSED",
        CheckOutcome.Timeout => "timeout",
        _ => responseCode.ToUpperInvariant(),
    };

    public static string NegativeTtl(int seconds) => $"resolvers may keep this miss for {seconds} s";

    public static string Comparison(CheckComparison comparison) => comparison switch
    {
        CheckComparison.Matches => "matches",
        CheckComparison.Stale => "stale",
        CheckComparison.Missing => "missing",
        CheckComparison.Extra => "extra",
        _ => "unknown",
    };
}
