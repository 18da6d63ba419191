using System.Globalization;

namespace Dashboard.Dns;

/// <summary>
/// TLSA content (RFC 6698 §2, RFC 7218): <c>&lt;usage 0-3&gt; &lt;selector 0-1&gt; &lt;matching type 0-2&gt; &lt;data hex&gt;</c>.
/// Matching type 1 is a SHA-256 hash (64 hex digits), 2 a SHA-512 hash (128); 0 is the full certificate or key.
/// Stored as PowerDNS's API stores it: the data lowercase in one piece.
/// </summary>
public static class TlsaContent
{
    public static ValidationResult Validate(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var f = NumberField.SplitFields(input);
        if (f.Length < 4)
        {
            return ValidationResult.Fail("TLSA content must be usage, selector, matching type and data, like '3 1 1 0c72ac70…'");
        }

        var errors = new List<string>();
        var usage = Field(f[0], 3, "TLSA certificate usage", "0 (PKIX-TA), 1 (PKIX-EE), 2 (DANE-TA) or 3 (DANE-EE)", errors);
        var selector = Field(f[1], 1, "TLSA selector", "0 (full certificate) or 1 (public key)", errors);
        var matching = Field(f[2], 2, "TLSA matching type", "0 (exact data), 1 (SHA-256) or 2 (SHA-512)", errors);
        var (digits, why) = matching switch
        {
            1 => ((int?)64, "for matching type 1 (SHA-256)"),
            2 => (128, "for matching type 2 (SHA-512)"),
            _ => (null, null),
        };
        if (HexField.Check(f[3..], "TLSA data", digits, why, out var hex) is { } hexError)
        {
            errors.Add(hexError);
        }

        return errors.Count == 0
            ? ValidationResult.Ok(string.Create(CultureInfo.InvariantCulture, $"{usage} {selector} {matching} {hex}"))
            : ValidationResult.Fail(errors);
    }

    private static long? Field(string text, long max, string field, string allowed, List<string> errors)
    {
        if (NumberField.TryParse(text, max, out var value))
        {
            return value;
        }

        errors.Add($"{field} must be {allowed}; '{text}' is not");
        return null;
    }
}
