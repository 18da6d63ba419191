using System.Globalization;

namespace Dashboard.Dns;

/// <summary>
/// How record content maps to PowerDNS's <c>records</c> table. The dashboard writes exactly what PowerDNS 4.7's own API
/// writes through gpgsql (checked by creating records through the API and reading the rows): MX and SRV keep their first
/// number in <c>prio</c> and the rest in <c>content</c> (MX <c>10 mx1.example.test</c> is content
/// <c>mx1.example.test</c>, prio 10; SRV <c>10 5 5060 sip.example.test</c> is content <c>5 5060 sip.example.test</c>,
/// prio 10), and every other type has prio 0. gpgsql joins a non-NULL prio back in front of the content when it answers,
/// and <c>pdnsutil check-zone</c> warns ("Parsed and original record content are not equal") on an MX or SRV stored
/// whole with prio NULL, the way older dashboard versions wrote it; such rows are still read (NULL prio: content as is)
/// and are rewritten in the API's form when a change set touches them.
/// </summary>
public static class PowerDnsContent
{
    /// <summary>Presentation content (MX/SRV with their priority) of a stored row, whichever way it was written.</summary>
    public static string FromStorage(string type, string content, int? prio) =>
        prio is { } p && UsesPriority(type) ? $"{p} {content}" : content;

    public static bool UsesPriority(string type) =>
        type.Equals(nameof(RecordType.MX), StringComparison.OrdinalIgnoreCase) || type.Equals(nameof(RecordType.SRV), StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The <c>content</c> and <c>prio</c> columns for content in storage form, as the PowerDNS API writes them: MX and SRV
    /// split their leading number into <c>prio</c>; every other type keeps its content whole with prio 0.
    /// </summary>
    public static (string Content, int Prio) ToStorage(RecordType type, string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (type is RecordType.MX or RecordType.SRV)
        {
            var space = content.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && int.TryParse(content.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var prio))
            {
                return (content[(space + 1)..].TrimStart(' '), prio);
            }
        }

        return (content, 0);
    }

    /// <summary>
    /// True when a stored row is not in the form <see cref="ToStorage"/> gives for <paramref name="content"/>. For types
    /// other than MX/SRV gpgsql ignores prio, so NULL and 0 are the same there and such a row is not rewritten for it.
    /// </summary>
    public static bool NeedsRewrite(RecordType type, string storedContent, int? storedPrio, string content)
    {
        var (c, p) = ToStorage(type, content);
        return c != storedContent || (UsesPriority(type.ToString()) && p != storedPrio);
    }
}
