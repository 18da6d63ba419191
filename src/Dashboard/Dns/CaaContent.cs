using System.Text;

namespace Dashboard.Dns;

/// <summary>
/// CAA content: <c>&lt;flags 0-255&gt; &lt;tag&gt; "&lt;value&gt;"</c> (RFC 8659). Tags are limited to
/// issue, issuewild, iodef (a mailto:, http: or https: URL, RFC 8659 §4.4), issuemail (RFC 9495), and the CA/Browser
/// Forum's contactemail and contactphone (Baseline Requirements, appendix A), stored lowercase; the value is always
/// stored quoted.
/// </summary>
public static class CaaContent
{
    /// <summary>Tags accepted by the dashboard.</summary>
    public static IReadOnlyList<string> AllowedTags { get; } = ["issue", "issuewild", "iodef", "issuemail", "contactemail", "contactphone"];

    public static ValidationResult Validate(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var trimmed = input.Trim();
        var flagsText = TakeField(ref trimmed);
        var tagText = TakeField(ref trimmed);
        if (flagsText.Length == 0 || tagText.Length == 0 || trimmed.Length == 0)
        {
            return ValidationResult.Fail("CAA content must be flags, tag and value, like '0 issue \"letsencrypt.org\"'");
        }

        var errors = new List<string>();
        if (NumberField.Check(flagsText, byte.MaxValue, "CAA flags", out var flags) is { } flagError)
        {
            errors.Add(flagError);
        }

        var tag = AsciiText.ToLower(tagText);
        if (!tagText.All(char.IsAsciiLetterOrDigit))
        {
            errors.Add($"CAA tag '{tagText}' may contain only letters and digits");
        }
        else if (!AllowedTags.Contains(tag))
        {
            errors.Add($"CAA tag '{tagText}' is not supported; use one of: {string.Join(", ", AllowedTags)}");
        }

        var valueError = ParseValue(trimmed, out var value);
        if (valueError is not null)
        {
            errors.Add(valueError);
        }
        else if (errors.Count == 0 && CheckValue(tag, Encoding.UTF8.GetString(value)) is { } semanticError)
        {
            errors.Add(semanticError);
        }

        return errors.Count == 0
            ? ValidationResult.Ok($"{flags} {tag} {TxtCodec.Quote(value)}")
            : ValidationResult.Fail(errors);
    }

    private static string TakeField(ref string rest)
    {
        var end = 0;
        while (end < rest.Length && !char.IsWhiteSpace(rest[end]))
        {
            end++;
        }

        var field = rest[..end];
        rest = rest[end..].TrimStart();
        return field;
    }

    private static string? ParseValue(string text, out byte[] value)
    {
        value = [];
        if (!text.StartsWith('"'))
        {
            if (text.Any(char.IsWhiteSpace))
            {
                return "CAA value must be a single quoted string, like \"letsencrypt.org\"";
            }

            value = Encoding.UTF8.GetBytes(text);
            return null;
        }

        if (TxtCodec.TryParseQuoted(text, "CAA value", out var strings) is { } error)
        {
            return error;
        }

        if (strings.Count != 1)
        {
            return "CAA value must be a single quoted string, like \"letsencrypt.org\"";
        }

        value = strings[0];
        return null;
    }

    private static string? CheckValue(string tag, string value)
    {
        if (tag == "iodef")
        {
            var ok = Uri.TryCreate(value, UriKind.Absolute, out var uri)
                && (uri.Scheme == Uri.UriSchemeMailto || uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
            return ok ? null : $"CAA iodef value '{value}' must be a mailto:, http: or https: URL";
        }

        if (tag == "contactemail")
        {
            var at = value.LastIndexOf('@');
            var ok = at > 0
                && value[..at].All(c => c is > ' ' and < '\x7f' && c is not ('@' or '"' or '(' or ')' or ',' or ':' or ';' or '<' or '>' or '[' or '\\' or ']'))
                && DnsName.Validate(value[(at + 1)..], DnsNameKind.Hostname).IsValid;
            return ok ? null : $"CAA contactemail value '{value}' must be one email address, like security@example.com";
        }

        if (tag == "contactphone")
        {
            // RFC 3966 global number: "+", digits, and the visual separators - . ( )
            var ok = value.Length > 1 && value[0] == '+'
                && value[1..].All(c => char.IsAsciiDigit(c) || c is '-' or '.' or '(' or ')')
                && value.Count(char.IsAsciiDigit) is >= 3 and <= 15;
            return ok ? null : $"CAA contactphone value '{value}' must be an international phone number starting with +, like +1-555-010-0100";
        }

        var issuer = value.Split(';')[0].Trim();
        if (issuer.Length == 0)
        {
            return null; // ";" forbids issuance
        }

        var result = DnsName.Validate(issuer, DnsNameKind.Hostname);
        return result.IsValid ? null : $"CAA {tag} value: the issuer '{issuer}' must be a domain name, like letsencrypt.org";
    }
}
