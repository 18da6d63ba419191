using Dashboard.Configuration;
using Dashboard.Data;
using Dashboard.Data.PowerDns;
using Dashboard.Dns;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Regions;

/// <summary>The zones a probe asks about, and where the list came from when it is not the primary's current one.</summary>
public sealed record ZoneList(IReadOnlyList<string> Names, string? Note);

/// <summary>
/// Every zone in the database (PowerDNS's <c>domains</c> on the primary), for the region probes and the cache lint.
/// Singleton, thread-safe. The names are read on every probe (one small query, shared by the regions probed at the
/// same moment, bounded by half the probe timeout so the SOA queries keep the other half); while the primary cannot
/// answer, the last list read stands in, and before any, the configured zones (<c>Dashboard:Zones</c>), each with a
/// note saying so. The TTL facts of the lint (apex SOA, smallest TTL, tier policy: a scan of each zone's rows) are
/// read at most every <see cref="RegionProbe.ConfigMaxAge"/>.
/// </summary>
public sealed class ZoneCatalog(RegionDataSources dataSources, IOptions<DashboardOptions> options, TimeProvider time, ILogger<ZoneCatalog> logger)
{
    private static readonly string TtlsSql = $"""
        SELECT d.name, soa.content, soa.ttl, {PowerDnsSql.MinEnabledTtl("d.id")}, t.tier, p.min_ttl, p.max_ttl, p.max_negative_ttl, p.default_ttl
        FROM domains d
        LEFT JOIN LATERAL ({PowerDnsSql.ApexSoa("d.id", "d.name")}) soa ON true
        LEFT JOIN dashboard.zone_tiers t ON t.zone_name = d.name
        LEFT JOIN dashboard.tier_policies p ON p.tier = t.tier
        ORDER BY d.name
        """;

    private readonly Lock _lock = new();
    private Task<ZoneList>? _namesInFlight;
    private IReadOnlyList<string>? _lastNames;
    private DateTimeOffset _lastNamesAt;
    private (IReadOnlyList<ZoneTtls> Ttls, DateTimeOffset ReadAt)? _ttls;

    /// <summary>Every zone's name now; concurrent callers share one read. Never throws for an unreachable primary.</summary>
    public Task<ZoneList> NamesAsync(CancellationToken cancellationToken)
    {
        Task<ZoneList> reading;
        lock (_lock)
        {
            if (_namesInFlight is null || _namesInFlight.IsCompleted)
            {
                _namesInFlight = ReadNamesAsync();
            }
            reading = _namesInFlight;
        }
        return reading.WaitAsync(cancellationToken);
    }

    private async Task<ZoneList> ReadNamesAsync()
    {
        await Task.Yield();
        var bound = options.Value.ProbeTimeout / 2;
        try
        {
            var names = await BoundedRead.RunAsync(async token =>
            {
                var read = new List<string>();
                await using var command = dataSources.ProbeFor(dataSources.PrimaryName).CreateCommand(PowerDnsSql.ZoneNames);
                await using var reader = await command.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token))
                {
                    read.Add(reader.GetString(0));
                }
                return read;
            }, bound, time, CancellationToken.None);
            lock (_lock)
            {
                (_lastNames, _lastNamesAt) = (names, time.GetUtcNow());
            }
            return new ZoneList(names, null);
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "Zone list not read from the primary");
            lock (_lock)
            {
                return _lastNames is { } last
                    ? new ZoneList(last, $"zone list from {_lastNamesAt:HH:mm:ss} UTC: the primary did not answer ({(ex is TimeoutException ? $"no answer within {bound.TotalSeconds:0.###} s" : ex.GetType().Name)})")
                    : new ZoneList(options.Value.Zones.Select(z => DnsName.Normalize(z.Name)).ToList(), "configured zones only: the primary has not answered yet");
            }
        }
    }

    /// <summary>
    /// Every zone's TTL facts, read again when older than <paramref name="maxAge"/>; null when they were never read
    /// (the primary has not answered). A failed refresh keeps the last ones.
    /// </summary>
    public async Task<IReadOnlyList<ZoneTtls>?> TtlsAsync(TimeSpan maxAge, CancellationToken cancellationToken)
    {
        var cached = _ttls;
        if (cached is { } c && time.GetUtcNow() - c.ReadAt < maxAge)
        {
            return c.Ttls;
        }
        try
        {
            var zones = await BoundedRead.RunAsync(ReadTtlsAsync, options.Value.ProbeTimeout, time, cancellationToken);
            _ttls = (zones, time.GetUtcNow());
            return zones;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogDebug(ex, "Zone TTLs not read from the primary");
            return cached?.Ttls;
        }
    }

    private async Task<List<ZoneTtls>> ReadTtlsAsync(CancellationToken cancellationToken)
    {
        var zones = new List<ZoneTtls>();
        await using var command = dataSources.ProbeFor(dataSources.PrimaryName).CreateCommand(TtlsSql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var soa = reader.IsDBNull(1) ? null : SoaFields.TryParse(reader.GetString(1));
            ZonePolicy? policy = reader.IsDBNull(4) || reader.IsDBNull(5)
                ? null
                : new ZonePolicy(new TtlBounds(reader.GetInt32(5), reader.GetInt32(6), reader.GetString(4).ToLowerInvariant()), reader.GetInt32(7), reader.GetInt32(8));
            zones.Add(new ZoneTtls(
                reader.GetString(0),
                soa is null ? null : reader.GetInt32(2),
                soa?.Minimum,
                reader.IsDBNull(3) ? null : reader.GetInt32(3),
                policy));
        }
        return zones;
    }
}
