namespace Dashboard.Dns;

/// <summary>
/// ASCII-only case mapping. Culture-aware or invariant mapping would turn some non-ASCII letters
/// into ASCII ones (the Kelvin sign becomes 'k', dotless 'ı' uppercases to 'I'), hiding input
/// that must be rejected.
/// </summary>
internal static class AsciiText
{
    public static string ToLower(string text) =>
        string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsAsciiLetterUpper(source[i]) ? (char)(source[i] + 32) : source[i];
            }
        });

    public static string ToUpper(string text) =>
        string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsAsciiLetterLower(source[i]) ? (char)(source[i] - 32) : source[i];
            }
        });
}
