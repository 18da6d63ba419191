using System.Globalization;
using System.Net;
using Dashboard.Data.PowerDns;
using Dashboard.Dns;

namespace Dashboard.Features.Checks;

/// <summary>
/// The pure rules of a check: the negative TTL of a miss, the canonical form records are compared in, and how a
/// region's answer compares with the primary database. No I/O; DnsClient's types never get here.
/// </summary>
public static class CheckRules
{
    /// <summary>What the primary holds for a name, or why it could not be read.</summary>
    public sealed record Expected(IReadOnlyList<StoredRecord> Rows, string? Unavailable)
    {
        public static Expected Of(IEnumerable<StoredRecord> rows) => new(rows.ToList(), null);

        public static Expected Unreadable(string why) => new([], why);
    }

    /// <summary>RFC 2308: a resolver keeps a miss for min(TTL of the authority SOA, SOA MINIMUM).</summary>
    public static int? NegativeTtl(CheckRecord? authoritySoa)
    {
        if (authoritySoa is null)
        {
            return null;
        }
        var fields = authoritySoa.Content.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 7 && long.TryParse(fields[6], NumberStyles.None, CultureInfo.InvariantCulture, out var minimum)
            ? (int)Math.Min(authoritySoa.Ttl, minimum)
            : null;
    }

    /// <summary>Makes the cell for one reply, comparing it with <paramref name="expected"/> (the primary's enabled rows at the name, any type).</summary>
    public static CheckCell Cell(string name, RecordType type, string region, DnsReply reply, Expected expected)
    {
        var isMiss = reply.Outcome is CheckOutcome.NxDomain or CheckOutcome.NoData;
        var (comparison, detail) = reply.Outcome switch
        {
            CheckOutcome.Timeout => (CheckComparison.Unknown, reply.Error ?? "no answer"),
            CheckOutcome.ServFail or CheckOutcome.Refused or CheckOutcome.Other => (CheckComparison.Unknown, $"no answer to compare ({CheckWords.Outcome(reply.Outcome, reply.ResponseCode)})"),
            _ when expected.Unavailable is { } why => (CheckComparison.Unknown, $"primary database not read: {why}"),
            _ => Compare(name, type, reply.Answers, expected.Rows),
        };
        return new CheckCell(
            name, type, region, reply.Outcome, reply.ResponseCode, reply.Authoritative,
            Math.Round(reply.Latency.TotalMilliseconds, 2),
            reply.Answers,
            isMiss ? NegativeTtl(reply.AuthoritySoa) : null,
            AnsweringZone(reply),
            comparison, detail);
    }

    /// <summary>
    /// True when an answer with this outcome drew (or may have drawn) a miss that PowerDNS caches: NXDOMAIN, NODATA, or
    /// no answer at all (the server may have cached what it could not send). Such a name is flushed after the check.
    /// </summary>
    public static bool LeavesMiss(CheckOutcome outcome) => outcome is CheckOutcome.NxDomain or CheckOutcome.NoData or CheckOutcome.Timeout;

    /// <summary>The apex of the zone that answered (the authority SOA's owner), or null when the reply names none.</summary>
    public static string? AnsweringZone(DnsReply reply) => reply.AuthoritySoa is { } soa ? Names.Relative(soa.Owner) : null;

