namespace Dashboard.Data.PowerDns;

/// <summary>A row of PowerDNS's <c>records</c> table, in PowerDNS's storage format (names without trailing dot).</summary>
public sealed class PdnsRecord
{
    public long Id { get; set; }
    public int? DomainId { get; set; }
    public string? Name { get; set; }
    public string? Type { get; set; }
    public string? Content { get; set; }
    public int? Ttl { get; set; }
    public int? Prio { get; set; }
    public bool? Disabled { get; set; }
    public string? OrderName { get; set; }
    public bool? Auth { get; set; }
}
