namespace Dashboard.Dns;

/// <summary>
/// DNS record types the dashboard understands, each with its IANA type code as value. SOA is parsed and validated here
/// but edited through the zone settings screen, not the record editor. Any other type code PowerDNS has no name for is
/// carried as an unnamed value (<c>(RecordType)65534</c>, written <c>TYPE65534</c>) with RFC 3597 generic content
/// (<see cref="GenericContent"/>); use <see cref="RecordTypes.Mnemonic"/>, never <c>ToString()</c>, to name a type.
/// </summary>
public enum RecordType
{
    A = 1,
    AAAA = 28,
    CNAME = 5,
    MX = 15,
    TXT = 16,
    SRV = 33,
    CAA = 257,
    NS = 2,
    PTR = 12,
    SOA = 6,
    DNAME = 39,
    DS = 43,
    NAPTR = 35,
    TLSA = 52,
    SSHFP = 44,
    SVCB = 64,
    HTTPS = 65,
    LOC = 29,
}
