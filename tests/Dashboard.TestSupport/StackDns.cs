using System.Net;
using Dashboard.Configuration;
using DnsClient;

namespace Dashboard.TestSupport;

/// <summary>Real DNS queries straight to one region's PowerDNS, with no client-side cache.</summary>
public static class StackDns
{
    public static LookupClient For(RegionOptions region)
    {
        var endpoint = IPEndPoint.Parse(region.DnsEndpoint);
        return new LookupClient(new LookupClientOptions(new NameServer(endpoint))
        {
            UseCache = false,
            Recursion = false,
            Retries = 0,
            Timeout = TimeSpan.FromSeconds(2),
            ThrowDnsErrors = false,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
        });
    }
}
