namespace Dashboard.Dns;

/// <summary>Parsing and presentation helpers for <see cref="RecordType"/>.</summary>
public static class RecordTypes
{
    /// <summary>
    /// Parses a record type mnemonic case-insensitively ("mx", "Aaaa").
    /// Numeric strings and unsupported types are rejected.
    /// </summary>
    public static bool TryParse(string? text, out RecordType type)
    {
        type = default;
        if (text is null)
        {
            return false;
        }

        RecordType? parsed = AsciiText.ToUpper(text.Trim()) switch
        {
            "A" => RecordType.A,
            "AAAA" => RecordType.AAAA,
            "CNAME" => RecordType.CNAME,
            "MX" => RecordType.MX,
            "TXT" => RecordType.TXT,
            "SRV" => RecordType.SRV,
            "CAA" => RecordType.CAA,
            "NS" => RecordType.NS,
            "PTR" => RecordType.PTR,
            "SOA" => RecordType.SOA,
            _ => null,
        };
        if (parsed is null)
        {
            return false;
        }

        type = parsed.Value;
        return true;
    }

    /// <summary>Parses a record type mnemonic or throws <see cref="FormatException"/>.</summary>
    public static RecordType Parse(string text) =>
        TryParse(text, out var type)
            ? type
            : throw new FormatException($"Record type '{text}' is not supported. Supported types: {SupportedList}.");

    /// <summary>The supported mnemonics, comma separated, for operator messages.</summary>
    public static string SupportedList => string.Join(", ", Enum.GetNames<RecordType>());
}
