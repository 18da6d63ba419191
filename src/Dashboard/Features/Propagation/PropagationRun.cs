using Dashboard.Dns;
using Dashboard.Live;

namespace Dashboard.Features.Propagation;

/// <summary>Where a region stands with one committed change.</summary>
public enum PropagationState
{
    /// <summary>The replica has not replayed the commit's WAL position yet; nothing is asked of its PowerDNS until it has.</summary>
    WaitingForReplay,

    /// <summary>Replayed: the region's caches are being flushed and its PowerDNS asked for the changed names.</summary>
    Confirming,

    /// <summary>The region's PowerDNS answered every changed name as the primary holds it.</summary>
    Visible,

    /// <summary>Not confirmed within the propagation timeout; still being watched.</summary>
    NotYetVisible,

    /// <summary>Not confirmed within the watch limit; no longer watched. Check the region by hand.</summary>
    GaveUp,
}

/// <summary>
/// What a commit must look like in DNS to count as visible: the changed RRsets as the primary holds them (absent
/// included: a deletion is confirmed by NXDOMAIN or NODATA), or, for a deleted zone, its apex no longer answered.
/// </summary>
/// <param name="Names">Names to flush from every region's caches before asking.</param>
/// <param name="ChangeId">The change's stored timeline (<see cref="Data.PowerDns.ZoneCommit.ChangeId"/>), saved as regions settle; null: kept in memory only.</param>
public sealed record PropagationTarget(string Zone, long? Serial, IReadOnlyList<RRsetKey> Expect, IReadOnlyCollection<string> Names, bool ZoneDeleted = false, Guid? ChangeId = null)
{
    /// <summary>At most this many RRsets are asked per region and attempt: past it, the zone's SOA (carrying the new serial) and the first ones.</summary>
    public const int MaxKeysAsked = 100;
}

/// <summary>One region's timeline for one change, each time counted from the COMMIT.</summary>
public sealed record RegionProgress(
    string Region,
    PropagationState State,
    TimeSpan? Replayed = null,
    TimeSpan? Flushed = null,
    TimeSpan? Visible = null,
    string? Detail = null,
    int Attempts = 0)
{
    /// <summary>Settled: visible, or a verdict that it is not (yet).</summary>
    public bool Settled => State is PropagationState.Visible or PropagationState.NotYetVisible or PropagationState.GaveUp;
}

/// <summary>Every region's progress with one change, at one moment.</summary>
public sealed record PropagationSnapshot(string Zone, long? Serial, DateTimeOffset CommittedAt, IReadOnlyList<RegionProgress> Regions)
{
    public bool AllVisible => Regions.All(r => r.State == PropagationState.Visible);

    public bool AllSettled => Regions.All(r => r.Settled);

    /// <summary>Each region's first verdict, as <see cref="RegionPropagation"/>s (visible, or why not).</summary>
    public IReadOnlyList<RegionPropagation> Verdicts =>
        [.. Regions.Select(r => new RegionPropagation(r.Region, r.State == PropagationState.Visible, r.Visible ?? r.Replayed ?? TimeSpan.Zero, r.State == PropagationState.Visible ? null : r.Detail))];
}

/// <summary>
/// One committed change making its way to every region, live: a <see cref="LiveStore{T}"/> of its snapshot, plus
/// tasks for "every region settled" (visible, or said to be not yet) and "watching ended". Made by
/// <see cref="PropagationTracker"/>; thread-safe.
/// </summary>
public sealed class PropagationRun
{
    private readonly TaskCompletionSource<PropagationSnapshot> _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<PropagationSnapshot> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<bool> _stored = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal PropagationRun(PropagationSnapshot initial, TimeProvider time)
    {
        Store = new LiveStore<PropagationSnapshot>(initial, time);
    }

    /// <summary>The run's snapshot, with subscriptions (throttled, like every live store).</summary>
    public LiveStore<PropagationSnapshot> Store { get; }

    public PropagationSnapshot Current => Store.Current;

    /// <summary>Completes once every region is visible or has been said not to be within the propagation timeout.</summary>
    public Task<PropagationSnapshot> Settled => _settled.Task;

    /// <summary>Completes when nothing is watched any more: every region visible, or given up.</summary>
    public Task<PropagationSnapshot> Ended => _ended.Task;

    /// <summary>
    /// Completes once the ended run has been saved with its change (true), or could not be (false: the stored timeline
    /// then shows the last state saved). Never completes for a run with no stored timeline.
    /// </summary>
    public Task<bool> Stored => _stored.Task;

    internal void MarkStored(bool saved) => _stored.TrySetResult(saved);

    internal void Set(RegionProgress progress)
    {
        Store.Update(s => s with { Regions = [.. s.Regions.Select(r => r.Region == progress.Region ? progress : r)] });
        var now = Store.Current;
        if (now.AllSettled)
        {
            _settled.TrySetResult(now);
        }
        if (now.Regions.All(r => r.State is PropagationState.Visible or PropagationState.GaveUp))
        {
            _ended.TrySetResult(now);
        }
    }

    /// <summary>A run already at <paramref name="snapshot"/> (for rendering tests).</summary>
    internal static PropagationRun Of(PropagationSnapshot snapshot, TimeProvider? time = null)
    {
        var run = new PropagationRun(snapshot with { Regions = [.. snapshot.Regions.Select(r => r with { State = PropagationState.WaitingForReplay })] }, time ?? TimeProvider.System);
        foreach (var region in snapshot.Regions)
        {
            run.Set(region);
        }
        return run;
    }
}
