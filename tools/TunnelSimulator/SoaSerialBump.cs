using System.Globalization;

namespace TunnelSimulator;

/// <summary>
/// The dashboard's serial rule (src/Dashboard/Dns/SoaSerial.cs, TryNext without a requested serial), kept in step by
/// hand because this program does not reference the dashboard: each change moves the serial forward once, to the
/// date-based <c>YYYYMMDD00</c> (UTC) when that is ahead in RFC 1982 arithmetic, else to current + 1 (wrapping past
/// 4294967295 to 1, skipping 0).
/// </summary>
public static class SoaSerialBump
{
    private const long Half = 1L << 31;
    private const long Modulus = 1L << 32;

    public static bool IsGreater(long s1, long s2)
    {
        var ahead = (s1 - s2 + Modulus) % Modulus;
        return ahead is > 0 and < Half;
    }

    public static long Next(long current, DateOnly today)
    {
        if (current is < 0 or >= Modulus)
        {
            throw new FormatException($"The SOA serial {current} is not a 32-bit serial");
        }
        var dated = long.Parse(today.ToString("yyyyMMdd", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) * 100;
        if (IsGreater(dated, current))
        {
            return dated;
        }
        var next = (current + 1) % Modulus;
        return next == 0 ? 1 : next;
    }

    /// <summary>
    /// The SOA content (<c>mname rname serial refresh retry expire minimum</c>) with its serial bumped, written as the
    /// dashboard writes it (fields separated by one space). Throws <see cref="FormatException"/> on anything else.
    /// </summary>
    public static (string Content, long Serial) Bump(string content, DateOnly today)
    {
        var fields = content.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 7 || !long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var serial))
        {
            throw new FormatException($"Not an SOA content with 7 fields and a numeric serial: '{content}'");
        }
        var next = Next(serial, today);
        fields[2] = next.ToString(CultureInfo.InvariantCulture);
        return (string.Join(' ', fields), next);
    }
}
