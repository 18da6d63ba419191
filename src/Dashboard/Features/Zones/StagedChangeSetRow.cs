namespace Dashboard.Features.Zones;

/// <summary>
/// One user's staged change set for one zone, kept in <c>dashboard.staged_change_sets</c> until it is applied or
/// discarded, so a reload, a second tab or a restart shows the same set. <see cref="Version"/> changes with every
/// write: a tab that saves, discards or applies with an older version is refused instead of overwriting.
/// Written and read by <see cref="StagedChangeSetStore"/> only (the entity exists for the migration).
/// </summary>
public sealed class StagedChangeSetRow
{
    public string UserId { get; set; } = "";
    public string Zone { get; set; } = "";
    public Guid Version { get; set; }

    /// <summary>The staged RRsets and SOA edit as JSON (<see cref="StagedChangeSetStore"/> owns the format).</summary>
    public string Content { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }
}
