using System.Globalization;

namespace Dashboard.Dns;

/// <summary>
/// LOC content in RFC 1876 presentation form:
/// <c>d1 [m1 [s1]] N|S d2 [m2 [s2]] E|W alt[m] [size[m] [hp[m] [vp[m]]]]</c> (defaults 1m, 10000m, 10m).
/// Stored as PowerDNS's API stores it, every field written: <c>52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000.00m 10.00m</c>.
/// Values the wire form cannot hold exactly are refused rather than rounded: seconds to 1/1000, metres to 1 cm, and
/// size and precisions to one significant digit (<c>12345m</c> would be served as <c>10000m</c>). PowerDNS 4.7 also
/// writes 0° latitude as S and 0° longitude as W, and cannot serve altitudes above 21374836.47m or sizes above 40000000m.
/// </summary>
public static class LocContent
{
    /// <summary>The highest altitude PowerDNS 4.7.3 serves correctly (it reads the offset altitude as a signed 32-bit number of cm).</summary>
    public const decimal MaxAltitude = 21_374_836.47m;

    /// <summary>The largest size or precision PowerDNS 4.7.3 serves correctly (RFC 1876 allows 90000000m).</summary>
    public const decimal MaxSize = 40_000_000m;

    public static ValidationResult Validate(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var f = NumberField.SplitFields(input);
        var errors = new List<string>();
        var i = 0;
        var latitude = Angle(f, ref i, 90, "latitude", "N", "S", errors);
        var longitude = latitude is null ? null : Angle(f, ref i, 180, "longitude", "E", "W", errors);
        if (latitude is null || longitude is null)
        {
            return ValidationResult.Fail(errors.DefaultIfEmpty(Usage));
        }

        if (i >= f.Length)
        {
            return ValidationResult.Fail("LOC altitude is missing (like -2m): " + Usage);
        }

        var altitude = Metres(f[i++], "LOC altitude", -100_000m, MaxAltitude, errors);
        string[] names = ["LOC size", "LOC horizontal precision", "LOC vertical precision"];
        decimal?[] sizes = [1m, 10_000m, 10m];
        for (var k = 0; i < f.Length && k < 3; k++, i++)
        {
            sizes[k] = Metres(f[i], names[k], 0m, MaxSize, errors);
            if (sizes[k] is { } size && !Representable(size))
            {
                errors.Add($"{names[k]} {f[i]} cannot be served exactly: the wire form keeps one significant digit (like {Lower(size)}m)");
            }
        }

        if (i < f.Length)
        {
            errors.Add($"LOC content has extra text '{string.Join(' ', f[i..])}' after the vertical precision");
        }

        return errors.Count == 0
            ? ValidationResult.Ok($"{latitude} {longitude} {M(altitude!.Value)} {M(sizes[0]!.Value)} {M(sizes[1]!.Value)} {M(sizes[2]!.Value)}")
            : ValidationResult.Fail(errors);
    }

    private const string Usage = "LOC content must be latitude, longitude and altitude, like '52 22 23.000 N 4 53 32.000 E -2m' (optionally size, horizontal and vertical precision)";

    private static string M(decimal metres) => metres.ToString("0.00", CultureInfo.InvariantCulture) + "m";

    /// <summary>Reads <c>d [m [s]] H</c>; returns PowerDNS's form <c>d m s.sss H</c>, or null with errors.</summary>
    private static string? Angle(string[] f, ref int i, int maxDegrees, string what, string positive, string negative, List<string> errors)
    {
        var numbers = new List<string>();
        while (i < f.Length && numbers.Count < 4 && !IsHemisphere(f[i]))
        {
            numbers.Add(f[i++]);
        }

        if (i >= f.Length || numbers.Count is 0 or > 3)
        {
            errors.Add($"LOC {what} must be degrees, optional minutes and seconds, then {positive} or {negative}: " + Usage);
            return null;
        }

        var hemisphere = AsciiText.ToUpper(f[i++]);
        if (hemisphere != positive && hemisphere != negative)
        {
            errors.Add($"LOC {what} must end in {positive} or {negative}, not '{hemisphere}'");
            return null;
        }

        var count = errors.Count;
        if (!NumberField.TryParse(numbers[0], maxDegrees, out var degrees))
        {
            errors.Add($"LOC {what} degrees must be a whole number from 0 to {maxDegrees}; '{numbers[0]}' is not");
        }

        long minutes = 0;
        if (numbers.Count > 1 && !NumberField.TryParse(numbers[1], 59, out minutes))
        {
            errors.Add($"LOC {what} minutes must be a whole number from 0 to 59; '{numbers[1]}' is not");
        }

        decimal seconds = 0;
        if (numbers.Count > 2 && !(Decimal(numbers[2], 3, out seconds) && seconds < 60))
        {
            errors.Add($"LOC {what} seconds must be a number from 0 to 59.999 with at most 3 decimals; '{numbers[2]}' is not");
        }

        if (errors.Count > count)
        {
            return null;
        }

        if (degrees == maxDegrees && (minutes > 0 || seconds > 0))
        {
            errors.Add($"LOC {what} cannot be beyond {maxDegrees} degrees");
            return null;
        }

        // PowerDNS 4.7 writes the equator and the prime meridian as S and W; its API refuses N and E there.
        var zero = degrees == 0 && minutes == 0 && seconds == 0;
        var side = zero ? negative : hemisphere;
        return string.Create(CultureInfo.InvariantCulture, $"{degrees} {minutes} {seconds:0.000} {side}");
    }

    private static bool IsHemisphere(string token) => AsciiText.ToUpper(token) is "N" or "S" or "E" or "W" || !token.Any(char.IsAsciiDigit);

    private static decimal? Metres(string token, string field, decimal min, decimal max, List<string> errors)
    {
        var text = token.EndsWith('m') || token.EndsWith('M') ? token[..^1] : token;
        var negative = text.StartsWith('-') && min < 0;
        if (Decimal(negative ? text[1..] : text, 2, out var value) && (negative ? -value : value) is var metres && metres >= min && metres <= max)
        {
            return metres;
        }

        errors.Add(string.Create(CultureInfo.InvariantCulture, $"{field} must be metres from {min:0.##} to {max:0.##} with at most 2 decimals, like 10m; '{token}' is not"));
        return null;
    }

    /// <summary>Unsigned decimal with at most <paramref name="decimals"/> digits after the point.</summary>
    private static bool Decimal(string text, int decimals, out decimal value)
    {
        value = 0;
        var dot = text.IndexOf('.');
        var whole = dot < 0 ? text : text[..dot];
        var fraction = dot < 0 ? "" : text[(dot + 1)..];
        return whole.Length is > 0 and <= 9 && whole.All(char.IsAsciiDigit)
            && fraction.Length <= decimals && fraction.All(char.IsAsciiDigit) && (dot < 0 || fraction.Length > 0)
            && decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Size and precisions are one digit times a power of ten, in centimetres.</summary>
    private static bool Representable(decimal metres)
    {
        var cm = metres * 100;
        if (cm == 0)
        {
            return true;
        }

        while (cm >= 10 && cm % 10 == 0)
        {
            cm /= 10;
        }

        return cm < 10 && cm == decimal.Truncate(cm);
    }

    private static string Lower(decimal metres)
    {
        var cm = decimal.Truncate(metres * 100);
        var power = 1m;
        while (cm >= 10)
        {
            cm = decimal.Truncate(cm / 10);
            power *= 10;
        }

        return (cm * power / 100).ToString("0.##", CultureInfo.InvariantCulture);
    }
}
