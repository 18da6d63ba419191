using System.Security.Cryptography;
using System.Text;

namespace Dashboard.Features.TwoFactor;

/// <summary>
/// One-time recovery codes: <see cref="Count"/> of them, shown once, kept only as SHA-256 hashes. Identity's own store
/// keeps whatever strings it is given, and its generator would have it keep the codes themselves, so the dashboard
/// generates them and hands Identity the hashes (<c>RedeemTwoFactorRecoveryCodeAsync</c> then matches a hash). A code
/// carries 50 random bits, so a fast hash is enough: the slow part of guessing is the sign-in throttle. Pure.
/// </summary>
public static class RecoveryCodes
{
    public const int Count = 10;

    // No 0/o, 1/l/i: codes are read off paper.
    private const string Alphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    /// <summary>Fresh codes, formatted "xxxxx-xxxxx".</summary>
    public static IReadOnlyList<string> Generate() => Enumerable.Range(0, Count).Select(_ => NewCode()).ToList();

    /// <summary>The stored form of <paramref name="code"/>: lower-case hex SHA-256 of its letters and digits, lower-cased (dashes and spaces dropped).</summary>
    public static string Hash(string code)
    {
        var normalized = new string(code.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(normalized)));
    }

    private static string NewCode()
    {
        var chars = new char[10];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
        return $"{new string(chars, 0, 5)}-{new string(chars, 5, 5)}";
    }
}
