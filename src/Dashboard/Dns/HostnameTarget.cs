namespace Dashboard.Dns;

/// <summary>Validation of domain names inside record content (CNAME, NS, PTR, MX, SRV, SOA), through <see cref="DnsName.ResolveData"/>.</summary>
public static class HostnameTarget
{
    /// <summary>The root name used by null MX (RFC 7505) and "no service" SRV (RFC 2782).</summary>
    public const string Root = DnsName.Root;

    /// <summary>
    /// Validates a name in record content and returns it absolute in storage form (lowercase, no trailing dot). Relative
    /// names are completed with <paramref name="origin"/> as a zone file does; with the default empty origin the content
    /// is taken as storage form, whose names are all absolute. When <paramref name="allowRoot"/> is set, <c>.</c> is kept.
    /// Messages are prefixed with <paramref name="field"/>.
    /// </summary>
    public static ValidationResult Validate(string input, string field, bool allowRoot = false, string origin = "", DnsNameKind kind = DnsNameKind.Hostname)
    {
        ArgumentNullException.ThrowIfNull(input);
        return DnsName.ResolveData(input, origin, kind, allowRoot).WithField(field);
    }
}
