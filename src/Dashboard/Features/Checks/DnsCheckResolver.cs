using System.Diagnostics;
using System.Globalization;
using Dashboard.Configuration;
using Dashboard.Dns;
using Dashboard.PowerDns;
using DnsClient;
using DnsClient.Protocol;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Checks;

/// <summary>Asks one region's PowerDNS one question. The seam tests replace; never throws for what the region does.</summary>
public interface ICheckResolver
{
    /// <summary>
    /// One query to <paramref name="region"/>'s PowerDNS. A region that does not answer within the query timeout (or
    /// cannot be reached) is a <see cref="CheckOutcome.Timeout"/> reply, not an exception; only the caller's own
    /// cancellation throws.
    /// </summary>
    Task<DnsReply> QueryAsync(RegionOptions region, string name, RecordType type, CancellationToken cancellationToken);
}

/// <summary>
/// DnsClient straight to each region's <see cref="RegionOptions.DnsEndpoint"/>: RD=0, no client cache, no retries, the
/// check's query timeout, TCP when an answer is truncated. Singleton; one <see cref="LookupClient"/> per region.
/// </summary>
public sealed class DnsCheckResolver : ICheckResolver
{
    private readonly Dictionary<string, LookupClient> _clients;
    private readonly TimeSpan _timeout;

    public DnsCheckResolver(IOptions<DashboardOptions> options)
    {
        _timeout = options.Value.Checks.QueryTimeout;
        _clients = options.Value.Regions.ToDictionary(r => r.Name, r => RegionDnsClient.Create(r, _timeout), StringComparer.OrdinalIgnoreCase);
    }

    public async Task<DnsReply> QueryAsync(RegionOptions region, string name, RecordType type, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await _clients[region.Name].QueryAsync(name, (QueryType)(int)type, QueryClass.IN, cancellationToken);
            var latency = Stopwatch.GetElapsedTime(started);
            var code = response.Header.ResponseCode;
            var answers = response.Answers.Select(ToRecord).OfType<CheckRecord>().ToList();
            if (answers.Count == 0 && type == RecordType.NS)
            {
                // A delegation: the parent answers NS for a child zone as a referral (authority section, AA clear).
                answers = [.. response.Authorities.OfType<NsRecord>().Select(ToRecord).OfType<CheckRecord>().Where(r => CheckRules.Names.Same(r.Owner, name))];
            }
            var outcome = code switch
            {
                DnsHeaderResponseCode.NoError => answers.Count > 0 ? CheckOutcome.NoError : CheckOutcome.NoData,
                DnsHeaderResponseCode.NotExistentDomain => CheckOutcome.NxDomain,
                DnsHeaderResponseCode.ServerFailure => CheckOutcome.ServFail,
                DnsHeaderResponseCode.Refused => CheckOutcome.Refused,
                _ => CheckOutcome.Other,
            };
            var soa = response.Authorities.OfType<SoaRecord>().Select(ToRecord).FirstOrDefault();
            return new DnsReply(outcome, code.ToString(), response.Header.HasAuthorityAnswer, answers, soa, latency);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            return new DnsReply(CheckOutcome.Timeout, "none", false, [], null, Stopwatch.GetElapsedTime(started), Describe(ex));
        }
    }

    private string Describe(Exception ex) => ex switch
    {
        DnsResponseException { Code: DnsResponseCode.ConnectionTimeout } or OperationCanceledException or TimeoutException =>
            $"no answer within {_timeout.TotalMilliseconds:0} ms",
        _ when ex.GetBaseException() is System.Net.Sockets.SocketException socket => $"no answer: {socket.SocketErrorCode switch
        {
            System.Net.Sockets.SocketError.ConnectionRefused => "connection refused",
            _ => socket.Message,
        }}",
        _ => $"no answer: {ex.GetBaseException().Message}",
    };

    private static CheckRecord? ToRecord(DnsResourceRecord record)
    {
        var owner = CheckRules.Names.Absolute(record.DomainName.Value);
        var ttl = record.InitialTimeToLive;
        CheckRecord Make(RecordType type, string content) => new(owner, type, ttl, content);
        static string N(DnsString name) => CheckRules.Names.Absolute(name.Value);
        static string I(long value) => value.ToString(CultureInfo.InvariantCulture);
        return record switch
        {
            ARecord a => Make(RecordType.A, a.Address.ToString()),
            AaaaRecord aaaa => Make(RecordType.AAAA, aaaa.Address.ToString()),
            CNameRecord cname => Make(RecordType.CNAME, N(cname.CanonicalName)),
            PtrRecord ptr => Make(RecordType.PTR, N(ptr.PtrDomainName)),
            NsRecord ns => Make(RecordType.NS, N(ns.NSDName)),
            MxRecord mx => Make(RecordType.MX, $"{I(mx.Preference)} {N(mx.Exchange)}"),
            SrvRecord srv => Make(RecordType.SRV, $"{I(srv.Priority)} {I(srv.Weight)} {I(srv.Port)} {N(srv.Target)}"),
            SoaRecord soa => Make(RecordType.SOA, $"{N(soa.MName)} {N(soa.RName)} {I(soa.Serial)} {I(soa.Refresh)} {I(soa.Retry)} {I(soa.Expire)} {I(soa.Minimum)}"),
            TxtRecord txt => Make(RecordType.TXT, string.Join(' ', txt.Text.Select(t => TxtCodec.Quote(System.Text.Encoding.UTF8.GetBytes(t))))),
            CaaRecord caa => Make(RecordType.CAA, $"{I(caa.Flags)} {caa.Tag.ToLowerInvariant()} \"{caa.Value}\""),
            _ => Enum.IsDefined((RecordType)(int)record.RecordType)
                ? Make((RecordType)(int)record.RecordType, record.ToString().Split(' ', 5, StringSplitOptions.RemoveEmptyEntries).Last())
                : null,
        };
    }
}
