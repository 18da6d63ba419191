using System.Text;

namespace Dashboard.Dns;

/// <summary>
/// CAA content: <c>&lt;flags 0-255&gt; &lt;tag&gt; "&lt;value&gt;"</c> (RFC 8659). Tags are limited to
/// issue, issuewild, iodef and issuemail, stored lowercase; the value is always stored quoted.
/// </summary>
public static class CaaContent
{
    /// <summary>Tags accepted by the dashboard.</summary>
    public static IReadOnlyList<string> AllowedTags { get; } = ["issue", "issuewild", "iodef", "issuemail"];

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
                && (uri.Scheme == Uri.UriSchemeMailto || uri.Scheme == Uri.UriSchemeHttps);
            return ok ? null : $"CAA iodef value '{value}' must be a mailto: or https: URL";
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
