using System.Net;
using Dashboard.Configuration;
using DnsClient;

namespace Dashboard.PowerDns;

/// <summary>
/// A DNS client that asks one region's PowerDNS directly, as an authoritative server: no recursion, no client cache,
/// no retries (a region that does not answer within <c>timeout</c> is the result), TCP when an answer is truncated.
/// DNS errors come back as response codes, never as exceptions.
/// </summary>
public static class RegionDnsClient
{
    public static LookupClient Create(RegionOptions region, TimeSpan timeout)
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
