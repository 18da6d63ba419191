using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Dashboard.Features.ApiKeys;

/// <summary>
/// The key as a caller holds it: <c>dash_&lt;id&gt;_&lt;secret&gt;</c>, the id 32 hex digits (the row's, so lookup is by
/// primary key) and the secret 32 random bytes in base64url (43 characters). The prefix makes a leaked key greppable
/// (secret scanners, logs). Only SHA-256 of the secret is stored: with 256 random bits a slow password hash adds
/// nothing, and a plain hash keeps every API request cheap. Hashes are compared in constant time.
/// </summary>
public static class ApiKeySecret
{
    public const string Prefix = "dash_";
    private const int SecretBytes = 32;
    private const int IdLength = 32;
    private const int SecretLength = 43;

    /// <summary>A new key: its id, the text shown once to whoever made it, and the hash to store.</summary>
    public static (Guid Id, string Key, byte[] Hash) Create()
    {
        var id = Guid.NewGuid();
        var secret = Base64Url(RandomNumberGenerator.GetBytes(SecretBytes));
        return (id, $"{Prefix}{id:N}_{secret}", Hash(secret));
    }

    /// <summary>Splits a presented key into its id and secret; false for anything not of the key's shape.</summary>
    public static bool TryParse(string? key, out Guid id, [NotNullWhen(true)] out string? secret)
    {
        id = Guid.Empty;
        secret = null;
        if (key is null || key.Length != Prefix.Length + IdLength + 1 + SecretLength
            || !key.StartsWith(Prefix, StringComparison.Ordinal) || key[Prefix.Length + IdLength] != '_'
            || !Guid.TryParseExact(key.AsSpan(Prefix.Length, IdLength), "N", out id))
        {
            return false;
        }
        secret = key[(Prefix.Length + IdLength + 1)..];
        return true;
    }

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>Whether <paramref name="secret"/> hashes to <paramref name="storedHash"/>, in time independent of where they differ.</summary>
    public static bool Matches(string secret, byte[] storedHash) => CryptographicOperations.FixedTimeEquals(Hash(secret), storedHash);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
