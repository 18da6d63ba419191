namespace Dashboard.Data.PowerDns;

/// <summary>A row of PowerDNS's <c>domains</c> table. PowerDNS owns the table; the dashboard maps it and never migrates it.</summary>
public sealed class PdnsDomain
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string? Master { get; set; }
    public int? LastCheck { get; set; }
    public string Type { get; set; } = "NATIVE";
    public long? NotifiedSerial { get; set; }
    public string? Account { get; set; }
    public string? Options { get; set; }
    public string? Catalog { get; set; }
}
