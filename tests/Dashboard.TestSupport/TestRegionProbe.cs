using Dashboard.Configuration;
using Dashboard.Features.Regions;

namespace Dashboard.TestSupport;

/// <summary>A region probe that touches no network: each region gets what <paramref name="answer"/> makes of it. Counts its calls.</summary>
public sealed class TestRegionProbe(Func<RegionOptions, RegionStatus> answer) : IRegionProbe
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public Task<RegionStatus> ProbeAsync(RegionOptions region, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult(answer(region));
    }
}
