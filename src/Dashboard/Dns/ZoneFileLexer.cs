namespace Dashboard.Dns;

/// <summary>
/// Splits zone-file text into logical entries: strips comments (<c>;</c> outside quotes),
/// joins lines inside parentheses, keeps quoted strings (with <c>;</c> and <c>\"</c>) intact and
/// recognizes the dashboard's <c>; disabled: </c> comment lines.
/// </summary>
internal static class ZoneFileLexer
{
    public const string DisabledPrefix = "; disabled: ";

    public static List<ZoneEntry> Lex(string text, List<ZoneError> errors)
    {
        var entries = new List<ZoneEntry>();
        var lines = text.Split('\n');
        var pending = new List<ZoneToken>();
        var depth = 0;
        var startLine = 0;
        var openLine = 0;
        var blankOwner = false;
        for (var n = 0; n < lines.Length; n++)
        {
            var lineNo = n + 1;
            var line = lines[n].TrimEnd('\r');
            if (depth == 0 && pending.Count == 0)
            {
                if (line.StartsWith(DisabledPrefix, StringComparison.Ordinal))
                {
                    LexDisabled(line[DisabledPrefix.Length..], lineNo, entries, errors);
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

    private static void LexDisabled(string rest, int lineNo, List<ZoneEntry> entries, List<ZoneError> errors)
    {
        var tokens = new List<ZoneToken>();
        var depth = 0;
        if (!LexLine(rest, lineNo, tokens, ref depth, errors))
        {
            return;
        }

        if (depth != 0)
        {
            errors.Add(new ZoneError(lineNo, "a disabled record must be written on a single line"));
        }
        else if (rest.Length == 0 || char.IsWhiteSpace(rest[0]))
        {
            errors.Add(new ZoneError(lineNo, "a disabled record must start with its owner name"));
        }
        else if (tokens.Count > 0)
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
            if (char.IsWhiteSpace(c))
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
                while (i < line.Length && !char.IsWhiteSpace(line[i]) && line[i] is not (';' or '(' or ')' or '"'))
                {
                    i += line[i] == '\\' && i + 1 < line.Length ? 2 : 1;
                }

                tokens.Add(new ZoneToken(line[start..i], Quoted: false));
            }
        }

        return true;
    }
}
