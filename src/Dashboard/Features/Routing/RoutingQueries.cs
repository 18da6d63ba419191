using Dashboard.Client.Live;
using Dashboard.Configuration;
using Dashboard.Data;
using Dashboard.Features.Auth;
using Dashboard.Features.Lag;
using Dashboard.Features.Regions;
using Dashboard.Route53;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Routing;

/// <summary>
/// What the Routing page shows: each entry name's latency records as Route 53 has them now, the ones the dashboard took
/// out of rotation (kept to be put back), each platform region's trouble beside its record (a critical lag alert, a
/// region the probes find down), and the recent changes with their status. Readers: <see cref="Permission.ReadAll"/>.
/// </summary>
public sealed class RoutingQueries(RoutingZone zone, IDbContextFactory<DashboardDbContext> contexts, RegionChecks regions, AlertStore alerts, IOptions<DashboardOptions> options)
{
    public const int RecentChanges = 10;

    public async Task<RoutingView> LoadAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.Demand(Permission.ReadAll);
        var id = await zone.IdAsync(cancellationToken);
        var current = await zone.ReadEntriesAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var parked = await db.RoutingParked.AsNoTracking().Where(p => p.HostedZoneId == id).ToListAsync(cancellationToken);
        var recent = await RecentAsync(db, id, cancellationToken);
        var problems = Problems(actor);
        var entries = current.Select(e =>
        {
            var routes = RoutingZone.Latency(e.Value)
                .Select(s => Route(e.Key, s, true, null, problems))
                .Concat(parked.Where(p => p.Name == e.Key).Select(p => Route(e.Key, RoutingWords.FromJson<ResourceRecordSet>(p.Record), false, new RoutingParked(p.Id, p.ParkedAt, p.ParkedBy, p.Reason), problems)))
                .OrderBy(r => RegionOrder(r.PlatformRegion))
                .ThenBy(r => r.SetIdentifier, StringComparer.Ordinal)
                .ToList();
            return new RoutingEntry(e.Key, routes, [.. e.Value.Where(s => s.SetIdentifier is null || s.Region is null)]);
        }).ToList();
        return new RoutingView(id, zone.Name, entries, recent, zone.Options.StandIn);
    }

    /// <summary>The last <see cref="RecentChanges"/> changes of the hosted zone, newest first.</summary>
    public async Task<IReadOnlyList<RoutingChangeRow>> RecentAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.Demand(Permission.ReadAll);
        var id = await zone.IdAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await RecentAsync(db, id, cancellationToken);
    }

    private static async Task<IReadOnlyList<RoutingChangeRow>> RecentAsync(DashboardDbContext db, string id, CancellationToken cancellationToken) =>
        await db.RoutingChanges.AsNoTracking().Where(c => c.HostedZoneId == id).OrderByDescending(c => c.Id).Take(RecentChanges).ToListAsync(cancellationToken);

    private LatencyRoute Route(string entry, ResourceRecordSet set, bool inRotation, RoutingParked? parked, IReadOnlyDictionary<string, IReadOnlyList<string>> problems)
    {
        var platform = PlatformRegionOf(set);
        return new LatencyRoute(entry, set, inRotation, platform, platform is null ? [] : problems.GetValueOrDefault(platform, []), parked);
    }

    /// <summary>Where a platform region stands in <c>Dashboard:Regions</c> (the primary first), so the table reads as the Regions page does; records of no platform region last.</summary>
    private int RegionOrder(string? platformRegion)
    {
        var index = options.Value.Regions.FindIndex(r => string.Equals(r.Name, platformRegion, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? int.MaxValue : index;
    }

    /// <summary>The platform region whose AWS region the record names (<c>Dashboard:Routing:AwsRegions</c>), else the one named like its set identifier.</summary>
    public string? PlatformRegionOf(ResourceRecordSet set)
    {
        var byAws = zone.Options.AwsRegions.FirstOrDefault(m => string.Equals(m.Value, set.Region, StringComparison.OrdinalIgnoreCase)).Key;
        return byAws ?? options.Value.Regions.Select(r => r.Name).FirstOrDefault(r => string.Equals(r, set.SetIdentifier, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Per platform region, what would make an operator think of taking it out: an open lag or propagation alert (warning or critical), and what the region probes find wrong.</summary>
    private Dictionary<string, IReadOnlyList<string>> Problems(Actor actor)
    {
        var found = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var alert in alerts.Current.Where(a => a.ClosedAt is null).OrderByDescending(a => a.Severity))
        {
            Add(alert.Region, $"{(alert.Kind == AlertKind.Lag ? "replica lag" : "propagation")} {alert.Severity.ToString().ToLowerInvariant()}: {alert.Cause}");
        }
        foreach (var status in regions.Current(actor))
        {
            foreach (var problem in status.Problems)
            {
                Add(status.Name, problem);
            }
        }
        return found.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.OrdinalIgnoreCase);

        void Add(string region, string problem)
        {
            if (!found.TryGetValue(region, out var list))
            {
                found[region] = list = [];
            }
            list.Add(problem);
        }
    }
}
