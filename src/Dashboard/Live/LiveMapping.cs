using Dashboard.Client.Live;
using Dashboard.Dns;
using Dashboard.Features.Checks;
using Dashboard.Features.Regions;

namespace Dashboard.Live;

internal static class LiveMapping
{
    public static CheckEventDto ToDto(CheckEvent item) => item switch
    {
        CellChecked { Cell: var c } => new CheckEventDto(
            new CheckCellDto(c.Name, c.Type.Mnemonic(), c.Region, c.OutcomeText, c.Authoritative, c.LatencyMs,
                c.Answers.Select(a => new CheckRecordDto(a.Owner, a.Type.Mnemonic(), a.Ttl, a.Content)).ToList(),
                c.NegativeTtl, c.NegativeTtlText, CheckWords.Comparison(c.Comparison), c.Detail),
            null),
        MissesFlushed f => new CheckEventDto(null, new CheckFlushDto(f.Region, f.Target, f.Names, f.Succeeded, f.Error)),
        _ => throw new ArgumentOutOfRangeException(nameof(item), item.GetType().Name, "not a check event"),
    };

    public static RoutingDto ToDto(Features.Routing.RoutingView view) => new(
        view.HostedZoneId,
        view.HostedZone,
        [.. view.Entries.SelectMany(e => e.Routes).Select(r => new RoutingRouteDto(
            r.EntryName, r.SetIdentifier, r.AwsRegion, r.PlatformRegion, r.Set.Type, r.Target, r.Set.Ttl, r.Set.HealthCheckId, r.InRotation, r.RegionProblems))],
        [.. view.RecentChanges.Select(ToDto)],
        view.StandIn);

    public static RoutingChangeDto ToDto(Features.Routing.RoutingChangeRow c) =>
        new(c.Id, c.ChangeId, c.Kind.ToString(), c.Status.ToString(), c.ActorName, c.Summary, c.Reason, c.CreatedAt, c.SubmittedAt, c.InsyncAt, c.Error);

    public static RegionStatusDto ToDto(RegionStatus status) => new(
        status.Name,
        status.ConfiguredRole.ToString().ToLowerInvariant(),
        status.IsHealthy,
        status.Problems,
        status.CheckedAt,
        status.PowerDns.Version,
        status.Zones.Select(z => new ZoneSerialDto(z.Zone, z.IsAnswering, z.Serial)).ToList());
}
