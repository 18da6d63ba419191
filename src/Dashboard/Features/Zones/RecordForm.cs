using System.Globalization;
using Dashboard.Dns;

namespace Dashboard.Features.Zones;

/// <summary>One input of the record editor for a type, with a sentence on what it means.</summary>
public sealed record RecordField(string Key, string Label, string Help);

/// <summary>
/// The record editor's per-type fields (MX preference + exchange, SRV priority/weight/port/target, CAA flags/tag/value,
/// ...): how content splits into them, and how typed values compose back into content, validated field by field with
/// the Dns rules so each plain-words message sits next to its field. Pure.
/// </summary>
public static class RecordForm
{
    /// <summary>The types the record editor offers (SOA has its own editor).</summary>
    public static IReadOnlyList<RecordType> EditableTypes { get; } =
        [RecordType.A, RecordType.AAAA, RecordType.CNAME, RecordType.MX, RecordType.TXT, RecordType.SRV, RecordType.CAA, RecordType.NS, RecordType.PTR,
         RecordType.HTTPS, RecordType.SVCB, RecordType.DNAME, RecordType.DS, RecordType.TLSA, RecordType.SSHFP, RecordType.NAPTR, RecordType.LOC];

    /// <summary>
    /// The type picker's "Other (TYPEnnn)" entry: a type PowerDNS has no name for, entered by its code and written in the
    /// RFC 3597 generic form. TYPE0 is reserved and never a real type, so it cannot be mistaken for one.
    /// </summary>
    public const RecordType OtherType = 0;

    /// <summary>How the type picker names a type: its mnemonic, or "Other (TYPEnnn)" for <see cref="OtherType"/>.</summary>
    public static string TypeLabel(RecordType type) => type == OtherType ? "Other (TYPEnnn)" : type.Mnemonic();

    /// <summary>The type a <see cref="TypeLabel"/> names.</summary>
    public static bool TryParseTypeLabel(string? label, out RecordType type)
    {
        if (label == TypeLabel(OtherType))
        {
            type = OtherType;
            return true;
        }
        return RecordTypes.TryParse(label, out type);
    }

