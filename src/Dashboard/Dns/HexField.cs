namespace Dashboard.Dns;

/// <summary>Hex data at the end of DS, TLSA and SSHFP content: may be split by spaces (as zone files do); stored lowercase in one piece.</summary>
internal static class HexField
{
    /// <summary>Joins <paramref name="parts"/> and checks them; <paramref name="digits"/> is the required number of hex digits, or null for any even number above 0.</summary>
    public static string? Check(IEnumerable<string> parts, string field, int? digits, string? why, out string hex)
    {
        hex = AsciiText.ToLower(string.Concat(parts));
        if (hex.Length == 0)
        {
            return $"{field} must not be empty";
        }

        if (hex.FirstOrDefault(c => !char.IsAsciiHexDigit(c)) is var bad and not '\0')
        {
            return $"{field} must be hexadecimal digits (0-9, a-f); '{bad}' is not one";
        }

        if (digits is { } expected && hex.Length != expected)
        {
            return $"{field} must be {expected} hex digits {why}; it has {hex.Length}";
        }

        return hex.Length % 2 != 0 ? $"{field} has {hex.Length} hex digits; two digits make one byte, so the count must be even" : null;
    }
}
