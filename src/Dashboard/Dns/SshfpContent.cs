using System.Globalization;

namespace Dashboard.Dns;

/// <summary>
/// SSHFP content (RFC 4255, 6594, 7479, 8709): <c>&lt;algorithm&gt; &lt;fingerprint type&gt; &lt;fingerprint hex&gt;</c>.
/// Algorithms 1 RSA, 2 DSA, 3 ECDSA, 4 Ed25519, 6 Ed448; fingerprint types 1 SHA-1 (40 hex digits), 2 SHA-256 (64).
/// Stored as PowerDNS's API stores it: the fingerprint lowercase in one piece.
/// </summary>
public static class SshfpContent
{
    private static readonly Dictionary<long, string> Algorithms = new()
    {
        [1] = "RSA", [2] = "DSA", [3] = "ECDSA", [4] = "Ed25519", [6] = "Ed448",
    };

    public static ValidationResult Validate(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var f = NumberField.SplitFields(input);
        if (f.Length < 3)
        {
            return ValidationResult.Fail("SSHFP content must be algorithm, fingerprint type and fingerprint, like '4 2 123456789abcdef…'");
        }

        var errors = new List<string>();
        if (!NumberField.TryParse(f[0], byte.MaxValue, out var algorithm) || !Algorithms.ContainsKey(algorithm))
        {
            errors.Add($"SSHFP algorithm must be 1 (RSA), 2 (DSA), 3 (ECDSA), 4 (Ed25519) or 6 (Ed448); '{f[0]}' is not");
        }

        int? digits = null;
        string? why = null;
        if (!NumberField.TryParse(f[1], byte.MaxValue, out var type) || type is not (1 or 2))
        {
            errors.Add($"SSHFP fingerprint type must be 1 (SHA-1) or 2 (SHA-256); '{f[1]}' is not");
        }
        else
        {
            (digits, why) = type == 1 ? (40, "for type 1 (SHA-1)") : (64, "for type 2 (SHA-256)");
        }

        if (HexField.Check(f[2..], "SSHFP fingerprint", digits, why, out var hex) is { } hexError)
        {
            errors.Add(hexError);
        }

        return errors.Count == 0
            ? ValidationResult.Ok(string.Create(CultureInfo.InvariantCulture, $"{algorithm} {type} {hex}"))
            : ValidationResult.Fail(errors);
    }
}
