using System.Text.RegularExpressions;

namespace Dashboard.Dns;

/// <summary>
/// Splits zone-file text into logical entries: strips comments (<c>;</c> outside quotes), joins lines inside
/// parentheses, keeps quoted strings (with <c>;</c> and <c>\"</c>) intact and recognizes the disabled-record lines
/// <see cref="ZoneFileWriter"/> writes.
/// <list type="bullet">
/// <item>Lines end at <c>\r\n</c>, <c>\n</c> or a lone <c>\r</c> (old Mac files).</item>
/// <item>Only space and tab separate tokens (RFC 1035 §5.1). Any other space character (no-break space, form feed,
/// U+2028 ...) is part of the token it is in; <see cref="OddSpace"/> finds it so the parser can say so.</item>
/// <item>A byte-order mark (U+FEFF) anywhere is an error naming its line: it is invisible and would end up in a name.</item>
/// </list>
/// </summary>
internal static partial class ZoneFileLexer
{
    public const string DisabledPrefix = "; disabled: ";

    public static List<ZoneEntry> Lex(string text, List<ZoneError> errors)
    {
        var entries = new List<ZoneEntry>();
        var lines = SplitLines(text);
        var pending = new List<ZoneToken>();
        var depth = 0;
        var startLine = 0;
        var openLine = 0;
        var blankOwner = false;
        for (var n = 0; n < lines.Count; n++)
        {
            var lineNo = n + 1;
            var line = lines[n];
            if (line.Contains('\uFEFF'))
            {
                errors.Add(new ZoneError(lineNo, n == 0 && line.StartsWith('\uFEFF')
                    ? "the text starts with a byte-order mark (U+FEFF, an invisible character some editors add); remove it and try again"
                    : "the line contains a byte-order mark (U+FEFF, an invisible character); remove it and try again"));
                line = line.Replace("\uFEFF", "", StringComparison.Ordinal);
            }

            if (depth == 0 && pending.Count == 0)
            {
                if (DisabledRecordLine().Match(line) is { Success: true } disabled)
                {
                    LexDisabled(disabled.Groups["record"].Value, lineNo, entries, errors);
                    continue;
                }

                startLine = lineNo;
                blankOwner = line.Length > 0 && line[0] is ' ' or '\t';
            }

            var depthBefore = depth;
            if (!LexLine(line, lineNo, pending, ref depth, errors))
            {
                pending.Clear();
                depth = 0;
                continue;
            }

            if (depthBefore == 0 && depth > 0)
            {
                openLine = lineNo;
            }

            if (depth == 0 && pending.Count > 0)
            {
                entries.Add(new ZoneEntry(startLine, blankOwner, [.. pending], Disabled: false));
                pending.Clear();
            }
        }

        if (depth > 0)
        {
            errors.Add(new ZoneError(openLine, "the parenthesis opened on this line is never closed"));
        }

        return entries;
    }

    /// <summary>
    /// The first space character in <paramref name="text"/> that is not a field separator (anything
    /// <see cref="char.IsWhiteSpace(char)"/> but space and tab), described for a message; null when there is none.
    /// </summary>
    public static string? OddSpace(string text)
    {
        foreach (var c in text)
        {
            if (c is not (' ' or '\t') && char.IsWhiteSpace(c))
            {
                var name = c switch
                {
                    '\u00A0' => "a no-break space",
                    '\u000C' => "a form feed",
                    '\u000B' => "a vertical tab",
                    '\u0085' => "a next-line character",
                    '\u2028' => "a line separator",
                    '\u2029' => "a paragraph separator",
                    '\u202F' => "a narrow no-break space",
                    '\u3000' => "an ideographic space",
                    _ => "a space character",
                };
                return $"{name} (U+{(int)c:X4})";
            }
        }

        return null;
    }

    /// <summary>Splits at CRLF, LF and lone CR, so a file from any system keeps its line numbers.</summary>
    private static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '\n' or '\r')
            {
                lines.Add(text[start..i]);
                if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                start = i + 1;
            }
        }

        lines.Add(text[start..]);
        return lines;
    }

    /// <summary>
    /// Exactly what <see cref="ZoneFileWriter"/> writes for a disabled record: the prefix, then an absolute owner, a
    /// TAB, the TTL, TAB, IN, TAB, the type in capitals, TAB, the content. Any other comment, even one starting with
    /// "; disabled:", is a comment.
    /// </summary>
    [GeneratedRegex(@"^; disabled: (?<record>[^\s;()""]+\.\t[0-9]+\tIN\t[A-Z][A-Z0-9]*\t[^\t].*)$", RegexOptions.CultureInvariant)]
    private static partial Regex DisabledRecordLine();

    private static void LexDisabled(string record, int lineNo, List<ZoneEntry> entries, List<ZoneError> errors)
    {
        var tokens = new List<ZoneToken>();
        var depth = 0;
        if (!LexLine(record, lineNo, tokens, ref depth, errors))
        {
            return;
        }

        if (depth != 0)
        {
            errors.Add(new ZoneError(lineNo, "a disabled record must be written on a single line"));
        }
        else
        {
            entries.Add(new ZoneEntry(lineNo, BlankOwner: false, tokens, Disabled: true));
        }
    }

    /// <summary>Tokenizes one physical line; returns false (after adding an error) when it is malformed.</summary>
    private static bool LexLine(string line, int lineNo, List<ZoneToken> tokens, ref int depth, List<ZoneError> errors)
    {
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (c is ' ' or '\t')
            {
                i++;
            }
            else if (c == ';')
            {
                break;
            }
            else if (c == '(')
            {
                depth++;
                i++;
            }
            else if (c == ')')
            {
                if (--depth < 0)
                {
                    errors.Add(new ZoneError(lineNo, "')' has no matching '('"));
                    return false;
                }

                i++;
            }
            else if (c == '"')
            {
                var start = i++;
                while (i < line.Length && line[i] != '"')
                {
                    i += line[i] == '\\' ? 2 : 1;
                }

                if (i >= line.Length)
                {
                    errors.Add(new ZoneError(lineNo, "a quoted string is not terminated (a closing \" is missing)"));
                    return false;
                }

                tokens.Add(new ZoneToken(line[start..++i], Quoted: true));
            }
            else
            {
                var start = i;
                while (i < line.Length && line[i] is not (' ' or '\t' or ';' or '(' or ')' or '"'))
                {
                    i += line[i] == '\\' && i + 1 < line.Length ? 2 : 1;
                }

                tokens.Add(new ZoneToken(line[start..i], Quoted: false));
            }
        }

        return true;
    }
}
