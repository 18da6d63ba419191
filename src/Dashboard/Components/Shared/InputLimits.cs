namespace Dashboard.Components.Shared;

/// <summary>
/// How much text an interactive page can take from the browser. Every keystroke in an <c>Immediate</c> field sends the
/// whole value to the server over the circuit, and the circuit drops any message over its limit: with Blazor's default
/// of 32 KB, a record field over about 16 K characters was silently lost (the editor then said "must not be empty"
/// beside a full field). The limit is raised to fit the largest value PowerDNS can store (65,535 characters of record
/// content) even when JSON escapes it, and fields cap what the browser sends, so a too-long value reaches the server
/// and is refused in words instead of vanishing. Zone files take HTTP uploads instead (<c>ImportUploads</c>).
/// </summary>
public static class InputLimits
{
    /// <summary>
    /// The most a record or SOA field takes: above the 65,535 characters a record's content may hold, so pasting more
    /// still stages nothing and says why ("content is N characters"), rather than being cut to a value that fits.
    /// </summary>
    public const int MaxFieldLength = 70_000;

    /// <summary>
    /// The circuit's message limit: <see cref="MaxFieldLength"/> characters at 6 bytes each (JSON's <c>\uXXXX</c> for
    /// a control character; other characters take at most 3 bytes in UTF-8), plus room for the message around it.
    /// </summary>
    public const long CircuitMessageBytes = 512 * 1024;
}
