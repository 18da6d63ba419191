using System.Globalization;

namespace Dashboard.Dns;

/// <summary>
/// DS content (RFC 4034 §5): <c>&lt;key tag 0-65535&gt; &lt;algorithm&gt; &lt;digest type&gt; &lt;digest hex&gt;</c>.
/// Algorithms and digest types are those IANA assigns for DNSSEC; the digest length must match its type.
/// Stored as PowerDNS's API stores it: numbers in decimal, the digest lowercase in one piece.
/// </summary>
public static class DsContent
{
    /// <summary>DNSSEC algorithm numbers that sign zones (IANA "DNS Security Algorithm Numbers").</summary>
    internal static readonly IReadOnlyDictionary<long, string> Algorithms = new Dictionary<long, string>
    {
        [1] = "RSAMD5", [3] = "DSA", [5] = "RSASHA1", [6] = "DSA-NSEC3-SHA1", [7] = "RSASHA1-NSEC3-SHA1",
        [8] = "RSASHA256", [10] = "RSASHA512", [12] = "ECC-GOST", [13] = "ECDSAP256SHA256", [14] = "ECDSAP384SHA384",
        [15] = "ED25519", [16] = "ED448", [17] = "SM2SM3", [23] = "ECC-GOST12", [253] = "PRIVATEDNS", [254] = "PRIVATEOID",
    };

    /// <summary>Digest type → (name, hex digits): SHA-1 (RFC 4034), SHA-256 (RFC 4509), GOST (RFC 5933), SHA-384 (RFC 6605), GOST 2012 (RFC 9558), SM3 (RFC 9563).</summary>
    private static readonly Dictionary<long, (string Name, int Digits)> DigestTypes = new()
    {
        [1] = ("SHA-1", 40), [2] = ("SHA-256", 64), [3] = ("GOST R 34.11-94", 64), [4] = ("SHA-384", 96),
        [5] = ("GOST R 34.11-2012", 128), [6] = ("SM3", 64),
    };

    public static ValidationResult Validate(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var f = NumberField.SplitFields(input);
        if (f.Length < 4)
        {
            return ValidationResult.Fail("DS content must be key tag, algorithm, digest type and digest, like '60485 13 2 2bb183af…'");
        }

        var errors = new List<string>();
        if (NumberField.Check(f[0], ushort.MaxValue, "DS key tag", out var tag) is { } tagError)
        {
            errors.Add(tagError);
        }

        if (CheckAlgorithm(f[1], "DS algorithm", out var algorithm) is { } algorithmError)
        {
            errors.Add(algorithmError);
        }

        (string Name, int Digits)? digest = null;
        if (NumberField.Check(f[2], byte.MaxValue, "DS digest type", out var digestType) is { } typeError)
        {
            errors.Add(typeError);
        }
        else if (DigestTypes.TryGetValue(digestType, out var known))
        {
            digest = known;
        }
        else
        {
            errors.Add($"DS digest type {digestType} is not assigned; use 1 (SHA-1), 2 (SHA-256), 4 (SHA-384) or another IANA digest type");
        }

        if (HexField.Check(f[3..], "DS digest", digest?.Digits, digest is { } d ? $"for digest type {digestType} ({d.Name})" : null, out var hex) is { } hexError)
        {
            errors.Add(hexError);
        }

        return errors.Count == 0
            ? ValidationResult.Ok(string.Create(CultureInfo.InvariantCulture, $"{tag} {algorithm} {digestType} {hex}"))
            : ValidationResult.Fail(errors);
    }

    /// <summary>A DNSSEC algorithm number (also used by DNSKEY-related types).</summary>
    internal static string? CheckAlgorithm(string text, string field, out long algorithm)
    {
        if (NumberField.Check(text, byte.MaxValue, field, out algorithm) is { } error)
        {
            return error;
        }

        return Algorithms.ContainsKey(algorithm)
            ? null
            : $"{field} {algorithm} is not a DNSSEC signing algorithm; use for example 8 (RSASHA256), 13 (ECDSAP256SHA256) or 15 (ED25519)";
    }
}
