using System.Globalization;

namespace Dashboard.Dns;

/// <summary>Converts record content between storage format and zone-file presentation.</summary>
internal static class ZoneFileContent
{
    /// <summary>Storage content to zone-file text: hostname targets become absolute (trailing dot).</summary>
    public static string ToZoneFile(RecordType type, string content)
    {
        var f = NumberField.SplitFields(content);
        return type switch
        {
            RecordType.CNAME or RecordType.NS or RecordType.PTR when f.Length == 1 => Absolute(f[0]),
            RecordType.MX when f.Length == 2 => $"{f[0]} {Absolute(f[1])}",
            RecordType.SRV when f.Length == 4 => $"{f[0]} {f[1]} {f[2]} {Absolute(f[3])}",
            RecordType.SOA when f.Length == 7 => $"{Absolute(f[0])} {Absolute(f[1])} {string.Join(' ', f[2..])}",
            RecordType.DNAME when f.Length == 1 => Absolute(f[0]),
            RecordType.SVCB or RecordType.HTTPS when f.Length >= 2 => string.Join(' ', [f[0], Absolute(f[1]), .. f[2..]]),
            // The replacement is the last field; the quoted strings before it never end in an unquoted name.
            RecordType.NAPTR when f.Length >= 6 => $"{content[..content.LastIndexOf(' ')]} {Absolute(f[^1])}",
            _ => content,
        };
    }

    /// <summary>
    /// Zone-file RDATA tokens to content text for <see cref="RecordContent.Validate"/>, which is given the origin and
    /// resolves the names in it by the one rule (<see cref="DnsName.ResolveData"/>): unquoted TXT words are quoted and
    /// SOA timers with units (<c>1h</c>) become seconds.
    /// </summary>
    public static string FromZoneFile(RecordType type, IReadOnlyList<ZoneToken> tokens)
    {
        var parts = tokens.Select(t => t.Text).ToArray();
        switch (type)
        {
            case RecordType.SVCB or RecordType.HTTPS:
                return JoinSvcParams(parts, tokens);
            case RecordType.SOA:
                for (var i = 3; i < Math.Min(parts.Length, 7); i++)
                {
                    if (ZoneFileTtl.TryParse(parts[i], out var seconds))
                    {
                        parts[i] = seconds.ToString(CultureInfo.InvariantCulture);
                    }
                }

                break;
            case RecordType.TXT:
                for (var i = 0; i < parts.Length; i++)
                {
                    parts[i] = tokens[i].Quoted ? parts[i] : $"\"{parts[i]}\"";
                }

                break;
        }

        return string.Join(' ', parts);
    }

    /// <summary>Resolves a zone-file name token: <c>@</c> is the origin, names without a trailing dot are relative.</summary>
    public static string ResolveName(string token, string origin) => DnsName.Qualify(token, origin);

    public static string Absolute(string name) => DnsName.ToAbsolute(EscapeSpecials(name));

    /// <summary>
    /// A storage-form name keeps <c>;</c>, <c>(</c>, <c>)</c>, <c>"</c> and <c>$</c> as they are (PowerDNS escapes only
    /// dots, backslashes and unprintable octets), but in a zone file they start a comment, group lines, quote or begin a
    /// directive: write each as <c>\c</c> so the name reads back as the same octets. Existing escapes are copied as they are.
    /// </summary>
    private static string EscapeSpecials(string name)
    {
        if (name.IndexOfAny(ZoneFileSpecials) < 0)
        {
            return name;
        }

        var sb = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '\\' && i + 1 < name.Length)
            {
                sb.Append(c).Append(name[++i]);
                continue;
            }

            if (Array.IndexOf(ZoneFileSpecials, c) >= 0)
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    private static readonly char[] ZoneFileSpecials = [';', '(', ')', '"', '$'];

    /// <summary>Zone files write a quoted SvcParam value as its own token (<c>alpn=</c>, <c>"h2,h3"</c>): join them back.</summary>
    private static string JoinSvcParams(string[] parts, IReadOnlyList<ZoneToken> tokens)
    {
        var joined = new List<string>();
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 1 && joined.Count > 0 && tokens[i].Quoted && !tokens[i - 1].Quoted && parts[i - 1].EndsWith('='))
            {
                joined[^1] += parts[i];
            }
            else
            {
                joined.Add(parts[i]);
            }
        }

        return string.Join(' ', joined);
    }
}
