using System.Security.Cryptography;
using System.Text;

namespace Dashboard.Dns;

/// <summary>
/// A short, order-independent fingerprint of an RRset's rows (content, TTL, disabled). Equal rows give equal versions
/// whoever wrote them, so a write by the tunnel service is detected even though it never heard of the dashboard.
/// The empty RRset has the version <see cref="Empty"/>.
/// </summary>
public static class RRsetVersion
{
    public static readonly string Empty = Compute([]);

    /// <param name="rows">Presentation-form content (see <see cref="PowerDnsContent.FromStorage"/>), TTL and disabled flag of every row.</param>
    public static string Compute(IEnumerable<(string Content, int Ttl, bool Disabled)> rows)
    {
        var lines = rows
            .Select(r => $"{r.Content}\t{r.Ttl}\t{(r.Disabled ? 1 : 0)}")
            .Order(StringComparer.Ordinal);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines)));
        return Convert.ToHexStringLower(hash.AsSpan(0, 12));
    }
}