    /// <summary>
    /// Compares the answer records at <paramref name="name"/> (of <paramref name="type"/>, or the CNAME PowerDNS answers
    /// instead) with the database's rows of that type (or its CNAME rows when it has none of that type).
    /// </summary>
    public static (CheckComparison Comparison, string? Detail) Compare(string name, RecordType type, IReadOnlyList<CheckRecord> answers, IReadOnlyList<StoredRecord> rows)
    {
        var atName = answers.Where(a => Names.Same(a.Owner, name)).ToList();
        var actual = atName.Where(a => a.Type == type).ToList();
        if (actual.Count == 0 && type != RecordType.CNAME)
        {
            actual = atName.Where(a => a.Type == RecordType.CNAME).ToList();
        }
        var typed = rows.Where(r => Names.Same(r.Name, name) && r.Key?.Type == type).ToList();
        if (typed.Count == 0 && type != RecordType.CNAME)
        {
            typed = rows.Where(r => Names.Same(r.Name, name) && r.Key?.Type == RecordType.CNAME).ToList();
        }
        var expected = typed.Select(r => new CheckRecord(name, r.Key!.Value.Type, r.Ttl, Canonical(r.Key!.Value.Type, r.Content))).ToList();

        if (actual.Count == 0)
        {
            return expected.Count == 0
                ? (CheckComparison.Matches, "absent here and in the database")
                : (CheckComparison.Missing, $"the database has {Describe(expected)}; this region does not answer it");
        }
        if (expected.Count == 0)
        {
            return (CheckComparison.Extra, $"the database has no {type.Mnemonic()} (or CNAME) at this name");
        }

        var actualContent = actual.Select(a => Key(a)).Order(StringComparer.Ordinal).ToList();
        var expectedContent = expected.Select(e => Key(e)).Order(StringComparer.Ordinal).ToList();
        if (!actualContent.SequenceEqual(expectedContent))
        {
            return (CheckComparison.Stale, $"answers {Describe(actual)}; the database has {Describe(expected)}");
        }
        var actualTtls = actual.Select(a => (Key(a), a.Ttl)).Order().ToList();
        var expectedTtls = expected.Select(e => (Key(e), e.Ttl)).Order().ToList();
        if (!actualTtls.SequenceEqual(expectedTtls))
        {
            return (CheckComparison.Stale, $"TTL {Ttls(actual)} here, {Ttls(expected)} in the database");
        }
        return (CheckComparison.Matches, null);
    }

    private static string Key(CheckRecord record) => $"{record.Type.Mnemonic()} {record.Content}";

    private static string Ttls(IEnumerable<CheckRecord> records) => string.Join("/", records.Select(r => r.Ttl).Distinct());

    private static string Describe(IReadOnlyList<CheckRecord> records) =>
        string.Join(", ", records.Take(3).Select(r => $"{r.Type.Mnemonic()} {r.Content} (TTL {r.Ttl})")) + (records.Count > 3 ? $" and {records.Count - 3} more" : "");

    /// <summary>
    /// Content as a check compares and shows it, from PowerDNS's presentation content (<see cref="StoredRecord.Content"/>):
    /// names absolute and lowercase (<c>mx1.example.</c>), addresses in their shortest form, TXT strings quoted.
    /// </summary>
    public static string Canonical(RecordType type, string content)
    {
        var fields = content.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        // DnsClient joins a name's labels without escaping a dot inside one, so an answer's john\.doe reads as john.doe:
        // the database's escaped dots are read the same way, or every such name would compare as stale.
        fields = [.. fields.Select(f => f.Replace("\\.", ".", StringComparison.Ordinal))];
        return type switch
        {
            RecordType.A or RecordType.AAAA when IPAddress.TryParse(content.Trim(), out var address) => address.ToString(),
            RecordType.CNAME or RecordType.NS or RecordType.PTR when fields.Length == 1 => Names.Absolute(fields[0]),
            RecordType.MX when fields.Length == 2 => $"{Number(fields[0])} {Names.Absolute(fields[1])}",
            RecordType.SRV when fields.Length == 4 => $"{Number(fields[0])} {Number(fields[1])} {Number(fields[2])} {Names.Absolute(fields[3])}",
            RecordType.SOA when fields.Length == 7 => $"{Names.Absolute(fields[0])} {Names.Absolute(fields[1])} {string.Join(' ', fields[2..].Select(Number))}",
            RecordType.TXT when TxtCodec.TryParseQuoted(content, "TXT", out var strings) is null => string.Join(' ', strings.Select(TxtCodec.Quote)),
            RecordType.CAA when fields.Length >= 3 => $"{Number(fields[0])} {fields[1].ToLowerInvariant()} \"{string.Join(' ', fields[2..]).Trim('"')}\"",
            _ => content.Trim(),
        };
    }

    private static string Number(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value.ToString(CultureInfo.InvariantCulture) : text;

    /// <summary>Name spellings: absolute with a dot for display, compared without case.</summary>
    public static class Names
    {
        public static string Absolute(string name)
        {
            var lower = name.Trim().ToLowerInvariant();
            return lower.EndsWith('.') ? lower : lower + ".";
        }

        public static string Relative(string name) => Absolute(name).TrimEnd('.');

        public static bool Same(string a, string b) => string.Equals(Relative(a), Relative(b), StringComparison.Ordinal);
    }
}
