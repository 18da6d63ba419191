using Dashboard.Features.Auth;

namespace Dashboard.Features.Regions;

/// <summary>Region probes on demand, for whoever may run checks: the page's button and the hub both come here.</summary>
public sealed class RegionChecks(RegionMonitor monitor, RegionStatusStore store)
{
    public IReadOnlyList<RegionStatus> Current(Actor actor)
    {
        actor.Demand(Permission.ReadAll);
        return store.Current.Regions;
    }

    public Task<IReadOnlyList<RegionStatus>> CheckNowAsync(Actor actor, CancellationToken cancellationToken)
    {
        // A probe returns every region's status, which is for readers: RunChecks alone (Abuse) does not see it.
        actor.Demand(Permission.ReadAll);
        actor.Demand(Permission.RunChecks);
        return monitor.ProbeAllAsync(cancellationToken);
    }
}
