namespace Dashboard.Dns;

/// <summary>
/// DNAME content (RFC 6672): the target domain the owner's subtree is redirected to; any domain name (underscores
/// allowed), not the root. Stored as PowerDNS stores names: without the trailing dot (lowercase, as the dashboard
/// stores every name).
/// </summary>
public static class DnameContent
{
    /// <param name="origin">The zone for what an operator typed (relative names are completed with it); empty for storage form.</param>
    public static ValidationResult Validate(string input, string origin = "")
    {
        ArgumentNullException.ThrowIfNull(input);
        return Target(input, origin);
    }

    private static ValidationResult Target(string token, string origin) =>
        RdataName.Read(token, "DNAME target", origin, allowRoot: false, DnsNameKind.Data);
}
