namespace Dashboard.Dns;

/// <summary>
/// Validates record content typed by an operator and normalizes it to PowerDNS gpgsql
/// storage format (names absolute, lowercase, without trailing dot; TXT/CAA values quoted).
/// </summary>
public static class RecordContent
{
    /// <summary>
    /// Validates content and returns it in storage form. Names in the content follow the zone-file rule
    /// (<see cref="DnsName.ResolveData"/>): relative to <paramref name="origin"/> unless they end in a dot. Pass the zone
    /// for what an operator typed; leave <paramref name="origin"/> empty for content already in storage form (read from
    /// PowerDNS's tables or staged), whose names are absolute without their trailing dot.
    /// </summary>
    public static ValidationResult Validate(RecordType type, string content, string origin = "")
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(origin);
        return type switch
        {
            RecordType.A => IpAddressContent.ValidateIPv4(content),
            RecordType.AAAA => IpAddressContent.ValidateIPv6(content),
            RecordType.CNAME => HostnameTarget.Validate(content, "CNAME target", origin: origin, kind: DnsNameKind.Data),
            RecordType.NS => HostnameTarget.Validate(content, "NS nameserver", origin: origin),
            RecordType.PTR => HostnameTarget.Validate(content, "PTR target", origin: origin, kind: DnsNameKind.Data),
            RecordType.MX => MxContent.Validate(content, origin),
            RecordType.SRV => SrvContent.Validate(content, origin),
            RecordType.TXT => TxtContent.Validate(content),
            RecordType.CAA => CaaContent.Validate(content),
            RecordType.SOA => SoaContent.Validate(content, origin),
            RecordType.DNAME => DnameContent.Validate(content, origin),
            RecordType.DS => DsContent.Validate(content),
            RecordType.NAPTR => NaptrContent.Validate(content, origin),
            RecordType.TLSA => TlsaContent.Validate(content),
            RecordType.SSHFP => SshfpContent.Validate(content),
            RecordType.SVCB or RecordType.HTTPS => SvcbContent.Validate(type, content, origin),
            RecordType.LOC => LocContent.Validate(content),
            _ when type.IsGeneric() && GenericContent.CheckTypeCode((int)type) is null => GenericContent.Validate(content),
            _ => ValidationResult.Fail($"Record type {type.Mnemonic()} is not supported"),
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
