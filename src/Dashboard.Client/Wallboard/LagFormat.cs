using System.Globalization;

namespace Dashboard.Client.Wallboard;

/// <summary>How the wallboard writes lag and sizes: readable from across a room, and an unknown value is "—", never 0.</summary>
public static class LagFormat
{
    public const string Unknown = "—";

    /// <summary>"12 ms" below a second, "1.4 s" below a minute, "3 min 05 s" above; <see cref="Unknown"/> for null.</summary>
    public static string Lag(double? milliseconds)
    {
        if (milliseconds is not { } ms || double.IsNaN(ms))
        {
            return Unknown;
        }
        ms = Math.Max(0, ms);
        // Each unit starts where the one below would round up to it: never "1000 ms" or "60.0 s".
        if (ms < 999.5)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{Math.Round(ms):0} ms");
        }
        if (ms < 59_950)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{ms / 1000:0.0} s");
        }
        var seconds = (long)Math.Round(ms / 1000);
        return string.Create(CultureInfo.InvariantCulture, $"{seconds / 60} min {seconds % 60:00} s");
    }

    /// <summary>"0 B", "512 B", "12.3 KiB", "4.5 MiB", "1.2 GiB"; <see cref="Unknown"/> for null.</summary>
    public static string Bytes(long? bytes)
    {
        if (bytes is not { } b)
        {
            return Unknown;
        }
        string[] units = ["KiB", "MiB", "GiB", "TiB"];
        if (Math.Abs(b) < 1024)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{b} B");
        }
        double value = b;
        var unit = -1;
        while (Math.Abs(value) >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }

    /// <summary>"12 s ago", "4 min ago", "2 h ago" from <paramref name="now"/>.</summary>
    public static string Since(DateTimeOffset at, DateTimeOffset now)
    {
        var age = now - at;
        if (age < TimeSpan.FromMinutes(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (int)age.TotalSeconds)} s ago");
        }
        return age < TimeSpan.FromHours(1)
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalMinutes} min ago")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalHours} h {age.Minutes:00} min ago");
    }
}
