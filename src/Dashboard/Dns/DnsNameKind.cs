namespace Dashboard.Dns;

/// <summary>How strictly a DNS name is validated.</summary>
public enum DnsNameKind
{
    /// <summary>An owner name: underscores allowed (<c>_dmarc</c>), <c>*</c> allowed as the whole leftmost label.</summary>
    Owner,

    /// <summary>
    /// A name that must be a host name (RFC 1123): MX exchange, NS, SRV target, SOA MNAME, zone names. Letters, digits and
    /// hyphens only; an IP address is refused (PowerDNS would serve <c>192.0.2.20</c> as the name <c>192.0.2.20.</c>).
    /// </summary>
    Hostname,

    /// <summary>
    /// A name that is record data but need not be a host name (CNAME and PTR targets, SOA RNAME): RFC 2181 §11 allows any
    /// octet, so underscores (<c>sel._domainkey.provider.net</c>) and escaped characters (<c>\.</c>, <c>\DDD</c>) are kept.
    /// </summary>
    Data,
}
