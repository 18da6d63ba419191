namespace Dashboard.Dns;

/// <summary>
/// Records parsed from a zone file (storage format) and errors prefixed with their line number
/// ("line 12: ..."). When <see cref="IsValid"/> is false, <see cref="Records"/> holds only the
/// records that parsed cleanly and must not be imported.
/// </summary>
public sealed record ZoneFileParseResult(IReadOnlyList<ZoneRecord> Records, IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
