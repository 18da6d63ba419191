using System.Buffers;
using System.Globalization;
using System.Text;

namespace Dashboard.Dns;

/// <summary>
/// Byte-exact conversion between DNS character-strings and their quoted presentation form.
/// Quoted form escapes <c>"</c> and <c>\</c> with a backslash, control bytes as <c>\DDD</c>,
/// keeps valid UTF-8 as text and writes invalid UTF-8 bytes as <c>\DDD</c>.
/// </summary>
internal static class TxtCodec
{
    public static string Quote(byte[] raw)
    {
        var sb = new StringBuilder(raw.Length + 2).Append('"');
        var i = 0;
        while (i < raw.Length)
        {
            var b = raw[i];
            if (b is (byte)'"' or (byte)'\\')
            {
                sb.Append('\\').Append((char)b);
                i++;
            }
            else if (b is >= 32 and <= 126)
            {
                sb.Append((char)b);
                i++;
            }
            else if (b >= 128
                && Rune.DecodeFromUtf8(raw.AsSpan(i), out var rune, out var consumed) == OperationStatus.Done)
            {
                sb.Append(rune.ToString());
                i += consumed;
            }
            else
            {
                sb.Append('\\').Append(b.ToString("D3", CultureInfo.InvariantCulture));
                i++;
            }
        }

        return sb.Append('"').ToString();
    }

    /// <summary>
    /// Parses one or more quoted character-strings separated by whitespace.
    /// Returns the raw bytes of each string, or an error message.
    /// </summary>
    public static string? TryParseQuoted(string content, string field, out List<byte[]> strings)
    {
        strings = [];
        var runes = content.EnumerateRunes().ToArray();
        var i = 0;
        var needSeparator = false;
        while (i < runes.Length)
        {
            var r = runes[i];
            if (Rune.IsWhiteSpace(r))
            {
                needSeparator = false;
                i++;
                continue;
            }

            if (r.Value != '"')
            {
                return $"{field} has the stray character '{r}' at position {i + 1} outside the quoted strings; put all text inside double quotes";
            }

            if (needSeparator)
            {
                return $"{field} strings must be separated by a space (position {i + 1})";
            }

            var error = ReadQuoted(runes, ref i, field, out var bytes);
            if (error is not null)
            {
                return error;
            }

            strings.Add(bytes);
            needSeparator = true;
        }

        return strings.Count == 0 ? $"{field} must contain at least one quoted string" : null;
    }

    /// <summary>Splits text into UTF-8 chunks of at most <paramref name="maxBytes"/> without splitting characters.</summary>
    public static List<byte[]> SplitUtf8(string text, int maxBytes)
    {
        var chunks = new List<byte[]>();
        var current = new List<byte>();
        Span<byte> buffer = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            var length = rune.EncodeToUtf8(buffer);
            if (current.Count + length > maxBytes)
            {
                chunks.Add([.. current]);
                current.Clear();
            }

            for (var k = 0; k < length; k++)
            {
                current.Add(buffer[k]);
            }
        }

        if (current.Count > 0 || chunks.Count == 0)
        {
            chunks.Add([.. current]);
        }

        return chunks;
    }

    private static string? ReadQuoted(Rune[] runes, ref int i, string field, out byte[] bytes)
    {
        var buffer = new List<byte>();
        Span<byte> utf8 = stackalloc byte[4];
        bytes = [];
        i++; // opening quote
        while (i < runes.Length)
        {
            var r = runes[i];
            if (r.Value == '"')
            {
                i++;
                bytes = [.. buffer];
                return null;
            }

            if (r.Value == '\\')
            {
                if (i + 1 >= runes.Length)
                {
                    break;
                }

                var next = runes[i + 1];
                if (next.Value is >= '0' and <= '9')
                {
                    var digits = i + 3 < runes.Length
                        ? string.Concat(runes[(i + 1)..(i + 4)].Select(x => x.ToString()))
                        : string.Concat(runes[(i + 1)..].Select(x => x.ToString()));
                    if (digits.Length != 3 || !digits.All(char.IsAsciiDigit))
                    {
                        return $"{field} escape '\\{digits}' is not valid: decimal escapes need exactly three digits, like \\032";
                    }

                    var value = int.Parse(digits, CultureInfo.InvariantCulture);
                    if (value > 255)
                    {
                        return $"{field} escape '\\{digits}' is not valid: decimal escapes must be from \\000 to \\255";
                    }

                    buffer.Add((byte)value);
                    i += 4;
                    continue;
                }

                r = next;
                i++;
            }

            var length = r.EncodeToUtf8(utf8);
            for (var k = 0; k < length; k++)
            {
                buffer.Add(utf8[k]);
            }

            i++;
        }

        return $"{field} has an unterminated quoted string (a closing \" is missing)";
    }
}
