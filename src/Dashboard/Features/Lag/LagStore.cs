using Dashboard.Client.Live;
using Dashboard.Live;

namespace Dashboard.Features.Lag;

/// <summary>The latest sampling round: one sample per replica, in configuration order.</summary>
/// <param name="Round">Counts sampling rounds since start; 0 before the first.</param>
public sealed record LagSnapshot(IReadOnlyList<LagSampleDto> Latest, long Round, DateTimeOffset? At)
{
    public static readonly LagSnapshot Empty = new([], 0, null);
}

/// <summary>The latest replica lag (a <see cref="LiveStore{T}"/>), published by the sampler after every round. Singleton.</summary>
public sealed class LagStore(TimeProvider time) : LiveStore<LagSnapshot>(LagSnapshot.Empty, time);
