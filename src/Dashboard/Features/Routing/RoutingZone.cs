using Dashboard.Configuration;
using Dashboard.Route53;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Routing;

/// <summary>Routing is not configured, or its hosted zone is not in the account: said in words on the page.</summary>
public sealed class RoutingNotConfiguredException(string message) : Exception(message);

/// <summary>
/// The configured hosted zone and entry names, and their record sets as Route 53 has them now. The zone's id is looked
/// up once by name (ListHostedZones) unless configured. Singleton.
/// </summary>
public sealed class RoutingZone(IRoute53Client client, IOptions<DashboardOptions> options)
{
    private readonly SemaphoreSlim _lookup = new(1, 1);
    private string? _id;

    public RoutingOptions Options => options.Value.Routing;

    /// <summary>The entry names, absolute and lower case.</summary>
    public IReadOnlyList<string> EntryNames => [.. Options.EntryNames.Select(RoutingWords.Absolute).Distinct(StringComparer.Ordinal)];

    /// <summary>The hosted zone's name as configured ("tunnel.test."), or its id when only that is configured.</summary>
    public string Name => string.IsNullOrWhiteSpace(Options.HostedZone) ? Options.HostedZoneId ?? "" : RoutingWords.Absolute(Options.HostedZone);

    public async Task<string> IdAsync(CancellationToken cancellationToken)
    {
        if (!Options.IsConfigured)
        {
            throw new RoutingNotConfiguredException("Route 53 routing is not configured: set Dashboard:Routing:HostedZone (or HostedZoneId) and EntryNames.");
        }
        if (!string.IsNullOrWhiteSpace(Options.HostedZoneId))
        {
            return Options.HostedZoneId.Trim();
        }
        if (Volatile.Read(ref _id) is { } known)
        {
            return known;
        }
        await _lookup.WaitAsync(cancellationToken);
        try
        {
            if (_id is null)
            {
                var zones = await client.ListHostedZonesAsync(cancellationToken);
                var match = zones.Where(z => RoutingWords.Absolute(z.Name) == Name).OrderBy(z => z.PrivateZone).FirstOrDefault()
                    ?? throw new RoutingNotConfiguredException($"Route 53 has no hosted zone named {Name} in this account ({zones.Count} zone(s) listed).");
                Volatile.Write(ref _id, match.Id);
            }
            return _id;
        }
        finally
        {
            _lookup.Release();
        }
    }

    /// <summary>Every record set at each entry name (read page by page from the entry name on, until the names move past it).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<ResourceRecordSet>>> ReadEntriesAsync(CancellationToken cancellationToken)
    {
        var id = await IdAsync(cancellationToken);
        var result = new Dictionary<string, IReadOnlyList<ResourceRecordSet>>(StringComparer.Ordinal);
        foreach (var entry in EntryNames)
        {
            var sets = new List<ResourceRecordSet>();
            RecordSetStart? start = new(entry);
            while (start is not null)
            {
                var page = await client.ListResourceRecordSetsAsync(id, start, 100, cancellationToken);
                var here = page.Sets.Where(s => RoutingWords.Absolute(s.Name) == entry).ToList();
                sets.AddRange(here);
                // Listed in order from the entry name: a page that ends past it ends the entry's sets.
                start = page.IsTruncated && here.Count == page.Sets.Count ? page.Next : null;
            }
            result[entry] = sets;
        }
        return result;
    }

    /// <summary>The latency records (set identifier and region) among <paramref name="sets"/>.</summary>
    public static IReadOnlyList<ResourceRecordSet> Latency(IEnumerable<ResourceRecordSet> sets) =>
        [.. sets.Where(s => s.SetIdentifier is not null && s.Region is not null)];
}
