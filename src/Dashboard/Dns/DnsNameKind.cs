namespace Dashboard.Dns;

/// <summary>How strictly a DNS name is validated.</summary>
public enum DnsNameKind
{
    /// <summary>An owner name: underscores allowed (<c>_dmarc</c>), <c>*</c> allowed as the whole leftmost label.</summary>
    Owner,

    /// <summary>A hostname target (CNAME, NS, PTR, MX, SRV, SOA): letters, digits and hyphens only.</summary>
    Hostname,
}
