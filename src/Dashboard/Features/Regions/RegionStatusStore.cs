using Dashboard.Live;

namespace Dashboard.Features.Regions;

/// <summary>The latest status of every region, from the probe that started last.</summary>
/// <param name="Regions">One status per configured region; empty until the first probe finished.</param>
/// <param name="ProbeStartedAt">When the probe that produced <paramref name="Regions"/> started; null until then.</param>
/// <param name="UpdatedAt">When that probe finished and was published; null until then.</param>
public sealed record RegionSnapshot(IReadOnlyList<RegionStatus> Regions, DateTimeOffset? ProbeStartedAt, DateTimeOffset? UpdatedAt)
{
    public static readonly RegionSnapshot Empty = new([], null, null);
}

/// <summary>The latest status of every region (a <see cref="LiveStore{T}"/>). Singleton.</summary>
public sealed class RegionStatusStore(TimeProvider time) : LiveStore<RegionSnapshot>(RegionSnapshot.Empty, time)
{
    /// <summary>
    /// Publishes the result of a probe that started at <paramref name="startedAt"/>, unless a probe that started later
    /// was published already: an older result never overwrites a newer one. Returns whether it was published.
    /// </summary>
    public bool Publish(IReadOnlyList<RegionStatus> statuses, DateTimeOffset startedAt, DateTimeOffset finishedAt) =>
        Update(current => current.ProbeStartedAt is { } newest && newest > startedAt
            ? current
            : new RegionSnapshot(statuses, startedAt, finishedAt));
}
