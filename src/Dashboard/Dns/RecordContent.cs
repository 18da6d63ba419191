namespace Dashboard.Dns;

/// <summary>
/// Validates record content typed by an operator and normalizes it to PowerDNS gpgsql
/// storage format (hostnames lowercase without trailing dot, TXT/CAA values quoted).
/// </summary>
public static class RecordContent
{
    public static ValidationResult Validate(RecordType type, string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return type switch
        {
            RecordType.A => IpAddressContent.ValidateIPv4(content),
            RecordType.AAAA => IpAddressContent.ValidateIPv6(content),
            RecordType.CNAME => HostnameTarget.Validate(content, "CNAME target"),
            RecordType.NS => HostnameTarget.Validate(content, "NS nameserver"),
            RecordType.PTR => HostnameTarget.Validate(content, "PTR target"),
            RecordType.MX => MxContent.Validate(content),
            RecordType.SRV => SrvContent.Validate(content),
            RecordType.TXT => TxtContent.Validate(content),
            RecordType.CAA => CaaContent.Validate(content),
            RecordType.SOA => SoaContent.Validate(content),
            _ => ValidationResult.Fail($"Record type {type} is not supported"),
        };
    }

    /// <summary>
    /// Validates a whole record: owner name (must be inside <paramref name="zone"/>), content, TTL
    /// and, when given, the tier's TTL bounds. On success returns the normalized record.
    /// </summary>
    public static RecordValidation ValidateRecord(ZoneRecord record, string zone, TtlBounds? bounds = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        var errors = new List<string>();
        var name = DnsName.Validate(record.Name, DnsNameKind.Owner);
        errors.AddRange(name.Errors);
        if (name.IsValid && !DnsName.IsInZone(name.Value!, zone))
        {
            errors.Add($"Name '{name.Value}' is not inside zone '{DnsName.Normalize(zone)}'");
        }

        var content = Validate(record.Type, record.Content);
        errors.AddRange(content.Errors);
        var ttlError = bounds is null ? TtlRules.Check(record.Ttl) : TtlRules.CheckTier(record.Ttl, bounds);
        if (ttlError is not null)
        {
            errors.Add(ttlError);
        }

        return errors.Count == 0
            ? new RecordValidation(record with { Name = name.Value!, Content = content.Value! }, [])
            : new RecordValidation(null, errors);
    }
}
