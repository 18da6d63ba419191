namespace Dashboard.Dns;

/// <summary>Validation of hostname targets inside record content (CNAME, NS, PTR, MX, SRV, SOA).</summary>
public static class HostnameTarget
{
    /// <summary>The root name used by null MX (RFC 7505) and "no service" SRV (RFC 2782).</summary>
    public const string Root = ".";

    /// <summary>
    /// Validates a hostname target, accepting an optional trailing dot; normalized to lowercase
    /// without trailing dot. When <paramref name="allowRoot"/> is set, <c>.</c> is accepted and kept as <c>.</c>.
    /// </summary>
    public static ValidationResult Validate(string input, string field, bool allowRoot = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        var trimmed = input.Trim();
        if (trimmed == Root)
        {
            return allowRoot
                ? ValidationResult.Ok(Root)
                : ValidationResult.Fail($"{field} must be a hostname, not the root '.'");
        }

        if (trimmed.Length == 0)
        {
            return ValidationResult.Fail($"{field} must not be empty");
        }

        return DnsName.Validate(trimmed, DnsNameKind.Hostname).WithField(field);
    }
}
