namespace Dashboard.Dns;

/// <summary>Strict parsing of unsigned decimal fields in record content (ASCII digits only).</summary>
internal static class NumberField
{
    public static bool TryParse(string text, long max, out long value)
    {
        value = 0;
        if (text.Length == 0 || text.Length > 18 || !text.All(char.IsAsciiDigit))
        {
            return false;
        }

        value = long.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        return value <= max;
    }

    /// <summary>Parses a field or returns the operator message "{field} must be a whole number from 0 to {max}".</summary>
    public static string? Check(string text, long max, string field, out long value) =>
        TryParse(text, max, out value) ? null : $"{field} must be a whole number from 0 to {max}";

    /// <summary>Splits record content into whitespace-separated fields.</summary>
    public static string[] SplitFields(string content) =>
        content.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
