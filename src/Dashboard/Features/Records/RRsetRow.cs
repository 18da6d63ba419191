using Dashboard.Dns;

namespace Dashboard.Features.Records;

/// <summary>
/// One RRset (name + type) as read for the grid, with the <see cref="Version"/> it had when read. A change set
/// remembers that version; applying it is refused if the RRset's version changed underneath.
/// </summary>
public sealed record RRsetRow(string Name, RecordType Type, int Ttl, IReadOnlyList<RecordRow> Records, string Version);

/// <summary>One record of an RRset. <see cref="Content"/> is in presentation form (MX/SRV include their priority).</summary>
public sealed record RecordRow(long Id, string Content, bool Disabled);
