namespace Dashboard.Data.PowerDns;

/// <summary>A row of PowerDNS's <c>comments</c> table (comments attached to an RRset).</summary>
public sealed class PdnsComment
{
    public int Id { get; set; }
    public int DomainId { get; set; }
    public string Name { get; set; } = "";
    public string Type { get; set; } = "";
    public int ModifiedAt { get; set; }
    public string? Account { get; set; }
    public string Comment { get; set; } = "";
}
