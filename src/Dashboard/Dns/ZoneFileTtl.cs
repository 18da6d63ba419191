using System.Globalization;

namespace Dashboard.Dns;

/// <summary>Parses BIND TTL values: plain seconds (<c>3600</c>) or unit sums (<c>1h30m</c>, units s m h d w).</summary>
internal static class ZoneFileTtl
{
    public static bool TryParse(string text, out long seconds)
    {
        seconds = 0;
        if (text.Length == 0 || !char.IsAsciiDigit(text[0]))
        {
            return false;
        }

        if (text.All(char.IsAsciiDigit))
        {
            return NumberField.TryParse(text, int.MaxValue, out seconds);
        }

        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start || i == text.Length || i - start > 10)
            {
                return false;
            }

            long multiplier = char.ToLowerInvariant(text[i]) switch
            {
                's' => 1,
                'm' => 60,
                'h' => 3600,
                'd' => 86400,
                'w' => 604800,
                _ => 0,
            };
            if (multiplier == 0)
            {
                return false;
            }

            seconds += long.Parse(text[start..i], CultureInfo.InvariantCulture) * multiplier;
            i++;
            if (seconds > int.MaxValue)
            {
                return false;
            }
        }

        return true;
    }
}
