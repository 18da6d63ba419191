namespace Dashboard.Dns;

/// <summary>
/// One row of the PowerDNS <c>records</c> table in storage format: lowercase fully
/// qualified owner name without trailing dot, and content as the gpgsql backend stores it.
/// </summary>
public sealed record ZoneRecord(string Name, RecordType Type, string Content, int Ttl, bool Disabled = false);
