namespace Dashboard.Dns;

/// <summary>
/// Consistency rules over the proposed state of the owner names touched by a change:
/// CNAME exclusivity (RFC 1034 §3.6.2, RFC 2181 §10.1), no CNAME at the apex, no duplicate
/// content within an RRset, one TTL per RRset (RFC 2181 §5.2), names inside the zone, and sizes PowerDNS can store
/// and serve (<see cref="RRsetSize"/>).
/// </summary>
/// <remarks>
/// Pass every record (enabled and disabled) at each affected owner name. Disabled records are
/// not served and are skipped by <c>pdnsutil check-zone</c>, so they are ignored for the CNAME
/// rules; they are still rows of the same RRset, so duplicate and TTL rules include them.
/// </remarks>
public static class RRsetRules
{
    /// <param name="complete">
    /// True when <paramref name="records"/> hold every record at each of their names, so that a record missing beside
    /// another is really missing (a DS needs the NS of its delegation). False checks one RRset on its own.
    /// </param>
    public static IReadOnlyList<string> Check(string zoneApex, IEnumerable<ZoneRecord> records, bool complete = true)
    {
        ArgumentNullException.ThrowIfNull(records);
        var apex = DnsName.Normalize(zoneApex);
        var all = records.Select(r => r with { Name = DnsName.Normalize(r.Name) }).ToList();
        var errors = new List<string>();

        foreach (var rrset in all.GroupBy(r => (r.Name, r.Type)).Where(g => !DnsName.IsInZone(g.Key.Name, apex)))
        {
            errors.Add($"{Label(rrset.Key)}: the name is not inside zone '{apex}'");
        }

        foreach (var byName in all.GroupBy(r => r.Name))
        {
            CheckCname(byName.Key, byName.Where(r => !r.Disabled).ToList(), apex, errors);
            CheckDnameAndDs(byName.Key, byName.Where(r => !r.Disabled).ToList(), apex, complete, errors);
        }

        CheckBelowDname(all.Where(r => !r.Disabled).ToList(), errors);
        if (complete)
        {
            CheckTlsaHosts(all.Where(r => !r.Disabled).ToList(), errors);
        }

        foreach (var rrset in all.GroupBy(r => (r.Name, r.Type)))
        {
            CheckDuplicates(rrset.Key, rrset.ToList(), errors);
            errors.AddRange(RRsetSize.Check(rrset.Key.Name, rrset.Key.Type, rrset.Select(r => (r.Content, r.Disabled))));
            var ttls = rrset.Select(r => r.Ttl).Distinct().Order().ToList();
            if (ttls.Count > 1)
            {
                errors.Add($"{Label(rrset.Key)}: all records in a set must have the same TTL (found {string.Join(", ", ttls)})");
            }
        }

        return errors;
    }

    private static void CheckCname(string name, List<ZoneRecord> enabled, string apex, List<string> errors)
    {
        var cnames = enabled.Count(r => r.Type == RecordType.CNAME);
        if (cnames == 0)
        {
            return;
        }

        var key = (name, RecordType.CNAME);
        if (name == apex)
        {
            errors.Add($"{Label(key)}: a CNAME is not allowed at the zone apex (it would hide the SOA and NS records)");
        }

        if (cnames > 1)
        {
            errors.Add($"{Label(key)}: a name may have only one CNAME record (found {cnames})");
        }

        var others = enabled.Where(r => r.Type != RecordType.CNAME).Select(r => r.Type).Distinct().Order().ToList();
        if (others.Count > 0)
        {
            errors.Add($"{Label(key)}: a CNAME cannot coexist with other records ({string.Join(", ", others)}) at the same name");
        }
    }

    /// <summary>
    /// DNAME is a singleton and sits beside NS only at the apex (RFC 6672 §2.3, §2.4); DS belongs at a delegation,
    /// never at the apex (RFC 4034 §5; <c>pdnsutil check-zone</c> warns "DS record without a delegation").
    /// </summary>
    private static void CheckDnameAndDs(string name, List<ZoneRecord> enabled, string apex, bool complete, List<string> errors)
    {
        var dnames = enabled.Count(r => r.Type == RecordType.DNAME);
        var hasNs = enabled.Any(r => r.Type == RecordType.NS);
        if (dnames > 1)
        {
            errors.Add($"{Label((name, RecordType.DNAME))}: a name may have only one DNAME record (found {dnames})");
        }

        if (dnames > 0 && hasNs && name != apex)
        {
            errors.Add($"{Label((name, RecordType.DNAME))}: a DNAME cannot sit beside NS records below the apex (RFC 6672): the NS records delegate the name away; put the DNAME in the child zone");
        }

        if (enabled.Any(r => r.Type == RecordType.DS))
        {
            if (name == apex)
            {
                errors.Add($"{Label((name, RecordType.DS))}: a DS record belongs in the parent zone, not at this zone's apex");
            }
            else if (!hasNs && complete)
            {
                errors.Add($"{Label((name, RecordType.DS))}: a DS record must sit at a delegation; add the child zone's NS records at this name too");
            }
        }
    }

    /// <summary>Nothing may exist below a DNAME (RFC 6672 §2.3): it would never be served.</summary>
    private static void CheckBelowDname(List<ZoneRecord> enabled, List<string> errors)
    {
        var owners = enabled.Where(r => r.Type == RecordType.DNAME).Select(r => r.Name).Distinct().ToList();
        foreach (var owner in owners)
        {
            foreach (var below in enabled.Where(r => r.Name.EndsWith("." + owner, StringComparison.Ordinal)).Select(r => (r.Name, r.Type)).Distinct())
            {
                errors.Add($"{Label(below)}: the name is below the DNAME at {owner}, so it would never be served (RFC 6672); remove one of them");
            }
        }
    }

    /// <summary>
    /// A TLSA at <c>_port._proto.host</c> needs records at <c>host</c> (<c>pdnsutil check-zone</c> warns otherwise:
    /// a query for the host would come back empty).
    /// </summary>
    private static void CheckTlsaHosts(List<ZoneRecord> enabled, List<string> errors)
    {
        var names = enabled.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var tlsa in enabled.Where(r => r.Type == RecordType.TLSA).Select(r => r.Name).Distinct())
        {
            if (TlsaHost(tlsa) is { } host && !names.Contains(host))
            {
                errors.Add($"{Label((tlsa, RecordType.TLSA))}: {host} has no records, so a client would find no address to use this TLSA with; add the host's records (or remove the TLSA)");
            }
        }
    }

    /// <summary>The host a TLSA name is for: the name without its first two labels (<c>_443._tcp.www.example</c> → <c>www.example</c>).</summary>
    public static string? TlsaHost(string name)
    {
        var first = name.IndexOf('.');
        var second = first < 0 ? -1 : name.IndexOf('.', first + 1);
        return second < 0 ? null : name[(second + 1)..];
    }

    private static void CheckDuplicates((string Name, RecordType Type) key, List<ZoneRecord> rrset, List<string> errors)
    {
        var duplicates = rrset
            .Select(r => RecordContent.Validate(r.Type, r.Content) is { IsValid: true } v ? v.Value! : r.Content)
            .GroupBy(c => c, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key);
        foreach (var content in duplicates)
        {
            errors.Add($"{Label(key)}: the record '{content}' appears more than once");
        }
    }

    private static string Label((string Name, RecordType Type) key) => $"{key.Name} {key.Type.Mnemonic()}";
}
