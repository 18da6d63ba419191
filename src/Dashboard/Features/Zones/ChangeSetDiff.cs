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

/// <summary>How the diff shows records: in zone-file language, names absolute with their trailing dot.</summary>
public static class DiffText
{
    /// <summary>Storage-form content as a zone file writes it (<c>10 mx1.example.test.</c>).</summary>
    public static string Content(RecordType type, string content) => ZoneFileContent.ToZoneFile(type, content);

    /// <summary>
    /// SOA RDATA as a zone file writes it (<c>ns1.tunnel.test. hostmaster.tunnel.test. 2026113001 10800 3600 604800 60</c>);
    /// <paramref name="serial"/> replaces the serial when given (a staged edit's serial is only known at apply).
    /// </summary>
    public static string Soa(SoaFields fields, string? serial = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{DnsName.ToAbsolute(fields.Mname)} {DnsName.ToAbsolute(fields.Rname)} {serial ?? fields.Serial.ToString(System.Globalization.CultureInfo.InvariantCulture)} {fields.Refresh} {fields.Retry} {fields.Expire} {fields.Minimum}");
    }

    /// <summary>The serial a staged SOA edit will have, in words: the one the operator asked for, or "(next serial)".</summary>
    public static string StagedSerial(StagedSoa soa)
    {
        ArgumentNullException.ThrowIfNull(soa);
        return soa.RequestedSerial?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(next serial)";
    }
}
