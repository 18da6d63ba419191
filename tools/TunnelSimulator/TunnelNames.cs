using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace TunnelSimulator;

/// <summary>Tunnel names as the tunnel service makes them: <c>t-&lt;10 lowercase hex&gt;.&lt;zone&gt;</c>.</summary>
public static partial class TunnelNames
{
    public const int HexLength = 10;

    /// <summary>A fresh name under <paramref name="zone"/> (storage form: lowercase, no trailing dot), from 5 random bytes.</summary>
    public static string New(string zone, Func<int, byte[]>? randomBytes = null)
    {
        var bytes = (randomBytes ?? RandomNumberGenerator.GetBytes)(HexLength / 2);
        return $"t-{Convert.ToHexStringLower(bytes)}.{zone}";
    }

    /// <summary>Whether <paramref name="name"/> is one of the simulator's tunnel names directly under <paramref name="zone"/>.</summary>
    public static bool IsTunnel(string name, string zone) =>
        name.Length == 2 + HexLength + 1 + zone.Length
        && name.EndsWith("." + zone, StringComparison.Ordinal)
        && Label().IsMatch(name.AsSpan(0, 2 + HexLength));

    /// <summary>A SQL LIKE pattern that finds the candidates (check each with <see cref="IsTunnel"/>).</summary>
    public static string LikePattern(string zone) => "t-" + new string('_', HexLength) + "." + zone.Replace("_", "\\_").Replace("%", "\\%");

    [GeneratedRegex("^t-[0-9a-f]{10}$")]
    private static partial Regex Label();
}
