using System.Globalization;
using System.Text;

namespace Dashboard.Dns;

/// <summary>
/// BIND's <c>$GENERATE start-stop[/step] lhs [ttl] [class] type rhs</c>: one record per value of the range. In the
/// owner (lhs) and the data (rhs), <c>$</c> is the value, <c>${offset[,width[,base]]}</c> adds the offset and pads to
/// the width (base <c>d</c>ecimal, <c>o</c>ctal, he<c>x</c>/<c>X</c>, or <c>n</c>/<c>N</c> nibble labels, as in
/// reverse zones), <c>$$</c> and <c>\$</c> are a literal <c>$</c>.
/// </summary>
internal static class ZoneFileGenerate
{
    /// <summary>Most records one <c>$GENERATE</c> may make (a file stays reviewable as a change set).</summary>
    public const int MaxRecords = 100_000;

    /// <summary>The record entries (tokens from the owner on) the directive stands for, or an error.</summary>
    public static List<IReadOnlyList<ZoneToken>> Expand(IReadOnlyList<ZoneToken> args, out string? error)
    {
        var result = new List<IReadOnlyList<ZoneToken>>();
        error = null;
        if (args.Count < 4 || args[0].Quoted || args[1].Quoted)
        {
            error = "it needs a range, an owner, a type and data, like '$GENERATE 1-10 host-$ A 192.0.2.$'";
            return result;
        }

        if (!TryRange(args[0].Text, out var start, out var stop, out var step))
        {
            error = $"the range '{args[0].Text}' must be start-stop or start-stop/step, with whole numbers, start not above stop and a step of at least 1";
            return result;
        }

        if ((stop - start) / step + 1 > MaxRecords)
        {
            error = $"the range '{args[0].Text}' would make {(stop - start) / step + 1} records; one $GENERATE may make at most {MaxRecords}";
            return result;
        }

        for (var value = start; value <= stop; value += step)
        {
            var tokens = new List<ZoneToken>(args.Count - 1);
            for (var i = 1; i < args.Count; i++)
            {
                if (Substitute(args[i].Text, value, out var text) is { } substitutionError)
                {
                    error = $"'{args[i].Text}': {substitutionError}";
                    return [];
                }

                tokens.Add(args[i] with { Text = text });
            }

            result.Add(tokens);
        }

        return result;
    }

    private static bool TryRange(string text, out long start, out long stop, out long step)
    {
        start = stop = 0;
        step = 1;
        var slash = text.Split('/');
        var bounds = slash[0].Split('-');
        return slash.Length <= 2
            && bounds.Length == 2
            && NumberField.TryParse(bounds[0], int.MaxValue, out start)
            && NumberField.TryParse(bounds[1], int.MaxValue, out stop)
            && (slash.Length == 1 || NumberField.TryParse(slash[1], int.MaxValue, out step))
            && step >= 1
            && start <= stop;
    }

    /// <summary>Replaces every <c>$</c> form in <paramref name="template"/> for <paramref name="value"/>; returns an error or null.</summary>
    internal static string? Substitute(string template, long value, out string text)
    {
        var sb = new StringBuilder();
        text = "";
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '\\' && i + 1 < template.Length)
            {
                // An escape is kept as written (names read "\." and "\065" later); "\$" is a literal dollar.
                if (template[i + 1] != '$')
                {
                    sb.Append(c);
                }

                sb.Append(template[++i]);
            }
            else if (c != '$')
            {
                sb.Append(c);
            }
            else if (i + 1 < template.Length && template[i + 1] == '$')
            {
                sb.Append('$');
                i++;
            }
            else if (i + 1 < template.Length && template[i + 1] == '{')
            {
                var close = template.IndexOf('}', i + 2);
                if (close < 0)
                {
                    return "a '${' is not closed with '}'";
                }

                if (Format(template[(i + 2)..close], value, sb) is { } error)
                {
                    return error;
                }

                i = close;
            }
            else
            {
                sb.Append(value.ToString(CultureInfo.InvariantCulture));
            }
        }

        text = sb.ToString();
        return null;
    }

    private static string? Format(string modifier, long value, StringBuilder sb)
    {
        var parts = modifier.Split(',');
        const string usage = "a modifier must be ${offset}, ${offset,width} or ${offset,width,base} with base d, o, x, X, n or N";
        if (parts.Length > 3
            || !int.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var offset)
            || (parts.Length > 1 && !NumberField.TryParse(parts[1], 255, out _))
            || (parts.Length > 2 && parts[2] is not ("d" or "o" or "x" or "X" or "n" or "N")))
        {
            return $"'${{{modifier}}}' is not valid: {usage}";
        }

        var width = parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 0;
        var format = parts.Length > 2 ? parts[2][0] : 'd';
        var shifted = value + offset;
        if (shifted < 0)
        {
            return $"'${{{modifier}}}' makes {shifted} from {value}; values must not be negative";
        }

        if (format is 'n' or 'N')
        {
            sb.Append(Nibbles(shifted, width, format == 'N'));
            return null;
        }

        var digits = format switch
        {
            'o' => Convert.ToString(shifted, 8),
            'x' => shifted.ToString("x", CultureInfo.InvariantCulture),
            'X' => shifted.ToString("X", CultureInfo.InvariantCulture),
            _ => shifted.ToString(CultureInfo.InvariantCulture),
        };
        sb.Append(digits.PadLeft(width, '0'));
        return null;
    }

    /// <summary>
    /// Hex digits least significant first, one label each (<c>1024</c> is <c>0.0.4</c>), as BIND writes them for
    /// reverse zones; the width counts the dots, and is filled with zero labels.
    /// </summary>
    private static string Nibbles(long value, int width, bool upper)
    {
        var sb = new StringBuilder();
        const string lower = "0123456789abcdef";
        const string capital = "0123456789ABCDEF";
        do
        {
            sb.Append((upper ? capital : lower)[(int)(value & 0xF)]);
            value >>= 4;
            width = Math.Max(0, width - 1);
            if (width > 0 || value != 0)
            {
                sb.Append('.');
                width = Math.Max(0, width - 1);
            }
        }
        while (value != 0 || width > 0);
        return sb.ToString();
    }
}
