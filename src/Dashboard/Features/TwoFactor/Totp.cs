using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Dashboard.Features.TwoFactor;

/// <summary>
/// RFC 6238 time-based one-time codes as authenticator apps compute them: HMAC-SHA1 over the 30-second time step
/// (RFC 4226 truncation), 6 digits. Identity keeps the key (its authenticator key, Base32) but its token provider only
/// answers yes or no; replay protection needs to know <em>which</em> time step a code matched, so the match is done
/// here. Pure and thread-safe.
/// </summary>
public static class Totp
{
    public const int Digits = 6;
    public const int StepSeconds = 30;

    /// <summary>
    /// Time steps either side of now a code may come from: one (30 to 60 s), for a phone's clock a little off and a
    /// code typed as it rolled over. Identity's own provider accepts two; one is what RFC 6238 (section 5.2) recommends.
    /// </summary>
    public const int Window = 1;

    /// <summary>The time step <paramref name="time"/> falls in.</summary>
    public static long StepAt(DateTimeOffset time) => time.ToUnixTimeSeconds() / StepSeconds;

    /// <summary>The code of <paramref name="step"/>, zero-padded to <paramref name="digits"/> digits.</summary>
    public static string Code(byte[] key, long step, int digits = Digits)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[HMACSHA1.HashSizeInBytes];
        HMACSHA1.HashData(key, counter, hash);
        var offset = hash[^1] & 0x0f;
        var binary = (BinaryPrimitives.ReadInt32BigEndian(hash[offset..]) & 0x7fffffff) % (int)Math.Pow(10, digits);
        return binary.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }

    /// <summary>
    /// The earliest time step within <see cref="Window"/> of <paramref name="now"/>, and later than
    /// <paramref name="afterStep"/>, whose code is <paramref name="code"/>; null when there is none (wrong, too old,
    /// or already used: a code at or before the last accepted step is refused). Compared in constant time.
    /// </summary>
    public static long? MatchingStep(byte[] key, string code, DateTimeOffset now, long? afterStep)
    {
        if (code.Length != Digits || !code.All(char.IsAsciiDigit))
        {
            return null;
        }
        var current = StepAt(now);
        long? match = null;
        for (var step = current - Window; step <= current + Window; step++)
        {
            var equal = CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(Code(key, step)), System.Text.Encoding.ASCII.GetBytes(code));
            if (equal && match is null && (afterStep is null || step > afterStep))
            {
                match = step;
            }
        }
        return match;
    }

    /// <summary>The <c>otpauth://</c> URI an authenticator app reads from the QR code (Key Uri Format).</summary>
    public static string AuthenticatorUri(string issuer, string userName, string base32Key) =>
        $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(userName)}?secret={base32Key}&issuer={Uri.EscapeDataString(issuer)}&digits={Digits}&period={StepSeconds}";

    /// <summary>The key in groups of four for typing by hand ("ABCD EFGH ...").</summary>
    public static string Grouped(string base32Key) =>
        string.Join(' ', base32Key.Chunk(4).Select(c => new string(c)));
}

/// <summary>RFC 4648 Base32 (the alphabet of Identity's authenticator keys), without padding.</summary>
public static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>Decodes <paramref name="text"/> (case, spaces and padding ignored); throws <see cref="FormatException"/> on any other character.</summary>
    public static byte[] Decode(string text)
    {
        var output = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text)
        {
            if (c is ' ' or '=' or '-')
            {
                continue;
            }
            var value = Alphabet.IndexOf(char.ToUpperInvariant(c));
            if (value < 0)
            {
                throw new FormatException($"'{c}' is not a Base32 character.");
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                output.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }
        return [.. output];
    }
}
