using System.Globalization;
using System.Text;

namespace Dashboard.Dns;

/// <summary>
/// Writes storage-format records as a BIND master file.
/// <list type="bullet">
/// <item>Header: <c>$ORIGIN zone.</c> and <c>$TTL</c> (the SOA's TTL, or 3600 without SOA).</item>
/// <item>All names are absolute with a trailing dot, owners and hostname targets alike.</item>
/// <item>One record per line: <c>name TAB ttl TAB IN TAB type TAB content</c>, TTL always explicit.</item>
/// <item>Order: apex first, then names in DNS canonical order (<see cref="DnsNameComparer"/>); within a
/// name SOA, then NS, then other types alphabetically; then content (ordinal), TTL, enabled before disabled.</item>
/// <item>Disabled records are written as comment lines <c>; disabled: &lt;record line&gt;</c>, which
/// <see cref="ZoneFileParser"/> reads back as disabled records, so export/parse/export is byte-identical.</item>
/// </list>
/// Lines end with <c>\n</c>.
/// </summary>
public static class ZoneFileWriter
{
    /// <summary>Default <c>$TTL</c> when the records contain no SOA.</summary>
    public const int DefaultTtl = 3600;

    public static string Write(string zoneName, IEnumerable<ZoneRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var zone = DnsName.Normalize(zoneName);
        var sorted = records
            .Select(r => r with { Name = DnsName.Normalize(r.Name) })
            .OrderBy(r => r.Name == zone ? 0 : 1)
            .ThenBy(r => r.Name, DnsNameComparer.Instance)
            .ThenBy(r => TypeRank(r.Type))
            .ThenBy(r => r.Type.Mnemonic(), StringComparer.Ordinal)
            .ThenBy(r => r.Content, StringComparer.Ordinal)
            .ThenBy(r => r.Ttl)
            .ThenBy(r => r.Disabled)
            .ToList();
        var soa = sorted.FirstOrDefault(r => r.Type == RecordType.SOA && !r.Disabled);
        var sb = new StringBuilder();
        sb.Append("$ORIGIN ").Append(ZoneFileContent.Absolute(zone)).Append('\n');
        sb.Append("$TTL ").Append((soa?.Ttl ?? DefaultTtl).ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var record in sorted)
        {
            if (record.Disabled)
            {
                sb.Append(ZoneFileLexer.DisabledPrefix);
            }

            sb.Append(FormatLine(record)).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>Formats one record as a zone-file line (without disabled prefix or newline).</summary>
    public static string FormatLine(ZoneRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var name = ZoneFileContent.Absolute(DnsName.Normalize(record.Name));
        var ttl = record.Ttl.ToString(CultureInfo.InvariantCulture);
        return $"{name}\t{ttl}\tIN\t{record.Type.Mnemonic()}\t{ZoneFileContent.ToZoneFile(record.Type, record.Content)}";
    }

    private static int TypeRank(RecordType type) => type switch
    {
        RecordType.SOA => 0,
        RecordType.NS => 1,
        _ => 2,
    };
}
