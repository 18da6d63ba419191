
namespace Dashboard.Dns;

/// <summary>
/// How record content maps to PowerDNS's <c>records</c> table. The dashboard writes what the PowerDNS 4.x API writes:
/// the whole RDATA in <c>content</c> (MX <c>10 mx1.example.test</c>) and <c>prio</c> NULL. gpgsql prepends a non-NULL
/// <c>prio</c> to MX/SRV content when answering, so rows written the old way (target only, priority in <c>prio</c>)
/// are read by joining them, and a dashboard write always normalizes them to the API form.
/// </summary>
public static class PowerDnsContent
{
    public static string FromStorage(string type, string content, int? prio) =>
        prio is { } p && UsesPriority(type) ? $"{p} {content}" : content;

    public static bool UsesPriority(string type) =>
        type.Equals(nameof(RecordType.MX), StringComparison.OrdinalIgnoreCase) || type.Equals(nameof(RecordType.SRV), StringComparison.OrdinalIgnoreCase);

    /// <summary>The value of the <c>prio</c> column for a row the dashboard writes: always NULL.</summary>
    public static int? StoragePriority => null;
}
