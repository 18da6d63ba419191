using System.Globalization;

namespace Dashboard.Dns;

/// <summary>
/// The SOA serial a change set's apply writes: bumped once per apply, never lowered, never wrapped.
/// Date-based <c>YYYYMMDDnn</c> when that is higher than the current serial, else current + 1; a higher serial
/// the operator asked for (SOA editor, imported file) wins and counts as the one bump.
/// </summary>
public static class SoaSerial
{
    public static bool TryNext(long current, DateOnly today, long? requested, out long next, out string? error)
    {
        next = current;
        error = null;
        if (requested is { } wanted && wanted > current)
        {
            if (wanted > SoaContent.MaxSerial)
            {
                error = $"The serial {wanted} is above the largest possible SOA serial, {SoaContent.MaxSerial}";
                return false;
            }
            next = wanted;
            return true;
        }

        if (current >= SoaContent.MaxSerial)
        {
            error = $"The SOA serial is {current}, the largest possible; raising it would wrap around to 0, which secondaries read as going backwards. Refusing the change rather than wrapping";
            return false;
        }

        var dated = long.Parse(today.ToString("yyyyMMdd", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) * 100;
        next = dated > current && dated <= SoaContent.MaxSerial ? dated : current + 1;
        return true;
    }
}
