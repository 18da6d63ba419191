using System.Globalization;

namespace Dashboard.Dns;

/// <summary>
/// RFC 3597 generic records: type <c>TYPEnnn</c> with content <c>\# &lt;length&gt; &lt;hex&gt;</c>, for a type code
/// PowerDNS 4.7 has no name for. Stored as PowerDNS's API stores it: <c>\# 3 abcdef</c> (hex lowercase, no spaces);
/// zero-length data is <c>\# 0 </c> with the trailing space PowerDNS requires.
/// </summary>
public static class GenericContent
{
    /// <summary>
    /// Type codes PowerDNS 4.7.3 knows by name (its API stores them under the name and expects their own presentation
    /// form), found by creating <c>TYPEnnn</c> for every code through the API: these cannot be carried generically.
    /// </summary>
    private static readonly Dictionary<int, string> PowerDnsNames = new()
    {
        [1] = "A", [2] = "NS", [5] = "CNAME", [6] = "SOA", [7] = "MB", [8] = "MG", [9] = "MR", [12] = "PTR",
        [13] = "HINFO", [14] = "MINFO", [15] = "MX", [16] = "TXT", [17] = "RP", [18] = "AFSDB", [24] = "SIG",
        [25] = "KEY", [28] = "AAAA", [29] = "LOC", [33] = "SRV", [35] = "NAPTR", [36] = "KX", [37] = "CERT",
        [38] = "A6", [39] = "DNAME", [41] = "OPT", [42] = "APL", [43] = "DS", [44] = "SSHFP", [45] = "IPSECKEY",
        [46] = "RRSIG", [47] = "NSEC", [48] = "DNSKEY", [49] = "DHCID", [50] = "NSEC3", [51] = "NSEC3PARAM",
        [52] = "TLSA", [53] = "SMIMEA", [57] = "RKEY", [59] = "CDS", [60] = "CDNSKEY", [61] = "OPENPGPKEY",
        [62] = "CSYNC", [63] = "ZONEMD", [64] = "SVCB", [65] = "HTTPS", [99] = "SPF", [104] = "NID", [105] = "L32",
        [106] = "L64", [107] = "LP", [108] = "EUI48", [109] = "EUI64", [249] = "TKEY", [250] = "TSIG",
        [251] = "IXFR", [252] = "AXFR", [253] = "MAILB", [254] = "MAILA", [255] = "ANY", [256] = "URI",
        [257] = "CAA", [32769] = "DLV", [65400] = "ADDR", [65401] = "ALIAS", [65402] = "LUA",
    };

    /// <summary>Reads <c>TYPEnnn</c> (already upper case); true when it has that shape with a number 0-65535.</summary>
    public static bool TryParseTypeCode(string upper, out int code)
    {
        code = 0;
        return upper.StartsWith("TYPE", StringComparison.Ordinal)
            && NumberField.TryParse(upper[4..], ushort.MaxValue, out var value)
            && (code = (int)value) >= 0;
    }

    /// <summary>Why a type code cannot be used in the generic form, or null when it can.</summary>
    public static string? CheckTypeCode(int code)
    {
        if (PowerDnsNames.TryGetValue(code, out var name))
        {
            return Enum.TryParse<RecordType>(name, out _)
                ? $"TYPE{code} is {name}; enter it as {name} with its usual content"
                : $"TYPE{code} is {name}, which PowerDNS stores in its own format, not the generic \\# form; the dashboard does not edit {name} records";
        }

        return code switch
        {
            0 => "TYPE0 is reserved and cannot be stored",
            >= 128 and <= 255 => $"TYPE{code} is in the range 128-255 kept for query and meta types (RFC 6895); it cannot be stored in a zone",
            65535 => "TYPE65535 is reserved and cannot be stored",
            _ => null,
        };
    }

    public static ValidationResult Validate(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var fields = NumberField.SplitFields(input);
        if (fields.Length < 2 || fields[0] != @"\#")
        {
            return ValidationResult.Fail(@"Generic (RFC 3597) content must be \# , the data length in bytes and the data in hex, like '\# 3 abcdef'");
        }

        if (NumberField.Check(fields[1], ushort.MaxValue, "Generic data length", out var length) is { } lengthError)
        {
            return ValidationResult.Fail(lengthError);
        }

        var hex = string.Concat(fields[2..]);
        if (!hex.All(char.IsAsciiHexDigit))
        {
            return ValidationResult.Fail($"Generic data must be hexadecimal digits (0-9, a-f); '{hex}' is not");
        }

        if (hex.Length % 2 != 0)
        {
            return ValidationResult.Fail($"Generic data has {hex.Length} hex digits; two digits make one byte, so the count must be even");
        }

        if (hex.Length / 2 != length)
        {
            return ValidationResult.Fail($"Generic data length says {length} byte(s) but the data has {hex.Length / 2}");
        }

        return ValidationResult.Ok(length == 0
            ? @"\# 0 "
            : $@"\# {length.ToString(CultureInfo.InvariantCulture)} {AsciiText.ToLower(hex)}");
    }
}
