using System.Globalization;
using System.Text;

namespace Dashboard.Dns;

/// <summary>
/// The sizes PowerDNS can store and serve, checked before anything is staged or written:
/// <list type="bullet">
/// <item>one record's content in storage form must fit PowerDNS's <c>records.content</c> column, <c>varchar(65535)</c>
/// (characters, and TXT's quotes and escapes count);</item>
/// <item>the answer to a query for the RRset must fit one DNS message, 65,535 bytes even over TCP (RFC 1035 §4.2.2):
/// PowerDNS answers a larger RRset with an empty truncated message on UDP and TCP alike. Measured on PowerDNS 4.7.3:
/// a two-record TXT answer of 65,534 bytes with EDNS is served; 65,544 bytes is answered empty with TC set.</item>
/// </list>
/// Disabled records are not served, so only enabled ones count towards the answer.
/// </summary>
public static class RRsetSize
{
    /// <summary>Largest DNS message (two-octet TCP length prefix).</summary>
    public const int MaxMessageBytes = 65535;

    /// <summary>Length of PowerDNS's <c>records.content</c> column (<c>varchar(65535)</c>, characters).</summary>
    public const int MaxContentCharacters = 65535;

    private const int HeaderBytes = 12;

    /// <summary>The EDNS OPT record a modern resolver's query makes PowerDNS add to its answer.</summary>
    private const int OptBytes = 11;

    /// <summary>Per answer record: compressed owner name (2), type, class, TTL, RDLENGTH (10).</summary>
    private const int RecordOverheadBytes = 12;

    /// <summary>A wildcard answers queries for longer names; assume the longest (255 octets) for its question.</summary>
    private const int LongestNameBytes = 255;

    /// <summary>Size problems of one RRset (owner and type in storage form, content in storage form), in plain words.</summary>
    public static IReadOnlyList<string> Check(string name, RecordType type, IEnumerable<(string Content, bool Disabled)> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var label = $"{name} {type}";
        var errors = new List<string>();
        var enabled = new List<int>();
        foreach (var (content, disabled) in records)
        {
            if (content.Length > MaxContentCharacters)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{label}: a record's data is {content.Length:N0} characters as PowerDNS stores it, but PowerDNS's content column holds at most {MaxContentCharacters:N0}; shorten it"));
            }

            if (!disabled)
            {
                enabled.Add(RdataBytes(type, content));
            }
        }

        var answer = AnswerBytes(name, enabled);
        if (answer > MaxMessageBytes)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"{label}: the answer to a query for this set would be {answer:N0} bytes, but a DNS message holds at most {MaxMessageBytes:N0} bytes, even over TCP, so PowerDNS could not serve it (every region would answer empty); make the records fewer or smaller"));
        }

        return errors;
    }

    /// <summary>Bytes of the whole answer: header, question, each record, and the EDNS OPT record.</summary>
    public static int AnswerBytes(string name, IEnumerable<int> rdataBytes)
    {
        var owner = name.StartsWith("*.", StringComparison.Ordinal) ? LongestNameBytes : DnsName.WireLength(name);
        return HeaderBytes + owner + 4 + rdataBytes.Sum(r => RecordOverheadBytes + r) + OptBytes;
    }

    /// <summary>Octets of one record's RDATA on the wire, from its storage-form content; types without a rule count the content's UTF-8 bytes.</summary>
    public static int RdataBytes(RecordType type, string content)
    {
        var f = NumberField.SplitFields(content);
        return type switch
        {
            RecordType.A => 4,
            RecordType.AAAA => 16,
            RecordType.CNAME or RecordType.NS or RecordType.PTR when f.Length == 1 => DnsName.WireLength(f[0]),
            RecordType.MX when f.Length == 2 => 2 + DnsName.WireLength(f[1]),
            RecordType.SRV when f.Length == 4 => 6 + DnsName.WireLength(f[3]),
            RecordType.SOA when f.Length == 7 => DnsName.WireLength(f[0]) + DnsName.WireLength(f[1]) + 20,
            RecordType.TXT when TxtCodec.TryParseQuoted(content, "TXT", out var strings) is null => strings.Sum(s => s.Length + 1),
            RecordType.CAA when f.Length >= 3 && TxtCodec.TryParseQuoted(string.Join(' ', f[2..]), "CAA", out var value) is null =>
                2 + Encoding.ASCII.GetByteCount(f[1]) + value.Sum(v => v.Length),
            _ => Encoding.UTF8.GetByteCount(content),
        };
    }
}
