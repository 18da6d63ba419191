using System.Globalization;

namespace Dashboard.Dns;

/// <summary>The seven fields of SOA content in storage form (<c>mname rname serial refresh retry expire minimum</c>).</summary>
public sealed record SoaFields(string Mname, string Rname, long Serial, long Refresh, long Retry, long Expire, long Minimum)
{
    public static SoaFields? TryParse(string content)
    {
        var valid = SoaContent.Validate(content);
        if (!valid.IsValid)
        {
            return null;
        }
        var f = valid.Value!.Split(' ');
        long N(int i) => long.Parse(f[i], CultureInfo.InvariantCulture);
        return new SoaFields(f[0], f[1], N(2), N(3), N(4), N(5), N(6));
    }

    public static SoaFields Parse(string content) =>
        TryParse(content) ?? throw new FormatException($"'{content}' is not valid SOA content");

    public string Format() => string.Create(CultureInfo.InvariantCulture, $"{Mname} {Rname} {Serial} {Refresh} {Retry} {Expire} {Minimum}");

    /// <summary>Everything but the serial, which every apply changes: what a SOA edit's conflict check compares.</summary>
    public string WithoutSerial() => string.Create(CultureInfo.InvariantCulture, $"{Mname} {Rname} {Refresh} {Retry} {Expire} {Minimum}");

    /// <summary>The negative-caching TTL a resolver uses for this zone: min(SOA TTL, MINIMUM) (RFC 2308).</summary>
    public long NegativeTtl(int soaTtl) => Math.Min(soaTtl, Minimum);
}

/// <summary>The zone's SOA as read: content (storage form) and TTL.</summary>
public sealed record SoaState(string Content, int Ttl)
{
    public SoaFields Fields => SoaFields.Parse(Content);
}

/// <summary>A staged SOA edit: the fields and TTL as the operator saw them, and as they will be.</summary>
public sealed record StagedSoa(SoaFields Before, int BeforeTtl, SoaFields After, int AfterTtl, long? RequestedSerial)
{
    /// <summary>What must still be true at apply (everything but the serial, which the tunnel service and every apply raise).</summary>
    public string BaseVersion => $"{Before.WithoutSerial()} {BeforeTtl}";
}
