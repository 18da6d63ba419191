using System.Collections.Concurrent;
using Dashboard.Configuration;
using Dashboard.Data;
using Dashboard.PowerDns;
using DnsClient;
using DnsClient.Protocol;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dashboard.Features.Regions;

/// <summary>
/// Probes a region's three parts independently (database, PowerDNS API, DNS answers), so a failure of one never
/// hides the state of the others. Singleton; thread-safe.
/// </summary>
public sealed class RegionProbe : IRegionProbe
{
    private readonly RegionDataSources _dataSources;
    private readonly PowerDnsApiClient _api;
    private readonly TimeProvider _time;
    private readonly DashboardOptions _options;
    private readonly Dictionary<string, LookupClient> _resolvers;
    private readonly ZoneCatalog _zones;
    private readonly ConcurrentDictionary<string, (PowerDnsCacheSettings Settings, DateTimeOffset ReadAt)> _settings = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// How long a region's PowerDNS settings and the zones' TTL facts are kept before they are read again: settings
    /// rarely change, and the TTL facts scan every zone's rows. A failed settings read is retried on the next probe.
    /// </summary>
    public static readonly TimeSpan ConfigMaxAge = TimeSpan.FromMinutes(1);

    /// <summary>At most this many SOA queries in flight per region: many zones stay cheap for PowerDNS and for us.</summary>
    public const int SoaConcurrency = 16;

    public RegionProbe(RegionDataSources dataSources, PowerDnsApiClient api, ZoneCatalog zones, TimeProvider time, IOptions<DashboardOptions> options)
    {
        _zones = zones;
        _dataSources = dataSources;
        _api = api;
        _time = time;
        _options = options.Value;
        _resolvers = _options.Regions.ToDictionary(r => r.Name, r => RegionDnsClient.Create(r, _options.ProbeTimeout), StringComparer.OrdinalIgnoreCase);
    }

    public async Task<RegionStatus> ProbeAsync(RegionOptions region, CancellationToken cancellationToken)
    {
        var database = ProbeDatabaseAsync(region, cancellationToken);
        var powerDns = ProbePowerDnsAsync(region, cancellationToken);
        var config = ProbeConfigAsync(region, cancellationToken);
        var zones = ProbeZonesAsync(region, cancellationToken);
        await Task.WhenAll(database, powerDns, config, zones);
        return new RegionStatus(region.Name, region.Role, _time.GetUtcNow(), database.Result, powerDns.Result, zones.Result.Zones, config.Result, zones.Result.Note);
    }

