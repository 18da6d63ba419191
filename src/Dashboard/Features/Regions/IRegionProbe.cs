using Dashboard.Configuration;

namespace Dashboard.Features.Regions;

/// <summary>Finds out how one region is. Never throws for a region that is down: that is a result, not an error.</summary>
public interface IRegionProbe
{
    Task<RegionStatus> ProbeAsync(RegionOptions region, CancellationToken cancellationToken);
}
