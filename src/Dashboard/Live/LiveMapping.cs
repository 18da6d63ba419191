using Dashboard.Client.Live;
using Dashboard.Features.Regions;

namespace Dashboard.Live;

internal static class LiveMapping
{
    public static RegionStatusDto ToDto(RegionStatus status) => new(
        status.Name,
        status.ConfiguredRole.ToString().ToLowerInvariant(),
        status.IsHealthy,
        status.Problems,
        status.CheckedAt,
        status.PowerDns.Version,
        status.Zones.Select(z => new ZoneSerialDto(z.Zone, z.IsAnswering, z.Serial)).ToList());
}