    /// <summary>The type code typed for an "Other" type: the generic type it names, or why it cannot be used.</summary>
    public static (RecordType? Type, string? Error) ParseTypeCode(string text)
    {
        var trimmed = (text ?? "").Trim();
        if (trimmed.StartsWith("TYPE", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed[4..];
        }
        if (trimmed.Length == 0)
        {
            return (null, "Enter the type's number, like 65280");
        }
        if (!int.TryParse(trimmed, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code) || code > ushort.MaxValue)
        {
            return (null, $"'{text!.Trim()}' is not a type number: use a whole number from 1 to 65535");
        }
        return GenericContent.CheckTypeCode(code) is { } error ? (null, error) : ((RecordType)code, null);
    }

    /// <summary>Types edited as one content field in zone-file form; the Dns rules name the exact field in each message.</summary>
    private static bool IsWholeContent(RecordType type) =>
        type is RecordType.DNAME or RecordType.DS or RecordType.NAPTR or RecordType.TLSA or RecordType.SSHFP
            or RecordType.SVCB or RecordType.HTTPS or RecordType.LOC || type.IsGeneric();

    public static IReadOnlyList<RecordField> Fields(RecordType type) => type switch
    {
        RecordType.A => [new("address", "IPv4 address", "Four numbers 0-255, like 192.0.2.10")],
        RecordType.AAAA => [new("address", "IPv6 address", "Like 2001:db8::10")],
        RecordType.CNAME => [new("target", "Canonical name", "The hostname this name is an alias of; no other record may exist at this name")],
        RecordType.NS => [new("target", "Nameserver", "Hostname of an authoritative nameserver")],
        RecordType.PTR => [new("target", "Points to", "The hostname this address maps back to")],
        RecordType.MX =>
        [
            new("preference", "Preference", "0-65535; lower is tried first"),
            new("exchange", "Mail server", "Hostname of the mail server ('.' with preference 0: this domain receives no mail)"),
        ],
        RecordType.SRV =>
        [
            new("priority", "Priority", "0-65535; lower is tried first"),
            new("weight", "Weight", "0-65535; share among targets of equal priority"),
            new("port", "Port", "0-65535"),
            new("target", "Target", "Hostname offering the service ('.' means: not offered here)"),
        ],
        RecordType.CAA =>
        [
            new("flags", "Flags", "0-255; 128 marks the property critical"),
            new("tag", "Tag", $"One of {string.Join(", ", CaaContent.AllowedTags)}"),
            new("value", "Value", "The certificate authority's domain, like letsencrypt.org; for iodef a mailto: or https: URL"),
        ],
        RecordType.TXT => [new("text", "Text", "Plain text (split into 255-byte strings for you) or \"quoted\" \"strings\"")],
        RecordType.DNAME => [new("content", "Target", "The domain this name's whole subtree is redirected to: relative to the zone unless it ends in a dot, like example.net.")],
        RecordType.DS => [new("content", "DS data", "Key tag, algorithm, digest type and hex digest, like 60485 13 2 2bb183af…")],
        RecordType.TLSA => [new("content", "TLSA data", "Usage 0-3, selector 0-1, matching type 0-2 and hex data, like 3 1 1 0c72ac70…")],
        RecordType.SSHFP => [new("content", "SSHFP data", "Algorithm (1, 2, 3, 4, 6), fingerprint type (1, 2) and hex fingerprint, like 4 2 1234…")],
        RecordType.NAPTR => [new("content", "NAPTR data", "Order, preference, \"flags\", \"services\", \"regexp\" and replacement (relative to the zone unless it ends in a dot), like 100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.example.com.")],
        RecordType.SVCB or RecordType.HTTPS => [new("content", $"{type} data", "Priority, target (relative to the zone unless it ends in a dot; '.' for this name) and parameters, like 1 . alpn=h2,h3 port=443; priority 0 is an alias with no parameters")],
        RecordType.LOC => [new("content", "Location", "Latitude, longitude, altitude and optional size and precisions (RFC 1876), like 52 22 23.000 N 4 53 32.000 E -2m")],
        _ when type.IsGeneric() => [new("content", "Generic data", "RFC 3597 form: \\# , the length in bytes and the data in hex, like \\# 3 abcdef")],
        _ => [],
    };

    /// <summary>
    /// Whether the field holds a domain name. Such a field is read as a zone file reads a name
    /// (<see cref="DnsName.ResolveData"/>): relative to the zone unless it ends in a dot.
    /// </summary>
    public static bool IsName(RecordType type, string key) => (type, key) switch
    {
        (RecordType.CNAME or RecordType.NS or RecordType.PTR, "target") => true,
        (RecordType.MX, "exchange") => true,
        (RecordType.SRV, "target") => true,
        _ => false,
    };

    /// <summary>
    /// The helper text under a field: its help, and for a name field the absolute name it means (<c>Means ux-a.x.test.</c>),
    /// with a hint when a relative name already ends with the zone (it would then be in the zone twice).
    /// </summary>
    public static string HelpText(RecordType type, RecordField field, string typed, FormResult? result, string zone)
    {
        if (result?.Names.GetValueOrDefault(field.Key) is not { } absolute)
        {
            return field.Help;
        }
        var apex = DnsName.Normalize(zone);
        var bare = AsciiText.ToLower(typed.Trim());
        var doubled = apex.Length > 0 && !bare.EndsWith('.') && (bare == apex || bare.EndsWith("." + apex, StringComparison.Ordinal));
        return doubled
            ? $"Means {absolute} (names without a trailing dot are relative to {apex}; write {bare}. if you meant that name)"
            : $"Means {absolute}";
    }

    /// <summary>
    /// Splits stored content into the type's fields (for editing an existing record). Names are shown absolute, with
    /// their trailing dot, so that reading them back as typed (relative unless they end in a dot) keeps them unchanged.
    /// </summary>
    public static Dictionary<string, string> Split(RecordType type, string content)
    {
        var fields = Fields(type);
        var values = fields.ToDictionary(f => f.Key, _ => "");
        if (IsWholeContent(type))
        {
            values["content"] = ZoneFileContent.ToZoneFile(type, content);
            return values;
        }
        if (fields.Count == 1)
        {
            values[fields[0].Key] = IsName(type, fields[0].Key) && content.Length > 0 ? DnsName.ToAbsolute(content) : content;
            return values;
        }
        var parts = content.Split(' ', fields.Count, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length && i < fields.Count; i++)
        {
            values[fields[i].Key] = parts[i];
        }
        if (type == RecordType.CAA && TxtContent.Parse(values["value"]) is { IsValid: true } parsed && parsed.Strings.Count == 1)
        {
            values["value"] = parsed.Strings[0];
        }
        foreach (var field in fields.Where(f => IsName(type, f.Key) && values[f.Key].Length > 0))
        {
            values[field.Key] = DnsName.ToAbsolute(values[field.Key]);
        }
        return values;
    }

    /// <summary>
    /// Composes content (storage form) from typed values; errors per field key (nothing composed when any). Names are
    /// resolved against <paramref name="zone"/> as in a zone file; each name field that is valid reports the absolute
    /// name it means in <see cref="FormResult.Names"/>, even when another field still has an error.
    /// </summary>
    public static FormResult Compose(RecordType type, IReadOnlyDictionary<string, string> values, string zone)
    {
        string V(string key) => values.TryGetValue(key, out var v) ? v ?? "" : "";
        var origin = DnsName.Normalize(zone);
        var errors = new Dictionary<string, string>();
        var names = new Dictionary<string, string>();
        void Check(string key, ValidationResult result)
        {
            if (!result.IsValid)
            {
                errors[key] = string.Join(" ", result.Errors);
            }
            else if (IsName(type, key))
            {
                names[key] = DnsName.ToAbsolute(result.Value!);
            }
        }
        void Number(string key, string label, long max)
        {
            var text = V(key).Trim();
            if (text.Length == 0 || !text.All(char.IsAsciiDigit) || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > max)
            {
                errors[key] = $"{label} must be a whole number from 0 to {max}";
            }
        }

        string content;
        switch (type)
        {
            case RecordType.A or RecordType.AAAA:
                content = V("address");
                Check("address", RecordContent.Validate(type, content));
                break;
            case RecordType.CNAME or RecordType.NS or RecordType.PTR:
                content = V("target");
                Check("target", RecordContent.Validate(type, content, origin));
                break;
            case var whole when IsWholeContent(whole):
                content = V("content");
                Check("content", RecordContent.Validate(type, content, origin));
                break;
            case RecordType.TXT:
                content = V("text");
                Check("text", TxtContent.Validate(content));
                break;
            case RecordType.MX:
                Number("preference", "Preference", ushort.MaxValue);
                Check("exchange", HostnameTarget.Validate(V("exchange"), "Mail server", allowRoot: true, origin));
                content = $"{V("preference").Trim()} {V("exchange").Trim()}";
                if (errors.Count == 0 && MxContent.Validate(content, origin) is { IsValid: false } mx)
                {
                    errors["exchange"] = string.Join(" ", mx.Errors);
                }
                break;
            case RecordType.SRV:
                Number("priority", "Priority", ushort.MaxValue);
                Number("weight", "Weight", ushort.MaxValue);
                Number("port", "Port", ushort.MaxValue);
                Check("target", HostnameTarget.Validate(V("target"), "Target", allowRoot: true, origin));
                content = $"{V("priority").Trim()} {V("weight").Trim()} {V("port").Trim()} {V("target").Trim()}";
                break;
            case RecordType.CAA:
                Number("flags", "Flags", byte.MaxValue);
                var tag = V("tag").Trim().ToLowerInvariant();
                if (!CaaContent.AllowedTags.Contains(tag))
                {
                    errors["tag"] = $"Tag must be one of {string.Join(", ", CaaContent.AllowedTags)}";
                }
                content = $"{V("flags").Trim()} {tag} {TxtContent.Format(V("value").Trim())}";
                if (errors.Count == 0)
                {
                    Check("value", CaaContent.Validate(content));
                }
                break;
            default:
                return new FormResult(null, new Dictionary<string, string> { ["type"] = $"{type.Mnemonic()} records are not edited here" }, names);
        }
        if (errors.Count > 0)
        {
            return new FormResult(null, errors, names);
        }
        var normalized = RecordContent.Validate(type, content, origin);
        return normalized.IsValid
            ? new FormResult(normalized.Value, errors, names)
            : new FormResult(null, new Dictionary<string, string> { [Fields(type)[^1].Key] = string.Join(" ", normalized.Errors) }, names);
    }
}

/// <summary>
/// Composed content (storage form), or the errors per field key; and per name field, the absolute name (with its
/// trailing dot) that the typed value means.
/// </summary>
public sealed record FormResult(string? Content, IReadOnlyDictionary<string, string> Errors, IReadOnlyDictionary<string, string> Names)
{
    public bool IsValid => Content is not null;
}
