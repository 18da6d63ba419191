using System.Globalization;

namespace Dashboard.Dns;

/// <summary>Parsing and presentation helpers for <see cref="RecordType"/>: the one type registry.</summary>
public static class RecordTypes
{
    private static readonly Dictionary<string, RecordType> ByName =
        Enum.GetValues<RecordType>().ToDictionary(t => t.ToString(), t => t, StringComparer.Ordinal);

    /// <summary>
    /// Parses a record type mnemonic case-insensitively ("mx", "Aaaa"), or the RFC 3597 form <c>TYPEnnn</c> of a
    /// type code PowerDNS has no name for (<see cref="GenericContent.CheckTypeCode"/>). Other numeric strings and
    /// unsupported types are rejected.
    /// </summary>
    public static bool TryParse(string? text, out RecordType type)
    {
        type = default;
        if (text is null)
        {
            return false;
        }

        var upper = AsciiText.ToUpper(text.Trim());
        if (ByName.TryGetValue(upper, out type))
        {
            return true;
        }

        if (GenericContent.TryParseTypeCode(upper, out var code) && GenericContent.CheckTypeCode(code) is null)
        {
            type = (RecordType)code;
            return true;
        }

        return false;
    }

    /// <summary>Parses a record type mnemonic or throws <see cref="FormatException"/>.</summary>
    public static RecordType Parse(string text) =>
        TryParse(text, out var type)
            ? type
            : throw new FormatException($"Record type '{text}' is not supported. Supported types: {SupportedList}.");

    /// <summary>
    /// Why <paramref name="text"/> is not a supported type, in plain words (for import and the editor), or null when it is.
    /// </summary>
    public static string? Explain(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TryParse(text, out _))
        {
            return null;
        }

        var upper = AsciiText.ToUpper(text.Trim());
        return GenericContent.TryParseTypeCode(upper, out var code)
            ? $"record type '{text}': {GenericContent.CheckTypeCode(code)}"
            : $"record type '{text}' is not supported (supported: {SupportedList})";
    }

    /// <summary>The name PowerDNS stores and zone files use: the mnemonic, or <c>TYPEnnn</c> for a generic type.</summary>
    public static string Mnemonic(this RecordType type) =>
        Enum.IsDefined(type) ? type.ToString() : "TYPE" + ((int)type).ToString(CultureInfo.InvariantCulture);

    /// <summary>True for a type the dashboard carries only in the RFC 3597 generic form.</summary>
    public static bool IsGeneric(this RecordType type) => !Enum.IsDefined(type);

    /// <summary>Every named type's mnemonic, alphabetically (filters, SQL type lists).</summary>
    public static IReadOnlyList<string> Names { get; } = [.. ByName.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The supported mnemonics, comma separated, for operator messages.</summary>
    public static string SupportedList => string.Join(", ", Names) + ", and TYPEnnn (RFC 3597) for a type PowerDNS has no name for";
}
