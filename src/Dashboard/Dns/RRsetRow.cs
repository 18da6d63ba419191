
namespace Dashboard.Dns;

/// <summary>
/// One RRset (name + type) as read for the grid, with the <see cref="Version"/> it had when read. A change set
/// remembers that version; applying it is refused if the RRset's version changed underneath.
/// </summary>
public sealed record RRsetRow(string Name, RecordType Type, int Ttl, IReadOnlyList<RecordRow> Records, string Version)
{
    /// <summary>
    /// The one way stored rows become an RRset, for the grid and for staging alike: records in content order, the
    /// smallest TTL (a set written with mixed TTLs by another writer shows its effective one), and the version apply
    /// recomputes. <paramref name="rows"/> carry presentation content (<see cref="PowerDnsContent.FromStorage"/>).
    /// </summary>
    public static RRsetRow FromStored(string name, RecordType type, IEnumerable<(long Id, string Content, int Ttl, bool Disabled)> rows)
    {
        var ordered = rows.OrderBy(r => r.Content, StringComparer.Ordinal).ThenBy(r => r.Id).ToList();
        return new RRsetRow(
            name,
            type,
            ordered.Min(r => r.Ttl),
            ordered.Select(r => new RecordRow(r.Id, r.Content, r.Disabled)).ToList(),
            RRsetVersion.Compute(ordered.Select(r => (r.Content, r.Ttl, r.Disabled))));
    }
}

/// <summary>One record of an RRset. <see cref="Content"/> is in presentation form (MX/SRV include their priority).</summary>
public sealed record RecordRow(long Id, string Content, bool Disabled);
