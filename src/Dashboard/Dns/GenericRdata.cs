using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;

namespace Dashboard.Dns;

/// <summary>
/// The RFC 3597 generic form of record data, <c>\# &lt;length&gt; &lt;hex&gt;</c>, in a zone file: reads the bytes,
/// and turns them into the type's presentation form (names absolute, with a trailing dot) for the types whose wire
/// format is simple: A, AAAA, TXT, CNAME, NS, PTR, MX, SRV, CAA and SOA. Names must be uncompressed (RFC 3597 §4).
/// Any other type is refused, naming it: the caller decides whether another part handles it.
/// </summary>
public static class GenericRdata
{
    /// <summary>The token that starts generic data.</summary>
    public const string Marker = @"\#";

    /// <summary>Whether the RDATA tokens (after the type) are in the generic form.</summary>
    public static bool IsGeneric(IReadOnlyList<string> rdata) => rdata.Count > 0 && rdata[0] == Marker;

    /// <summary>
    /// Reads <c>\# length hex...</c> (the hex may be split into several words) into bytes; returns an error message,
    /// or null with <paramref name="bytes"/> set.
    /// </summary>
    public static string? TryReadBytes(IReadOnlyList<string> rdata, out byte[] bytes)
    {
        bytes = [];
        if (!IsGeneric(rdata) || rdata.Count < 2)
        {
            return @"generic data must be '\# <length> <hex digits>', like \# 4 C0000201";
        }

        if (!NumberField.TryParse(rdata[1], ushort.MaxValue, out var length))
        {
            return $@"generic data length '{rdata[1]}' must be a whole number of bytes from 0 to {ushort.MaxValue}";
        }

        var hex = string.Concat(rdata.Skip(2));
        if (hex.Length % 2 != 0 || !hex.All(char.IsAsciiHexDigit))
        {
            return $@"generic data after '\# {length}' must be hexadecimal digits, two per byte";
        }

        if (hex.Length / 2 != length)
        {
            return $@"generic data says {length} byte(s) but has {hex.Length / 2}";
        }

        bytes = Convert.FromHexString(hex);
        return null;
    }

    /// <summary>
    /// Decodes generic data for <paramref name="type"/> into its presentation form; returns an error message, or null
    /// with <paramref name="content"/> set (to be validated like typed content).
    /// </summary>
    public static string? TryDecode(RecordType type, IReadOnlyList<string> rdata, out string content)
    {
        content = "";
        if (TryReadBytes(rdata, out var bytes) is { } error)
        {
            return error;
        }

        var reader = new WireReader(bytes);
        try
        {
            content = type switch
            {
                RecordType.A => Address(reader, 4),
                RecordType.AAAA => Address(reader, 16),
                RecordType.CNAME or RecordType.NS or RecordType.PTR => reader.Name(),
                RecordType.MX => $"{reader.UInt16()} {reader.Name()}",
                RecordType.SRV => $"{reader.UInt16()} {reader.UInt16()} {reader.UInt16()} {reader.Name()}",
                RecordType.TXT => Txt(reader),
                RecordType.CAA => Caa(reader),
                RecordType.SOA => string.Join(' ', reader.Name(), reader.Name(), reader.UInt32(), reader.UInt32(), reader.UInt32(), reader.UInt32(), reader.UInt32()),
                _ => throw new WireFormatException($@"{type} data in the generic form (\#) cannot be read here; write it in its usual form"),
            };
            reader.End(type);
            return null;
        }
        catch (WireFormatException e)
        {
            return e.Message;
        }
    }

    private static string Address(WireReader reader, int length) => new IPAddress(reader.Bytes(length)).ToString();

    private static string Txt(WireReader reader)
    {
        var strings = new List<string>();
        do
        {
            strings.Add(TxtCodec.Quote(reader.Bytes(reader.Byte())));
        }
        while (!reader.AtEnd);
        return string.Join(' ', strings);
    }

    private static string Caa(WireReader reader)
    {
        var flags = reader.Byte();
        var tagLength = reader.Byte();
        if (tagLength == 0)
        {
            throw new WireFormatException("CAA generic data has an empty tag");
        }

        var tag = Encoding.ASCII.GetString(reader.Bytes(tagLength));
        return $"{flags} {tag} {TxtCodec.Quote(reader.Rest())}";
    }

    private sealed class WireFormatException(string message) : Exception(message);

    /// <summary>Reads RDATA front to back; every read past the end is a plain-words error.</summary>
    private sealed class WireReader(byte[] data)
    {
        private int _at;

        public bool AtEnd => _at == data.Length;

        public byte Byte() => Bytes(1)[0];

        public ushort UInt16() => BinaryPrimitives.ReadUInt16BigEndian(Bytes(2));

        public uint UInt32() => BinaryPrimitives.ReadUInt32BigEndian(Bytes(4));

        public byte[] Bytes(int count)
        {
            if (_at + count > data.Length)
            {
                throw new WireFormatException($@"generic data (\#) ends too early: {data.Length} byte(s) are not enough for this record type");
            }

            var bytes = data[_at..(_at + count)];
            _at += count;
            return bytes;
        }

        public byte[] Rest() => Bytes(data.Length - _at);

        /// <summary>An uncompressed wire name as an absolute presentation name; bytes a name cannot show plainly are escaped.</summary>
        public string Name()
        {
            var sb = new StringBuilder();
            while (true)
            {
                var length = Byte();
                if (length == 0)
                {
                    return sb.Length == 0 ? "." : sb.ToString();
                }

                if (length > 63)
                {
                    throw new WireFormatException(@"generic data (\#) holds a compressed or malformed name; names must be written uncompressed (RFC 3597 §4)");
                }

                foreach (var b in Bytes(length))
                {
                    if (b is (byte)'.' or (byte)'\\')
                    {
                        sb.Append('\\').Append((char)b);
                    }
                    else if (b is > 32 and < 127 && b is not ((byte)'"' or (byte)'(' or (byte)')' or (byte)';'))
                    {
                        sb.Append((char)b);
                    }
                    else
                    {
                        sb.Append('\\').Append(b.ToString("D3", CultureInfo.InvariantCulture));
                    }
                }

                sb.Append('.');
                if (sb.Length > 1100)
                {
                    throw new WireFormatException(@"generic data (\#) holds a name longer than 255 bytes");
                }
            }
        }

        public void End(RecordType type)
        {
            if (!AtEnd)
            {
                throw new WireFormatException($@"generic data (\#) has {data.Length - _at} byte(s) more than a {type} record holds");
            }
        }
    }
}
