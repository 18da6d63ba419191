using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dashboard.Dns;

/// <summary>
/// Normalization and validation of DNS names in PowerDNS storage format: fully qualified, no trailing dot, lowercase,
/// and escaped as PowerDNS escapes them (<c>\.</c> for a dot inside a label, <c>\\</c>, <c>\DDD</c> for octets that are
/// not printable ASCII). IDN is not supported: non-ASCII input is rejected and must be entered in punycode (<c>xn--</c>) form.
/// </summary>
public static class DnsName
{
    /// <summary>Maximum length of one label in octets.</summary>
    public const int MaxLabelLength = 63;

    /// <summary>Maximum length of a name in presentation form without trailing dot (255 octets on the wire).</summary>
    public const int MaxNameLength = 253;

    /// <summary>The root name, as a name that is data is written for it (null MX, "no service" SRV).</summary>
    public const string Root = ".";

    /// <summary>Trims, lowercases ASCII letters and strips one trailing (unescaped) dot. Does not validate.</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var trimmed = AsciiText.ToLower(name.Trim());
        return EndsWithUnescapedDot(trimmed) ? trimmed[..^1] : trimmed;
    }

    /// <summary>Normalizes and validates a name; on success <see cref="ValidationResult.Value"/> is the storage form.</summary>
    public static ValidationResult Validate(string name, DnsNameKind kind)
    {
        ArgumentNullException.ThrowIfNull(name);
        var normalized = Normalize(name);
        if (normalized.Length == 0)
        {
            return ValidationResult.Fail("A name must not be empty");
        }

        if (normalized.Any(c => c > 127))
        {
            return ValidationResult.Fail(
                $"Name '{name.Trim()}' contains non-ASCII characters; enter internationalized names in punycode (xn--) form");
        }

        if (kind != DnsNameKind.Owner && IpAddressError(normalized) is { } ipError)
        {
            return ValidationResult.Fail(ipError);
        }

        if (ParseLabels(normalized) is not { } labels)
        {
            return ValidationResult.Fail(
                $"Name '{normalized}' has an invalid escape: write \\ followed by a character, or by exactly three digits from 000 to 255 (\\DDD)");
        }

        var octets = labels.Sum(l => l.Octets.Count) + labels.Count - 1;
        if (octets > MaxNameLength)
        {
            return ValidationResult.Fail(
                $"Name is {octets} characters long; a name may be at most {MaxNameLength} characters");
        }

        var errors = new List<string>();
        for (var i = 0; i < labels.Count; i++)
        {
            var error = ValidateLabel(labels[i], kind, isLeftmost: i == 0, normalized);
            if (error is not null)
            {
                errors.Add(error);
            }
        }

        return errors.Count == 0
            ? ValidationResult.Ok(string.Join('.', labels.Select(l => Escape(l.Octets))))
            : ValidationResult.Fail(errors.Distinct());
    }

    /// <summary>True when <paramref name="name"/> equals <paramref name="zone"/> or lies below it.</summary>
    public static bool IsInZone(string name, string zone)
    {
        var n = Normalize(name);
        var z = Normalize(zone);
        if (z.Length == 0)
        {
            return true;
        }

        return n == z || (n.EndsWith("." + z, StringComparison.Ordinal) && !IsEscaped(n, n.Length - z.Length - 1));
    }

    /// <summary>
    /// Resolves an owner name typed by an operator against <paramref name="zone"/>: <c>@</c> is the apex (an empty name
    /// is refused, so the apex is never edited by accident); a name ending in a dot is absolute and must be in the zone;
    /// any other name is relative unless it already ends with the zone name.
    /// </summary>
    public static ValidationResult ResolveOwner(string input, string zone)
    {
        ArgumentNullException.ThrowIfNull(input);
        var apex = Normalize(zone);
        var trimmed = input.Trim();
        string candidate;
        if (trimmed.Length == 0)
        {
            return ValidationResult.Fail($"Enter a name: @ for the zone apex ({apex} itself), or a name like www");
        }

        if (trimmed == "@")
        {
            candidate = apex;
        }
        else if (EndsWithUnescapedDot(trimmed))
        {
            candidate = Normalize(trimmed);
            if (candidate.Length > 0 && !IsInZone(candidate, apex))
            {
                return ValidationResult.Fail($"Name '{trimmed}' is not inside zone '{apex}'");
            }
        }
        else
        {
            var lowered = AsciiText.ToLower(trimmed);
            candidate = IsInZone(lowered, apex) ? lowered : $"{lowered}.{apex}";
        }

        return Validate(candidate, DnsNameKind.Owner);
    }

    /// <summary>
    /// The one rule for a domain name that is record data (CNAME, NS and PTR targets, MX exchange, SRV target, SOA MNAME
    /// and RNAME, and every name-bearing type added later), exactly as a zone file reads it (RFC 1035 §5.1):
    /// <c>@</c> is <paramref name="origin"/>; a name ending in an unescaped dot is absolute; any other name is relative
    /// to <paramref name="origin"/> (<c>ux-a</c> in zone <c>x.test</c> is <c>ux-a.x.test</c>). <c>.</c> is the root,
    /// accepted only when <paramref name="allowRoot"/> (null MX, "no service" SRV) and returned as <c>.</c>.
    /// An IP address is refused as typed, before it could become a relative name.
    /// </summary>
    /// <param name="origin">The zone (or <c>$ORIGIN</c>) in storage form; empty for content already in storage form, whose names are all absolute.</param>
    /// <returns>The absolute name in storage form (no trailing dot; see <see cref="ToAbsolute"/> to show it), or plain-words errors.</returns>
    public static ValidationResult ResolveData(string input, string origin, DnsNameKind kind = DnsNameKind.Data, bool allowRoot = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(origin);
        var trimmed = input.Trim();
        if (trimmed.Length == 0)
        {
            return ValidationResult.Fail("A name must not be empty");
        }

        if (trimmed == Root)
        {
            return allowRoot ? ValidationResult.Ok(Root) : ValidationResult.Fail("It must be a name, not the root '.'");
        }

        if (IpAddressError(trimmed) is { } ipError)
        {
            return ValidationResult.Fail(ipError);
        }

        if (IsEscaped(trimmed, trimmed.Length))
        {
            // A lone trailing backslash would escape the dot that joins the name to the origin.
            return ValidationResult.Fail($"Name '{trimmed}' has an invalid escape: it ends with a lone \\");
        }

        var absolute = Qualify(trimmed, Normalize(origin));
        return absolute.Length == 0 ? ValidationResult.Fail("'@' stands for the origin, and the origin here is the root") : Validate(absolute, kind);
    }

    /// <summary>A storage-form name as a zone file writes it: absolute, with its trailing dot (the root stays <c>.</c>).</summary>
    public static string ToAbsolute(string storageName) =>
        storageName is Root or "" ? Root : storageName + ".";

    /// <summary>
    /// The text side of <see cref="ResolveData"/>, also used for owner names and <c>$ORIGIN</c> in zone files: <c>@</c> is
    /// the origin, a name with an unescaped trailing dot is absolute (returned without it; the root as <c>.</c>), any other
    /// name gets <c>.origin</c> appended. Does not validate.
    /// </summary>
    internal static string Qualify(string token, string origin)
    {
        if (token == "@")
        {
            return origin;
        }

        if (EndsWithUnescapedDot(token))
        {
            return token == Root ? Root : token[..^1];
        }

        return origin.Length == 0 ? token : $"{token}.{origin}";
    }

    /// <summary>Octets of a storage-form name on the wire (labels with their length octets, plus the root); the root is 1.</summary>
    internal static int WireLength(string storageName)
    {
        if (storageName is Root or "")
        {
            return 1;
        }

        return ParseLabels(storageName) is { } labels ? labels.Sum(l => l.Octets.Count + 1) + 1 : storageName.Length + 2;
    }

    private static bool EndsWithUnescapedDot(string text) => text.Length > 0 && text[^1] == '.' && !IsEscaped(text, text.Length - 1);

    /// <summary>True when the character at <paramref name="index"/> follows an odd number of backslashes.</summary>
    private static bool IsEscaped(string text, int index)
    {
        var backslashes = 0;
        for (var i = index - 1; i >= 0 && text[i] == '\\'; i--)
        {
            backslashes++;
        }

        return backslashes % 2 == 1;
    }

    private static string? IpAddressError(string text)
    {
        var bare = text.EndsWith('.') ? text[..^1] : text;
        var parts = bare.Split('.');
        var isIPv4 = parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit) && int.Parse(p, CultureInfo.InvariantCulture) <= 255);
        var isIPv6 = bare.Contains(':') && IPAddress.TryParse(bare, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;
        return isIPv4 || isIPv6
            ? $"'{bare}' is an IP address, but a name is needed here: use the name of a host that has this address (an A or AAAA record), like mail.example.test"
            : null;
    }

    /// <summary>Splits presentation text into labels of octets, decoding <c>\c</c> and <c>\DDD</c>; null on a malformed escape.</summary>
    private static List<Label>? ParseLabels(string name)
    {
        var labels = new List<Label>();
        var octets = new List<byte>();
        var text = new StringBuilder();
        var rawInvalid = (char?)null;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '.')
            {
                labels.Add(new Label(text.ToString(), octets, rawInvalid));
                octets = [];
                text.Clear();
                rawInvalid = null;
                continue;
            }

            if (c != '\\')
            {
                // Unescaped, only printable ASCII stands for itself; a space or control character must be escaped.
                if (c <= ' ' || c == 127)
                {
                    rawInvalid ??= c;
                }

                octets.Add((byte)c);
                text.Append(c);
                continue;
            }

            if (i + 1 >= name.Length)
            {
                return null;
            }

            if (char.IsAsciiDigit(name[i + 1]))
            {
                if (i + 3 >= name.Length)
                {
                    return null;
                }

                var digits = name.Substring(i + 1, 3);
                if (!digits.All(char.IsAsciiDigit) || int.Parse(digits, CultureInfo.InvariantCulture) > 255)
                {
                    return null;
                }

                octets.Add((byte)int.Parse(digits, CultureInfo.InvariantCulture));
                text.Append(name, i, 4);
                i += 3;
                continue;
            }

            octets.Add((byte)name[i + 1]);
            text.Append(name, i, 2);
            i++;
        }

        labels.Add(new Label(text.ToString(), octets, rawInvalid));
        return labels;
    }

    /// <summary>Escapes a label as PowerDNS writes it (lowercased): <c>\.</c>, <c>\\</c>, printable ASCII as is, any other octet <c>\DDD</c>.</summary>
    private static string Escape(List<byte> octets)
    {
        var sb = new StringBuilder(octets.Count);
        foreach (var b in octets)
        {
            var c = (char)(b is >= (byte)'A' and <= (byte)'Z' ? b + 32 : b);
            if (c is '.' or '\\')
            {
                sb.Append('\\').Append(c);
            }
            else if (c is > ' ' and < (char)127)
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('\\').Append(b.ToString("D3", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    private static string? ValidateLabel(Label label, DnsNameKind kind, bool isLeftmost, string name)
    {
        if (label.Octets.Count == 0)
        {
            return $"Name '{name}' contains an empty label (two dots in a row or a leading dot)";
        }

        if (label.Octets.Count > MaxLabelLength)
        {
            return $"Label '{label.Text}' is {label.Octets.Count} characters long; a label may be at most {MaxLabelLength} characters";
        }

        if (label.RawInvalid is { } raw)
        {
            return kind == DnsNameKind.Data
                ? $"Label '{label.Text}' contains the invalid character '{raw}'; write it as an escape (\\032 for a space)"
                : $"Label '{label.Text}' contains the invalid character '{raw}'; only {Allowed(kind)} are allowed";
        }

        if (label.Octets.Contains((byte)'*'))
        {
            if (kind != DnsNameKind.Owner)
            {
                return $"A hostname may not contain a wildcard '*' ('{name}')";
            }

            return label.Octets.Count == 1 && isLeftmost
                ? null
                : "A wildcard '*' is only allowed as the entire leftmost label, as in '*.example.test'";
        }

        if (kind == DnsNameKind.Data)
        {
            // RFC 2181 §11: any octet may appear in a name that is data.
            return null;
        }

        foreach (var b in label.Octets)
        {
            var c = (char)b;
            if (c == '_' && kind == DnsNameKind.Hostname)
            {
                return $"A hostname may not contain underscores ('{label.Text}')";
            }

            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                var shown = c is > ' ' and < (char)127 ? c.ToString() : $"\\{b:D3}";
                return $"Label '{label.Text}' contains the invalid character '{shown}'; only {Allowed(kind)} are allowed";
            }
        }

        if (label.Octets[0] == '-' || label.Octets[^1] == '-')
        {
            return $"A hostname label may not start or end with a hyphen ('{label.Text}')";
        }

        return null;
    }

    private static string Allowed(DnsNameKind kind) =>
        kind == DnsNameKind.Owner ? "letters, digits, hyphens and underscores" : "letters, digits and hyphens";

    /// <summary>One label: as written, its octets, and the first character that may not appear unescaped (space, control).</summary>
    private sealed record Label(string Text, List<byte> Octets, char? RawInvalid);
}
