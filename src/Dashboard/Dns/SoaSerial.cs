using System.Globalization;

namespace Dashboard.Dns;

/// <summary>
/// The SOA serial a change set's apply writes, in RFC 1982 serial arithmetic (32 bits, so the serial wraps and a zone
/// never gets stuck at 4294967295). Each apply moves it forward once: to the date-based <c>YYYYMMDDnn</c> when that is
/// ahead of the current serial, else current + 1 (4294967295 + 1 wraps to 1, skipping 0, which some secondaries
/// treat as special, as BIND does). A serial the operator asked for (SOA editor, imported file) wins when it is ahead
/// and counts as the one bump.
/// </summary>
public static class SoaSerial
{
    /// <summary>2^31: a serial more than 2^31 - 1 ahead reads as behind (RFC 1982 §3.1).</summary>
    private const long Half = 1L << 31;

    private const long Modulus = 1L << 32;

    /// <summary>Whether <paramref name="s1"/> is greater than <paramref name="s2"/> in serial arithmetic (RFC 1982 §3.2).</summary>
    public static bool IsGreater(long s1, long s2)
    {
        var ahead = (s1 - s2 + Modulus) % Modulus;
        return ahead is > 0 and < Half;
    }

    /// <summary>The serial one step ahead of <paramref name="current"/>, wrapping past 4294967295 (and skipping 0).</summary>
    public static long Increment(long current)
    {
        var next = (current + 1) % Modulus;
        return next == 0 ? 1 : next;
    }

    /// <summary>
    /// Why <paramref name="requested"/> cannot follow <paramref name="current"/>, in plain words; null when it can
    /// (equal, or ahead in serial arithmetic).
    /// </summary>
    public static string? CheckRequested(long current, long requested)
    {
        if (requested is < 0 or > SoaContent.MaxSerial)
        {
            return $"The serial must be a whole number from 0 to {SoaContent.MaxSerial}";
        }

        if (requested == current || IsGreater(requested, current))
        {
            return null;
        }

        return requested > current
            ? $"The serial {requested} is more than {Half - 1} ahead of the zone's serial {current}; secondaries compare serials with RFC 1982 arithmetic and would read it as going backwards. Raise it in steps of at most {Half - 1}"
            : $"The serial may be raised but never lowered: it is {current} now, and {requested} is lower (secondaries would stop taking updates)";
    }

    public static bool TryNext(long current, DateOnly today, long? requested, out long next, out string? error)
    {
        next = current;
        error = null;
        if (current is < 0 or > SoaContent.MaxSerial)
        {
            error = $"The zone's SOA serial {current} is not a 32-bit serial (0 to {SoaContent.MaxSerial}); fix it in the SOA editor";
            return false;
        }

        if (requested is { } wanted && wanted != current)
        {
            if (CheckRequested(current, wanted) is { } refused)
            {
                if (wanted > current)
                {
                    error = refused;
                    return false;
                }
            }
            else
            {
                next = wanted;
                return true;
            }
        }

        var dated = long.Parse(today.ToString("yyyyMMdd", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) * 100;
        next = IsGreater(dated, current) ? dated : Increment(current);
        return true;
    }
}
