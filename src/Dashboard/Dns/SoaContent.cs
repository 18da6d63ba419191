namespace Dashboard.Dns;

/// <summary>
/// SOA content: <c>mname rname serial refresh retry expire minimum</c>.
/// Serial is 0..4294967295; the four timers are 0..2147483647.
/// </summary>
public static class SoaContent
{
    /// <summary>Largest SOA serial (unsigned 32-bit).</summary>
    public const long MaxSerial = uint.MaxValue;

    /// <summary>Largest SOA timer value (signed 32-bit, RFC 2181).</summary>
    public const long MaxTimer = int.MaxValue;

    /// <param name="origin">Completes relative MNAME/RNAME (zone-file rule); empty for storage form.</param>
    public static ValidationResult Validate(string input, string origin = "")
    {
        ArgumentNullException.ThrowIfNull(input);
        var fields = NumberField.SplitFields(input);
        if (fields.Length != 7)
        {
            return ValidationResult.Fail(
                "SOA content must have 7 fields: primary nameserver, responsible mailbox, serial, refresh, retry, expire, minimum");
        }

        var errors = new List<string>();
        var mname = HostnameTarget.Validate(fields[0], "SOA primary nameserver (mname)", origin: origin);
        var rname = ValidateMailbox(fields[1], "SOA responsible mailbox (rname)", origin);
        errors.AddRange(mname.Errors);
        errors.AddRange(rname.Errors);
        var numbers = new long[5];
        string[] names = ["SOA serial", "SOA refresh", "SOA retry", "SOA expire", "SOA minimum"];
        for (var i = 0; i < 5; i++)
        {
            var max = i == 0 ? MaxSerial : MaxTimer;
            if (NumberField.Check(fields[i + 2], max, names[i], out numbers[i]) is { } error)
            {
                errors.Add(error);
            }
        }

        return errors.Count == 0
            ? ValidationResult.Ok($"{mname.Value} {rname.Value} {string.Join(' ', numbers)}")
            : ValidationResult.Fail(errors);
    }

    /// <summary>
    /// The RNAME: a mailbox written as a name (<c>hostmaster.example.test</c>, a dot in the local part escaped as
    /// <c>\.</c>). It is data, not a host name, so escapes and underscores are kept; an '@' is refused with the way to write it.
    /// </summary>
    public static ValidationResult ValidateMailbox(string input, string field, string origin = "")
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Contains('@') && input.Trim() != "@"
            ? ValidationResult.Fail($"{field}: write the mailbox as a name, with a dot instead of '@' (hostmaster@example.test is hostmaster.example.test; a dot before the '@' is written \\.)")
            : HostnameTarget.Validate(input, field, origin: origin, kind: DnsNameKind.Data);
    }
}