    /// <summary>
    /// The SOA of every zone in the database (<see cref="ZoneCatalog"/>), at most <see cref="SoaConcurrency"/> queries
    /// at a time, all within one probe timeout: a zone whose turn has not come by then says so instead of stretching
    /// the probe by a timeout per zone when the region's DNS does not answer.
    /// </summary>
    private async Task<(IReadOnlyList<ZoneSoaStatus> Zones, string? Note)> ProbeZonesAsync(RegionOptions region, CancellationToken cancellationToken)
    {
        var list = await _zones.NamesAsync(cancellationToken);
        using var deadline = Timeout(cancellationToken);
        using var gate = new SemaphoreSlim(SoaConcurrency);
        var results = await Task.WhenAll(list.Names.Select(async zone =>
        {
            try
            {
                await gate.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new ZoneSoaStatus(zone, false, null, "none", $"not asked: the probe's {Seconds(_options.ProbeTimeout)} ran out before its turn");
            }
            try
            {
                return await ProbeSoaAsync(region, zone, deadline.Token, cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }));
        return (results, list.Note);
    }

    /// <summary>The region's cache settings (read again after <see cref="ConfigMaxAge"/>) and their lint against every zone.</summary>
    private async Task<RegionConfigStatus> ProbeConfigAsync(RegionOptions region, CancellationToken cancellationToken)
    {
        var ttls = _zones.TtlsAsync(ConfigMaxAge, cancellationToken);
        (PowerDnsCacheSettings Settings, DateTimeOffset ReadAt) settings;
        if (_settings.TryGetValue(region.Name, out var cached) && _time.GetUtcNow() - cached.ReadAt < ConfigMaxAge)
        {
            settings = cached;
        }
        else
        {
            using var timeout = Timeout(cancellationToken);
            try
            {
                settings = (PowerDnsCacheSettings.From(await _api.GetConfigAsync(region, timeout.Token)), _time.GetUtcNow());
                _settings[region.Name] = settings;
            }
            catch (Exception ex) when (IsProbeFailure(ex, cancellationToken))
            {
                // A PowerDNS that does not answer shows it: the settings it had are not shown as if read now.
                _settings.TryRemove(region.Name, out _);
                await ttls;
                return RegionConfigStatus.NotRead($"settings not read: {Describe(ex)}");
            }
        }
        var zones = await ttls;
        IReadOnlyList<LintFinding> lint = zones is null
            ? [new LintFinding(LintSeverity.Warning, "zones", "the zones' TTLs could not be read from the primary yet; only the settings are shown")]
            : CacheLint.Check(settings.Settings, zones);
        return new RegionConfigStatus(settings.Settings, settings.ReadAt, null, lint);
    }

    private async Task<DatabaseStatus> ProbeDatabaseAsync(RegionOptions region, CancellationToken cancellationToken)
    {
        var attempt = new DatabaseAttempt();
        try
        {
            // The verdict comes at the probe timeout, not when Npgsql's cancellation of a hung statement gives up.
            return await BoundedRead.RunAsync(token => QueryDatabaseAsync(region, attempt, token), _options.ProbeTimeout, _time, cancellationToken);
        }
        catch (Exception ex) when (IsProbeFailure(ex, cancellationToken))
        {
            // Pooled connections to a database that went away are all broken; the next probe must start fresh.
            _dataSources.ProbeFor(region.Name).Clear();
            _dataSources.For(region.Name).Clear();
            return DatabaseStatus.Down(IsTimeout(ex) && attempt.Connected
                ? $"hung: connected, but no answer to a query (timed out after {Seconds(_options.ProbeTimeout)})"
                : Describe(ex));
        }
    }

    private async Task<DatabaseStatus> QueryDatabaseAsync(RegionOptions region, DatabaseAttempt attempt, CancellationToken cancellationToken)
    {
        // The probe's own pool: sign-in or page load cannot take every connection it needs.
        await using var connection = await _dataSources.ProbeFor(region.Name).OpenConnectionAsync(cancellationToken);
        attempt.Connected = true;
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT pg_is_in_recovery(),
                   CASE WHEN pg_is_in_recovery()
                        THEN (SELECT coalesce(max(status), 'no WAL receiver') FROM pg_stat_wal_receiver)
                             || ', replayed to ' || coalesce(pg_last_wal_replay_lsn()::text, '?')
                        ELSE (SELECT coalesce(string_agg(application_name || ' ' || coalesce(state, '?'), ', ' ORDER BY application_name), 'no replicas connected')
                              FROM pg_stat_replication)
                   END
            """;
        // The probe's statement has the probe's own bound, not the general command timeout.
        command.CommandTimeout = Math.Max(1, (int)Math.Ceiling(_options.ProbeTimeout.TotalSeconds));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var inRecovery = reader.GetBoolean(0);
        var detail = reader.IsDBNull(1) ? null : reader.GetString(1);
        return new DatabaseStatus(true, inRecovery ? RegionRole.Replica : RegionRole.Primary, detail, null);
    }

    /// <summary>How far one database probe got: connected means the server accepted us and then did not answer.</summary>
    private sealed class DatabaseAttempt
    {
        public volatile bool Connected;
    }

    private async Task<PowerDnsStatus> ProbePowerDnsAsync(RegionOptions region, CancellationToken cancellationToken)
    {
        using var timeout = Timeout(cancellationToken);
        try
        {
            var server = await _api.GetServerAsync(region, timeout.Token);
            return new PowerDnsStatus(true, server.Version, null);
        }
        catch (Exception ex) when (IsProbeFailure(ex, cancellationToken))
        {
            return PowerDnsStatus.Down(Describe(ex));
        }
    }

    private async Task<ZoneSoaStatus> ProbeSoaAsync(RegionOptions region, string zone, CancellationToken queryToken, CancellationToken cancellationToken)
    {
        // The SOA always exists at the apex, so this probe cannot leave a negative answer in PowerDNS's caches.
        try
        {
            var response = await _resolvers[region.Name].QueryAsync(zone, QueryType.SOA, QueryClass.IN, queryToken);
            var code = response.Header.ResponseCode;
            var soa = response.Answers.OfType<SoaRecord>().FirstOrDefault();
            if (code != DnsHeaderResponseCode.NoError)
            {
                return new ZoneSoaStatus(zone, false, null, code.ToString(), $"answered {ResponseCodeName(code)}");
            }
            if (soa is null || !response.Header.HasAuthorityAnswer)
            {
                return new ZoneSoaStatus(zone, false, null, code.ToString(), "no authoritative SOA in the answer");
            }
            return new ZoneSoaStatus(zone, true, soa.Serial, code.ToString(), null);
        }
        catch (Exception ex) when (IsProbeFailure(ex, cancellationToken))
        {
            return new ZoneSoaStatus(zone, false, null, "none", Describe(ex));
        }
    }

    private static string ResponseCodeName(DnsHeaderResponseCode code) => code switch
    {
        DnsHeaderResponseCode.ServerFailure => "SERVFAIL",
        DnsHeaderResponseCode.NotExistentDomain => "NXDOMAIN",
        DnsHeaderResponseCode.Refused => "REFUSED (zone not loaded)",
        _ => code.ToString().ToUpperInvariant(),
    };

    private CancellationTokenSource Timeout(CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(_options.ProbeTimeout);
        return source;
    }

    // Anything but the caller's own cancellation is a finding about the region, not a bug.
    private static bool IsProbeFailure(Exception ex, CancellationToken cancellationToken) =>
        !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested);

    private static bool IsTimeout(Exception ex) =>
        ex is OperationCanceledException or TimeoutException || ex.InnerException is TimeoutException;

    private static string Seconds(TimeSpan value) => $"{value.TotalSeconds:0.###} s";

    private string Describe(Exception ex) => ex switch
    {
        _ when IsTimeout(ex) => $"timed out after {Seconds(_options.ProbeTimeout)}",
        NpgsqlException { InnerException: System.Net.Sockets.SocketException socket } => socket.SocketErrorCode switch
        {
            System.Net.Sockets.SocketError.ConnectionRefused => "connection refused",
            _ => socket.Message,
        },
        PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow } pg =>
            $"database shutting down or starting up ({pg.SqlState}: {pg.MessageText})",
        PostgresException pg => $"{pg.SqlState}: {pg.MessageText}",
        HttpRequestException { InnerException: System.Net.Sockets.SocketException } => "connection refused",
        DnsResponseException dns when dns.Code == DnsResponseCode.ConnectionTimeout => $"no DNS answer (timed out after {Seconds(_options.ProbeTimeout)})",
        _ => ex.Message,
    };
}
