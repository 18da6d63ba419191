namespace Dashboard.Data.PowerDns;

/// <summary>A row of PowerDNS's <c>domainmetadata</c> table.</summary>
public sealed class PdnsDomainMetadata
{
    public int Id { get; set; }
    public int? DomainId { get; set; }
    public string? Kind { get; set; }
    public string? Content { get; set; }
}
