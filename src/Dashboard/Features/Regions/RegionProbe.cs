using System.Net;
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

    public RegionProbe(RegionDataSources dataSources, PowerDnsApiClient api, TimeProvider time, IOptions<DashboardOptions> options)
    {
        _dataSources = dataSources;
        _api = api;
        _time = time;
        _options = options.Value;
        _resolvers = _options.Regions.ToDictionary(r => r.Name, r => CreateResolver(r, _options.ProbeTimeout), StringComparer.OrdinalIgnoreCase);
    }

    public async Task<RegionStatus> ProbeAsync(RegionOptions region, CancellationToken cancellationToken)
    {
        var database = ProbeDatabaseAsync(region, cancellationToken);
        var powerDns = ProbePowerDnsAsync(region, cancellationToken);
        var zones = Task.WhenAll(_options.Zones.Select(z => ProbeSoaAsync(region, z.Name, cancellationToken)));
        await Task.WhenAll(database, powerDns, zones);
        return new RegionStatus(region.Name, region.Role, _time.GetUtcNow(), database.Result, powerDns.Result, zones.Result);
    }

    private async Task<DatabaseStatus> ProbeDatabaseAsync(RegionOptions region, CancellationToken cancellationToken)
    {
        var timeout = Timeout(cancellationToken);
        var attempt = new DatabaseAttempt();
        var query = QueryDatabaseAsync(region, attempt, timeout.Token);
        // The query owns the timeout source until it ends (a disposed source would never cancel it).
        _ = query.ContinueWith(_ => timeout.Dispose(), TaskScheduler.Default);
        try
        {
            // Npgsql cancels a statement on a hung server by asking the server and waiting for it (seconds more);
            // the probe's verdict does not wait for that: it is given at the probe timeout.
            return await query.WaitAsync(_options.ProbeTimeout, _time, cancellationToken);
        }
        catch (Exception ex) when (IsProbeFailure(ex, cancellationToken))
        {
            // Pooled connections to a database that went away are all broken; the next probe must start fresh.
            _dataSources.ProbeFor(region.Name).Clear();
            _dataSources.For(region.Name).Clear();
            // A query left running still ends at its own timeout; its failure is the one reported here.
            _ = query.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
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

    private async Task<ZoneSoaStatus> ProbeSoaAsync(RegionOptions region, string zone, CancellationToken cancellationToken)
    {
        // The SOA always exists at the apex, so this probe cannot leave a negative answer in PowerDNS's caches.
        try
        {
            var response = await _resolvers[region.Name].QueryAsync(zone, QueryType.SOA, QueryClass.IN, cancellationToken);
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

    private static LookupClient CreateResolver(RegionOptions region, TimeSpan timeout)
    {
        ValidateDashboardOptions.TryParseEndpoint(region.DnsEndpoint, out var endpoint);
        return new LookupClient(new LookupClientOptions(new NameServer(endpoint ?? new IPEndPoint(IPAddress.Loopback, 53)))
        {
            UseCache = false,
            Recursion = false,
            Retries = 0,
            Timeout = timeout,
            ThrowDnsErrors = false,
            UseTcpFallback = true,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
        });
    }
}
