using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace Dashboard.ApiClient;

/// <summary>The hand-written part of the client: making a <see cref="DashboardApiClient"/>, and the document it came from.</summary>
public static class DashboardApi
{
    private const string DocumentResource = "Dashboard.ApiClient.openapi.json";

    /// <summary>
    /// A client of the dashboard at <paramref name="baseAddress"/> that sends <paramref name="apiKey"/>
    /// (<c>dash_&lt;id&gt;_&lt;secret&gt;</c>) as a bearer token, to that host only, and only over https unless the host
    /// is loopback (a local dashboard: <c>./run.sh</c>'s, the tests'). The caller owns <paramref name="http"/> and
    /// disposes it after the client; the client holds nothing else.
    /// </summary>
    public static DashboardApiClient Create(HttpClient http, Uri baseAddress, string apiKey)
    {
        var adapter = new HttpClientRequestAdapter(new BearerKey(apiKey, baseAddress.Host), httpClient: http)
        {
            // The generated paths start with /api/v1; the document names no server (it would be the host it was fetched from).
            BaseUrl = baseAddress.GetLeftPart(UriPartial.Authority),
        };
        return new DashboardApiClient(adapter);
    }

    /// <summary>The OpenAPI document this client was generated from (<c>openapi.json</c>, embedded at build).</summary>
    public static string GeneratedFrom()
    {
        using var stream = typeof(DashboardApi).Assembly.GetManifestResourceStream(DocumentResource)
            ?? throw new InvalidOperationException($"{DocumentResource} is not embedded in {typeof(DashboardApi).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Kiota's <see cref="ApiKeyAuthenticationProvider"/> refuses plain http outright, local dashboards included; this
    /// keeps its rule (the key goes to its own host only, never in clear over a network) and lets loopback through.
    /// </summary>
    private sealed class BearerKey(string apiKey, string host) : IAuthenticationProvider
    {
        public Task AuthenticateRequestAsync(Microsoft.Kiota.Abstractions.RequestInformation request, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
        {
            var uri = request.URI;
            if (!string.Equals(uri.Host, host, StringComparison.OrdinalIgnoreCase))
            {
                return Task.CompletedTask;
            }
            if (uri.Scheme != Uri.UriSchemeHttps && !uri.IsLoopback)
            {
                throw new InvalidOperationException($"Refusing to send the API key in clear to {uri.Host}: use https.");
            }
            request.Headers.TryAdd("Authorization", $"Bearer {apiKey}");
            return Task.CompletedTask;
        }
    }
}
