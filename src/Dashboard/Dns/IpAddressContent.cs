using System.Net;
using System.Net.Sockets;

namespace Dashboard.Dns;

/// <summary>Validation of A (IPv4) and AAAA (IPv6) record content.</summary>
public static class IpAddressContent
{
    /// <summary>
    /// Validates a dotted-quad IPv4 address: exactly four parts, each 0-255, no leading zeros,
    /// no whitespace anywhere. The input is not trimmed.
    /// </summary>
    public static ValidationResult ValidateIPv4(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var prefix = $"IPv4 address '{input}' is not valid";
        if (input.Length == 0)
        {
            return ValidationResult.Fail("IPv4 address must not be empty");
        }

        if (input.Any(char.IsWhiteSpace))
        {
            return ValidationResult.Fail($"{prefix}: it may not contain spaces");
        }

        var parts = input.Split('.');
        if (parts.Length != 4)
        {
            return ValidationResult.Fail($"{prefix}: it must be four numbers separated by dots, like 192.0.2.10");
        }

        foreach (var part in parts)
        {
            if (part.Length == 0 || !part.All(char.IsAsciiDigit))
            {
                return ValidationResult.Fail($"{prefix}: each part must be a number from 0 to 255");
            }

            if (part.Length > 1 && part[0] == '0')
            {
                return ValidationResult.Fail($"{prefix}: parts may not have leading zeros ('{part}')");
            }

            if (part.Length > 3 || int.Parse(part, System.Globalization.CultureInfo.InvariantCulture) > 255)
            {
                return ValidationResult.Fail($"{prefix}: each part must be 0-255");
            }
        }

        return ValidationResult.Ok(input);
    }

    /// <summary>
    /// Validates an IPv6 address and normalizes it to the compressed lowercase form (RFC 5952).
    /// IPv4 addresses, zone ids (<c>%eth0</c>), brackets, prefixes and whitespace are rejected.
    /// </summary>
    public static ValidationResult ValidateIPv6(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var prefix = $"IPv6 address '{input}' is not valid";
        if (input.Length == 0)
        {
            return ValidationResult.Fail("IPv6 address must not be empty");
        }

        if (input.Any(char.IsWhiteSpace))
        {
            return ValidationResult.Fail($"{prefix}: it may not contain spaces");
        }

        if (input.Contains('%'))
        {
            return ValidationResult.Fail($"{prefix}: zone ids ('%...') are not allowed in DNS records");
        }

        if (!input.Contains(':'))
        {
            return ValidationResult.Fail($"{prefix}: this looks like an IPv4 address; use an A record for IPv4");
        }

        if (!input.All(c => char.IsAsciiHexDigit(c) || c == ':' || c == '.')
            || !IPAddress.TryParse(input, out var address)
            || address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return ValidationResult.Fail($"{prefix}: use hexadecimal groups separated by colons, like 2001:db8::1");
        }

        // PowerDNS's API refuses the IPv4-mapped form and pdnsutil check-zone warns on it; A records hold IPv4 addresses.
        if (address.IsIPv4MappedToIPv6)
        {
            return ValidationResult.Fail(
                $"{prefix}: '{input}' is an IPv4 address written as IPv6 (::ffff:...), which PowerDNS does not accept; use an A record for {address.MapToIPv4()}");
        }

        return ValidationResult.Ok(address.ToString().ToLowerInvariant());
    }
}
