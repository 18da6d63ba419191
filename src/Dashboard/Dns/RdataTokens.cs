namespace Dashboard.Dns;

/// <summary>
/// Splits NAPTR and SVCB/HTTPS content into whitespace-separated tokens, keeping double-quoted parts (with their
/// backslash escapes) inside one token: <c>100 10 "S" "SIP+D2U" ""</c>, <c>alpn="h2,h3"</c>.
/// </summary>
internal static class RdataTokens
{
    /// <summary>The tokens, raw (quotes kept), or an error when a quote is not closed.</summary>
    public static string? Split(string content, string type, out List<string> tokens)
    {
        tokens = [];
        var current = new System.Text.StringBuilder();
        var quoted = false;
        var inToken = false;
        for (var i = 0; i < content.Length; i++)
        {
            var c = content[i];
            if (!quoted && char.IsWhiteSpace(c))
            {
                if (inToken)
                {
                    tokens.Add(current.ToString());
                    current.Clear();
                    inToken = false;
                }

                continue;
            }

            inToken = true;
            current.Append(c);
            if (c == '\\' && i + 1 < content.Length)
            {
                current.Append(content[++i]);
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
        }

        if (quoted)
        {
            return $"{type} content has a quote that is not closed";
        }

        if (inToken)
        {
            tokens.Add(current.ToString());
        }

        return null;
    }

    /// <summary>One character-string, quoted (<c>"S"</c>) or a bare word (<c>S</c>), as raw bytes.</summary>
    public static string? CharacterString(string token, string field, out byte[] value)
    {
        value = [];
        if (!token.StartsWith('"'))
        {
            if (token.Contains('"') || token.Contains('\\'))
            {
                return $"{field} must be one quoted string, like \"S\"";
            }

            value = System.Text.Encoding.UTF8.GetBytes(token);
            return value.Length > TxtContent.MaxStringBytes ? $"{field} is {value.Length} bytes long; at most {TxtContent.MaxStringBytes}" : null;
        }

        if (TxtCodec.TryParseQuoted(token, field, out var strings) is { } error)
        {
            return error;
        }

        if (strings.Count != 1)
        {
            return $"{field} must be one quoted string, like \"S\"";
        }

        value = strings[0];
        return value.Length > TxtContent.MaxStringBytes ? $"{field} is {value.Length} bytes long; at most {TxtContent.MaxStringBytes}" : null;
    }
}
