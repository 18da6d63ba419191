namespace Dashboard.Dns;

/// <summary>
/// The one place a name inside record data of the newer types (DNAME target, NAPTR replacement, SVCB/HTTPS target) is
/// read: as a zone file reads it (<see cref="DnsName.ResolveData"/>), relative to <c>origin</c> unless it ends in a dot;
/// with an empty origin the content is storage form, whose names are absolute without their trailing dot.
/// </summary>
internal static class RdataName
{
    /// <summary>Validates <paramref name="token"/>; the value is the storage form (lowercase, no trailing dot, or <c>.</c>).</summary>
    /// <param name="kind">Data when the name may hold underscores (<c>_sip._udp.example.</c>), Hostname when it must be a host.</param>
    public static ValidationResult Read(string token, string field, string origin, bool allowRoot, DnsNameKind kind) =>
        DnsName.ResolveData(token, origin, kind, allowRoot).WithField(field);
}
