using System.Globalization;

namespace Dashboard.Components.Shared;

/// <summary>
/// Reads a page's raw query values (always bound as strings, so a crafted URL can never fail binding) and never
/// throws: a value that cannot be used is dropped, the page falls back to its default, and <see cref="Ignored"/> says
/// what was dropped and why, in plain words, for <see cref="IgnoredQueryValues"/> to show.
/// </summary>
public sealed class QueryReader
{
    /// <summary>Longer text filters are not a filter anyone typed.</summary>
    public const int MaxTextLength = 255;

    private readonly List<string> _ignored = [];

    public IReadOnlyList<string> Ignored => _ignored;

    /// <summary>Free text, trimmed; null when empty. Refused (null) when it holds a control character or is too long.</summary>
    public string? Text(string key, string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }
        if (raw.Any(char.IsControl))
        {
            return Ignore(key, raw, "it contains a control character");
        }
        if (raw.Length > MaxTextLength)
        {
            return Ignore(key, raw, $"it is longer than {MaxTextLength} characters");
        }
        return raw.Trim();
    }

    /// <summary>A whole number from 1 to <paramref name="max"/> (digits only); null when absent or unusable.</summary>
    public int? Number(string key, string? raw, int max)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }
        if (int.TryParse(raw.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= max)
        {
            return value;
        }
        Ignore(key, raw, $"it is not a whole number from 1 to {max.ToString("N0", CultureInfo.InvariantCulture)}");
        return null;
    }

    /// <summary>One of <paramref name="allowed"/> (case-insensitive); null when absent or not one of them.</summary>
    public string? OneOf(string key, string? raw, IReadOnlyCollection<string> allowed)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }
        var match = allowed.FirstOrDefault(a => string.Equals(a, raw.Trim(), StringComparison.OrdinalIgnoreCase));
        return match ?? Ignore(key, raw, $"it is not one of {string.Join(", ", allowed)}");
    }

    /// <summary>A date as yyyy-MM-dd; null when absent or unusable.</summary>
    public DateTime? Date(string key, string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }
        if (DateTime.TryParseExact(raw.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        Ignore(key, raw, "it is not a date written yyyy-MM-dd");
        return null;
    }

    private string? Ignore(string key, string raw, string why)
    {
        _ignored.Add($"{key}={Shown(raw)}: {why}");
        return null;
    }

    // The value as the operator can read it: control characters made visible, and never a wall of text.
    private static string Shown(string raw)
    {
        var visible = string.Concat(raw.Take(40).Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
        return raw.Length > 40 ? visible + "…" : visible;
    }
}
