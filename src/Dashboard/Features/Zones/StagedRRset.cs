using Dashboard.Dns;

namespace Dashboard.Features.Zones;

/// <summary>
/// One RRset of a change set: the rows it had when first staged (and their <see cref="BaseVersion"/>), and the
/// complete set of rows it will have. An empty <see cref="After"/> deletes the RRset.
/// </summary>
public sealed record StagedRRset(RRsetKey Key, string BaseVersion, IReadOnlyList<BeforeRecord> Before, IReadOnlyList<AfterRecord> After, int Ttl)
{
    public IEnumerable<ZoneRecord> AfterRecords => After.Select(a => new ZoneRecord(Key.Name, Key.Type, a.Content, Ttl, a.Disabled));
}

/// <summary>A row the RRset had: content in storage form (MX/SRV with their priority).</summary>
public sealed record BeforeRecord(string Content, int Ttl, bool Disabled);

/// <summary>A row the RRset will have. <see cref="From"/> is the before row it came from (null for an added record).</summary>
public sealed record AfterRecord(string? From, string Content, bool Disabled);
