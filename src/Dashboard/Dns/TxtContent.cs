using System.Text;

namespace Dashboard.Dns;

/// <summary>
/// TXT content. Storage form is one or more double-quoted character-strings separated by single
/// spaces, each at most 255 bytes after unescaping. Operators may type either quoted strings, or
/// unquoted text (taken literally: no escapes) that is quoted and split into 255-byte chunks.
/// Input whose first non-space character is <c>"</c> is treated as quoted.
/// </summary>
public static class TxtContent
{
    /// <summary>Maximum length of one character-string, in bytes.</summary>
    public const int MaxStringBytes = 255;

    /// <summary>Maximum total RDATA length of one record.</summary>
    public const int MaxRdataBytes = 65535;

    public static ValidationResult Validate(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var trimmed = input.Trim();
        if (trimmed.Length == 0)
        {
            return ValidationResult.Fail("TXT text must not be empty; enter \"\" for an intentionally empty string");
        }

        if (!trimmed.StartsWith('"'))
        {
            return Check(TxtCodec.SplitUtf8(trimmed, MaxStringBytes));
        }

        return TxtCodec.TryParseQuoted(trimmed, "TXT content", out var strings) is { } error
            ? ValidationResult.Fail(error)
            : Check(strings);
    }

    /// <summary>Parses quoted storage/presentation content into its raw (unescaped) strings.</summary>
    public static TxtParseResult Parse(string quoted)
    {
        ArgumentNullException.ThrowIfNull(quoted);
        return TxtCodec.TryParseQuoted(quoted, "TXT content", out var strings) is { } error
            ? new TxtParseResult([], [error])
            : new TxtParseResult(strings.Select(s => Encoding.UTF8.GetString(s)).ToArray(), []);
    }

    /// <summary>
    /// Formats raw strings as quoted storage content, escaping <c>"</c> and <c>\</c>.
    /// Strings longer than 255 UTF-8 bytes are split into several character-strings.
    /// </summary>
    public static string Format(IEnumerable<string> rawStrings)
    {
        ArgumentNullException.ThrowIfNull(rawStrings);
        return string.Join(' ', rawStrings
            .SelectMany(s => TxtCodec.SplitUtf8(s, MaxStringBytes))
            .Select(TxtCodec.Quote));
    }

    /// <summary>Formats one raw string, splitting it into 255-byte chunks as needed.</summary>
    public static string Format(string raw) => Format([raw]);

    private static ValidationResult Check(List<byte[]> strings)
    {
        var errors = new List<string>();
        for (var i = 0; i < strings.Count; i++)
        {
            if (strings[i].Length > MaxStringBytes)
            {
                errors.Add($"TXT string {i + 1} is {strings[i].Length} bytes long; each quoted string may be at most {MaxStringBytes} bytes");
            }
        }

        var total = strings.Sum(s => s.Length + 1);
        if (total > MaxRdataBytes)
        {
            errors.Add($"TXT content is {total} bytes long; a record may hold at most {MaxRdataBytes} bytes");
        }

        return errors.Count == 0
            ? ValidationResult.Ok(string.Join(' ', strings.Select(TxtCodec.Quote)))
            : ValidationResult.Fail(errors);
    }
}
