using System.Buffers;
using System.Text;

namespace Dashboard.Dns;

/// <summary>
/// An uploaded zone file's bytes as text, exactly: UTF-8 only, never with replacement characters. A leading UTF-8
/// byte-order mark (the file's encoding signature) is dropped. Bytes that are not UTF-8 are refused with their line,
/// since guessing another encoding would silently change names and TXT data; inside a quoted string such a byte can
/// be written as <c>\DDD</c>.
/// </summary>
public static class ZoneFileText
{
    public static string? TryDecode(ReadOnlySpan<byte> bytes, out string text)
    {
        text = "";
        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        var line = 1;
        var at = 0;
        while (at < bytes.Length)
        {
            var b = bytes[at];
            if (b < 0x80)
            {
                line += b == '\n' || (b == '\r' && (at + 1 == bytes.Length || bytes[at + 1] != '\n')) ? 1 : 0;
                at++;
                continue;
            }

            if (Rune.DecodeFromUtf8(bytes[at..], out _, out var consumed) != OperationStatus.Done)
            {
                return $"line {line}: the file is not valid UTF-8 (byte 0x{b:X2} at byte offset {at}). Save it as UTF-8; " +
                    $"a byte that is not text can be written as \\{b:D3} inside a quoted string";
            }

            at += consumed;
        }

        text = Encoding.UTF8.GetString(bytes);
        return null;
    }
}
