namespace Dashboard.Dns;

/// <summary>TTL validation: 0..2147483647 (RFC 2181 §8) plus the zone tier's bounds.</summary>
public static class TtlRules
{
    public const int MaxTtl = int.MaxValue;

    /// <summary>Parses a TTL typed by an operator (seconds, digits only).</summary>
    public static ValidationResult Validate(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var trimmed = input.Trim();
        return NumberField.TryParse(trimmed, MaxTtl, out var ttl)
            ? ValidationResult.Ok(ttl.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : ValidationResult.Fail($"TTL must be a whole number of seconds from 0 to {MaxTtl}");
    }

    /// <summary>Checks a TTL against the general range; returns an error message or <c>null</c>.</summary>
    public static string? Check(long ttl) =>
        ttl is < 0 or > MaxTtl ? $"TTL must be a whole number of seconds from 0 to {MaxTtl}" : null;

    /// <summary>Checks a TTL against the tier's bounds; returns an error message or <c>null</c>.</summary>
    public static string? CheckTier(long ttl, TtlBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        if (Check(ttl) is { } error)
        {
            return error;
        }

        if (ttl < bounds.MinTtl)
        {
            return $"TTL {ttl} is below this zone's minimum of {bounds.MinTtl} seconds ({bounds.TierName} tier)";
        }

        return ttl > bounds.MaxTtl
            ? $"TTL {ttl} is above this zone's maximum of {bounds.MaxTtl} seconds ({bounds.TierName} tier)"
            : null;
    }
}
