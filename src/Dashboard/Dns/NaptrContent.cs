using System.Globalization;
using System.Text;

namespace Dashboard.Dns;

/// <summary>
/// NAPTR content (RFC 3403 §4.1): <c>&lt;order&gt; &lt;preference&gt; "&lt;flags&gt;" "&lt;services&gt;" "&lt;regexp&gt;" &lt;replacement&gt;</c>.
/// Flags are letters and digits; a non-empty regexp needs the replacement <c>.</c>. Stored as PowerDNS's API stores it:
/// <c>100 10 "S" "SIP+D2U" "" _sip._udp.example.com</c> (the three strings quoted, the replacement without trailing dot).
/// </summary>
public static class NaptrContent
{
    /// <param name="origin">The zone for what an operator typed (a relative replacement is completed with it); empty for storage form.</param>
    public static ValidationResult Validate(string input, string origin = "")
    {
        ArgumentNullException.ThrowIfNull(input);
        if (RdataTokens.Split(input, "NAPTR", out var f) is { } splitError)
        {
            return ValidationResult.Fail(splitError);
        }

        if (f.Count != 6)
        {
            return ValidationResult.Fail("NAPTR content must be order, preference, flags, services, regexp and replacement, like '100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.example.com.'");
        }

        var errors = new List<string>();
        if (NumberField.Check(f[0], ushort.MaxValue, "NAPTR order", out var order) is { } orderError)
        {
            errors.Add(orderError);
        }

        if (NumberField.Check(f[1], ushort.MaxValue, "NAPTR preference", out var preference) is { } prefError)
        {
            errors.Add(prefError);
        }

        var strings = new byte[3][];
        string[] names = ["NAPTR flags", "NAPTR services", "NAPTR regexp"];
        for (var i = 0; i < 3; i++)
        {
            if (RdataTokens.CharacterString(f[2 + i], names[i], out strings[i]) is { } error)
            {
                errors.Add(error);
            }
        }

        if (strings[0] is { } flags && !flags.All(b => b < 128 && char.IsAsciiLetterOrDigit((char)b)))
        {
            errors.Add($"NAPTR flags may hold only letters and digits (like S, A, U or P); '{Encoding.UTF8.GetString(flags)}' has others");
        }

        if (strings[1] is { } services && !services.All(b => b < 128 && (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'+' or (byte)':' or (byte)'-' or (byte)'.')))
        {
            errors.Add($"NAPTR services may hold only letters, digits, '+', ':', '-' and '.' (like SIP+D2U or E2U+sip); '{Encoding.UTF8.GetString(services)}' has others");
        }

        var replacement = Replacement(f[5], origin);
        errors.AddRange(replacement.Errors);
        if (errors.Count == 0 && strings[2].Length > 0 && replacement.Value != HostnameTarget.Root)
        {
            errors.Add("NAPTR regexp and replacement are exclusive (RFC 3403): with a regexp the replacement must be '.'");
        }

        return errors.Count == 0
            ? ValidationResult.Ok(string.Create(CultureInfo.InvariantCulture,
                $"{order} {preference} {TxtCodec.Quote(strings[0])} {TxtCodec.Quote(strings[1])} {TxtCodec.Quote(strings[2])} {replacement.Value}"))
            : ValidationResult.Fail(errors);
    }

    /// <summary>The replacement name may hold underscores (<c>_sip._udp.example.com</c>) and may be the root.</summary>
    private static ValidationResult Replacement(string token, string origin) =>
        RdataName.Read(token, "NAPTR replacement", origin, allowRoot: true, DnsNameKind.Data);
}
