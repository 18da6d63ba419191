using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Dashboard.Configuration;
using Microsoft.Extensions.Options;

namespace Dashboard.PowerDns;

/// <summary>
/// Talks to one region's PowerDNS HTTP API. Reads and cache flushes work on every region; writes must go to the
/// primary's database instead (a replica-backed PowerDNS answers 500 on writes). Every call is bounded by
/// <see cref="DashboardOptions.PowerDnsApiTimeout"/> (the named client's timeout) and fails with a
/// <see cref="PowerDnsApiException"/> that says so.
/// </summary>
public sealed class PowerDnsApiClient(IHttpClientFactory httpClients, IOptions<DashboardOptions> options)
{
    public const string ApiKeyHeader = "X-API-Key";
    public const string HttpClientName = "powerdns";

    // A client per call from the factory: this type is a singleton and must not pin one handler forever.
    private HttpClient Http => httpClients.CreateClient(HttpClientName);

    /// <summary>Registers the named client with its timeout from the options, and the client itself.</summary>
    public static IServiceCollection AddTo(IServiceCollection services)
    {
        services.AddHttpClient(HttpClientName)
            .ConfigureHttpClient((sp, http) => http.Timeout = sp.GetRequiredService<IOptions<DashboardOptions>>().Value.PowerDnsApiTimeout);
        services.AddSingleton<PowerDnsApiClient>();
        return services;
    }

    /// <summary><c>GET /api/v1/servers/localhost</c>: the server's identity and version.</summary>
    public async Task<PowerDnsServerInfo> GetServerAsync(RegionOptions region, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(HttpMethod.Get, region, "api/v1/servers/localhost");
        using var response = await SendAsync(request, region, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<PowerDnsServerInfo>(cancellationToken)
            ?? throw new PowerDnsApiException("PowerDNS answered an empty server description.");
    }

    /// <summary>
    /// <c>GET /api/v1/servers/localhost/config</c>: every setting the server runs with, as PowerDNS spells it (name and
    /// value text; a setting left at its default is listed with the default). <see cref="PowerDnsCacheSettings"/>
    /// picks out the ones that matter to propagation.
    /// </summary>
    public async Task<IReadOnlyList<PowerDnsSetting>> GetConfigAsync(RegionOptions region, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(HttpMethod.Get, region, "api/v1/servers/localhost/config");
        using var response = await SendAsync(request, region, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<List<PowerDnsSetting>>(cancellationToken)
            ?? throw new PowerDnsApiException("PowerDNS answered an empty configuration.");
    }

    /// <summary>
    /// <c>PUT /api/v1/servers/localhost/cache/flush?domain=name.</c>: drops the packet, query and negative caches for
    /// the name. Returns how many cache entries were removed.
    /// </summary>
    public async Task<int> FlushCacheAsync(RegionOptions region, string name, CancellationToken cancellationToken)
    {
        var fqdn = name.EndsWith('.') ? name : name + ".";
        using var request = CreateRequest(HttpMethod.Put, region, $"api/v1/servers/localhost/cache/flush?domain={Uri.EscapeDataString(fqdn)}");
        using var response = await SendAsync(request, region, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        var result = await response.Content.ReadFromJsonAsync<FlushResult>(cancellationToken);
        return result?.Count ?? 0;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, RegionOptions region, CancellationToken cancellationToken)
    {
        try
        {
            return await Http.SendAsync(request, cancellationToken);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient's own timeout, not the caller's cancellation.
            throw new PowerDnsApiException($"PowerDNS API of {region.Name} timed out after {options.Value.PowerDnsApiTimeout.TotalSeconds:0.#} s", ex);
        }
    }

    private static HttpRequestMessage CreateRequest(HttpMethod method, RegionOptions region, string relative)
    {
        var request = new HttpRequestMessage(method, new Uri(new Uri(region.PowerDnsApiUrl.TrimEnd('/') + "/"), relative));
        request.Headers.Add(ApiKeyHeader, region.PowerDnsApiKey);
        return request;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        // The body is PowerDNS's error text; it never contains the key we sent.
        throw new PowerDnsApiException($"PowerDNS API answered {(int)response.StatusCode} {response.ReasonPhrase}: {Truncate(body, 200)}");
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max] + "…";

    private sealed record FlushResult([property: JsonPropertyName("count")] int Count);
}

public sealed record PowerDnsServerInfo(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("daemon_type")] string DaemonType,
    [property: JsonPropertyName("version")] string Version);

/// <summary>One entry of <c>/api/v1/servers/localhost/config</c>: a setting's name and its value as text.</summary>
public sealed record PowerDnsSetting(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("value")] string? Value);

public sealed class PowerDnsApiException(string message, Exception? inner = null) : Exception(message, inner);
