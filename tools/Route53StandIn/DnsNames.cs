using System.Globalization;
using System.Text;

namespace Route53StandIn;

/// <summary>
/// Names the way Route 53 keeps and lists them: absolute (a trailing dot is added), lower case, and every character
/// other than a-z, 0-9, hyphen and underscore written as a three-digit octal escape ("*" is "\052"), as its
/// developer guide's "DNS domain name format" describes. Escapes in what a client sends are read back first, so
/// "*.example.test" and "\052.example.test." are the same name.
/// </summary>
internal static class DnsNames
{
    public static string Canonical(string name)
    {
        var raw = Unescape(name.Trim());
        if (!raw.EndsWith('.'))
        {
            raw += ".";
        }
        var builder = new StringBuilder(raw.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(raw.ToLowerInvariant()))
        {
            var c = (char)b;
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' or '.')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
            }
        }
        return builder.ToString();
    }

    /// <summary>
    /// The sort key ListResourceRecordSets documents: the name with its labels reversed and the trailing dot kept
    /// ("www.example.com." sorts as "com.example.www."), compared as ASCII, so that characters before "." (such as
    /// "-") sort a longer label before the dot of a shorter one, as the documentation warns.
    /// </summary>
    public static string ReversedKey(string canonicalName)
    {
        var labels = canonicalName.TrimEnd('.').Split('.');
        Array.Reverse(labels);
        return string.Join('.', labels) + ".";
    }

    /// <summary>True when <paramref name="name"/> is <paramref name="zone"/> or below it (both canonical).</summary>
    public static bool IsInZone(string name, string zone) =>
        name == zone || name.EndsWith("." + zone, StringComparison.Ordinal);

    private static string Unescape(string name)
    {
        if (!name.Contains('\\'))
        {
            return name;
        }
        var bytes = new List<byte>(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] == '\\' && IsOctal(name, i + 1) && IsOctal(name, i + 2) && IsOctal(name, i + 3)
                && Convert.ToInt32(name.Substring(i + 1, 3), 8) is var value and <= 255)
            {
                bytes.Add((byte)value);
                i += 3;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(name[i].ToString(CultureInfo.InvariantCulture)));
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsOctal(string s, int index) => index < s.Length && s[index] is >= '0' and <= '7';
}
