namespace Dashboard.Dns;

/// <summary>
/// Orders storage-format names in DNS canonical order (RFC 4034 §6.1): labels are compared
/// from the rightmost one, each as lowercase ASCII octets, and a name sorts before its descendants.
/// So a zone apex sorts before every name inside it, and <c>*</c> sorts before letters and digits.
/// </summary>
public sealed class DnsNameComparer : IComparer<string>
{
    /// <summary>The shared, stateless instance.</summary>
    public static DnsNameComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var a = Labels(x);
        var b = Labels(y);
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var c = string.CompareOrdinal(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    private static string[] Labels(string name)
    {
        var normalized = DnsName.Normalize(name);
        if (normalized.Length == 0)
        {
            return [];
        }

        var labels = normalized.Split('.');
        Array.Reverse(labels);
        return labels;
    }
}
