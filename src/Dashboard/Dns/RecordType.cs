namespace Dashboard.Dns;

/// <summary>
/// DNS record types the dashboard understands. SOA is parsed and validated here
/// but edited through the zone settings screen, not the record editor.
/// </summary>
public enum RecordType
{
    A,
    AAAA,
    CNAME,
    MX,
    TXT,
    SRV,
    CAA,
    NS,
    PTR,
    SOA,
}
