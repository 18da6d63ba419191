using System.Text;
using Dashboard.Dns;

namespace Dashboard.Tests.Dns;

public class ZoneFileTextTests
{
    [Fact]
    public void TryDecode_Latin1Byte_RefusedWithItsLine_NothingReplaced()
    {
        // "café" saved as ISO-8859-1: the é is the single byte 0xE9, on line 3.
        var bytes = Encoding.ASCII.GetBytes("$TTL 300\r\nwww A 192.0.2.1\r\ntxt TXT \"caf").Concat(new byte[] { 0xE9 }).Concat("\"\r\n"u8.ToArray()).ToArray();

        var error = ZoneFileText.TryDecode(bytes, out var text);

        error.ShouldNotBeNull().ShouldStartWith("line 3: the file is not valid UTF-8 (byte 0xE9");
        error.ShouldContain(@"\233");
        text.ShouldBeEmpty();
    }

    [Fact]
    public void TryDecode_CrOnlyLines_CountedForTheLineNumber()
    {
        var bytes = "a\rb\rc"u8.ToArray().Concat(new byte[] { 0xFF }).ToArray();

        ZoneFileText.TryDecode(bytes, out _).ShouldNotBeNull().ShouldStartWith("line 3:");
    }

    [Fact]
    public void TryDecode_Utf8WithSignature_DropsTheSignatureKeepsTheText()
    {
        var bytes = "\uFEFF$TTL 300\ntxt TXT \"café ✓\"\n"u8.ToArray();

        ZoneFileText.TryDecode(bytes, out var text).ShouldBeNull();

        text.ShouldBe("$TTL 300\ntxt TXT \"café ✓\"\n");
    }
}
