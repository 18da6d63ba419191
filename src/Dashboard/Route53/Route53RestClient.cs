using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Dashboard.Route53;

/// <summary>
/// Route 53's REST/XML API over HTTP, signed with SigV4, for where AWSSDK.Route53 is not available. One instance is
/// meant to serve the whole process (a singleton): its pacer (a one-token bucket) spaces every request of every caller at
/// <see cref="Route53Options.MaxRequestsPerSecond"/>, and its retry pipeline is built once. Each send, retries
/// included, waits its turn and is signed anew (new date, current credentials). The caller owns cancellation; the
/// HttpClient belongs to whoever gave it (the container's factory).
/// </summary>
public sealed class Route53RestClient : IRoute53Client
{
    public const string ApiVersion = "2013-04-01";
    public const string SigningService = "route53";
    public const string HttpClientName = "route53";

    /// <summary>Calls waiting their turn beyond this many are refused at once rather than queued without end.</summary>
    public const int MaxQueuedRequests = 1_000;

    private readonly HttpClient _http;
    private readonly IAwsCredentialSource _credentials;
    private readonly TimeProvider _time;
    private readonly ILogger<Route53RestClient> _logger;
    private readonly Uri _endpoint;
    private readonly string _signingRegion;
    private readonly RequestPacer _pacer;
    private readonly ResiliencePipeline _pipeline;

    public Route53RestClient(HttpClient http, IAwsCredentialSource credentials, TimeProvider time, IOptions<Route53Options> options, ILogger<Route53RestClient> logger)
    {
        var o = options.Value;
        _http = http;
        _credentials = credentials;
        _time = time;
        _logger = logger;
        _endpoint = http.BaseAddress ?? o.Endpoint;
        _signingRegion = o.SigningRegion;

        // Evenly spaced, never in a burst: the account's five requests a second are shared with everyone else using it.
        _pacer = new RequestPacer(time, SpacingFor(o.MaxRequestsPerSecond), MaxQueuedRequests);

        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (o.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Route53Exception>(e => e.IsRetryable),
                MaxRetryAttempts = o.MaxRetries,
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    FullJitter(args.AttemptNumber, o.RetryBaseDelay, o.RetryMaxDelay, Random.Shared.NextDouble())),
                OnRetry = args =>
                {
                    _logger.LogInformation("Route 53 answered {Code}; sending again in {Delay} ms (retry {Retry} of {MaxRetries})",
                        (args.Outcome.Exception as Route53Exception)?.Code, (long)args.RetryDelay.TotalMilliseconds, args.AttemptNumber + 1, o.MaxRetries);
                    return ValueTask.CompletedTask;
                },
            });
        }
        _pipeline = builder.Build();
    }

    /// <summary>The time between two requests at <paramref name="requestsPerSecond"/>.</summary>
    public static TimeSpan SpacingFor(double requestsPerSecond) => TimeSpan.FromTicks((long)Math.Ceiling(TimeSpan.TicksPerSecond / requestsPerSecond));

    /// <summary>
    /// "Full jitter" backoff: a uniformly random wait between 0 and min(max, base x 2^attempt), <paramref name="random"/>
    /// in [0, 1). Spreads the retries of callers throttled together instead of sending them back in step.
    /// </summary>
    public static TimeSpan FullJitter(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, double random)
    {
        var ceiling = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30)));
        return TimeSpan.FromMilliseconds(ceiling * random);
    }

    public async Task<IReadOnlyList<HostedZone>> ListHostedZonesAsync(CancellationToken cancellationToken)
    {
        var zones = new List<HostedZone>();
        string? marker = null;
        var markers = new HashSet<string>();
        while (true)
        {
            var path = $"/{ApiVersion}/hostedzone" + (marker is null ? "" : "?marker=" + SigV4Signer.UriEncode(marker));
            var page = Route53Xml.ParseListHostedZones(await SendAsync(HttpMethod.Get, path, null, cancellationToken));
            zones.AddRange(page.Zones);
            if (!page.IsTruncated)
            {
                return zones;
            }
            if (page.NextMarker is null || !markers.Add(page.NextMarker))
            {
                throw new FormatException($"Route 53 said the hosted zone list goes on but gave no new marker (after {zones.Count} zones).");
            }
            marker = page.NextMarker;
        }
    }

    public async Task<ResourceRecordSetPage> ListResourceRecordSetsAsync(string hostedZoneId, RecordSetStart? start, int? maxItems, CancellationToken cancellationToken)
    {
        if (maxItems is < 1 or > 300)
        {
            throw new ArgumentOutOfRangeException(nameof(maxItems), maxItems, "Route 53 lists 1 to 300 record sets a page.");
        }
        var query = new List<string>();
        if (start is not null)
        {
            query.Add("name=" + SigV4Signer.UriEncode(start.Name));
            if (start.Type is not null)
            {
                query.Add("type=" + SigV4Signer.UriEncode(start.Type));
            }
            if (start.Identifier is not null)
            {
                query.Add("identifier=" + SigV4Signer.UriEncode(start.Identifier));
            }
        }
        if (maxItems is { } max)
        {
            query.Add("maxitems=" + max.ToString(CultureInfo.InvariantCulture));
        }
        var path = $"/{ApiVersion}/hostedzone/{ZoneSegment(hostedZoneId)}/rrset" + (query.Count == 0 ? "" : "?" + string.Join('&', query));
        return Route53Xml.ParseListResourceRecordSets(await SendAsync(HttpMethod.Get, path, null, cancellationToken));
    }

    /// <summary>
    /// Sends the batch. A batch over Route 53's limits (<see cref="ChangeBatchLimits"/>) is refused before sending,
    /// with an <see cref="ArgumentException"/> naming every limit it breaks: that is the caller's mistake, not Route 53's answer.
    /// </summary>
    public async Task<ChangeInfo> ChangeResourceRecordSetsAsync(string hostedZoneId, ChangeBatch batch, CancellationToken cancellationToken)
    {
        var errors = ChangeBatchLimits.Validate(batch);
        if (errors.Count > 0)
        {
            throw new ArgumentException("The change batch was not sent to Route 53: " + string.Join(" ", errors), nameof(batch));
        }
        var body = Encoding.UTF8.GetBytes(Route53Xml.WriteChangeResourceRecordSetsRequest(batch));
        var path = $"/{ApiVersion}/hostedzone/{ZoneSegment(hostedZoneId)}/rrset/";
        return Route53Xml.ParseChangeInfo(await SendAsync(HttpMethod.Post, path, body, cancellationToken));
    }

    public async Task<ChangeInfo> GetChangeAsync(string changeId, CancellationToken cancellationToken)
    {
        var id = changeId.StartsWith("/change/", StringComparison.Ordinal) ? changeId["/change/".Length..] : changeId;
        return Route53Xml.ParseChangeInfo(await SendAsync(HttpMethod.Get, $"/{ApiVersion}/change/{SigV4Signer.UriEncode(id)}", null, cancellationToken));
    }

    private static string ZoneSegment(string hostedZoneId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hostedZoneId);
        var id = hostedZoneId.StartsWith("/hostedzone/", StringComparison.Ordinal) ? hostedZoneId["/hostedzone/".Length..] : hostedZoneId;
        return SigV4Signer.UriEncode(id);
    }

    private async Task<string> SendAsync(HttpMethod method, string pathAndQuery, byte[]? body, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(
            static async (state, token) => await state.Client.SendOnceAsync(state.Method, state.PathAndQuery, state.Body, token),
            (Client: this, Method: method, PathAndQuery: pathAndQuery, Body: body),
            cancellationToken);

    private async Task<string> SendOnceAsync(HttpMethod method, string pathAndQuery, byte[]? body, CancellationToken cancellationToken)
    {
        await _pacer.WaitTurnAsync(cancellationToken);
        var credentials = await _credentials.GetAsync(cancellationToken);

        using var request = new HttpRequestMessage(method, new Uri(_endpoint, pathAndQuery));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/xml");
        }
        SigV4Signer.Sign(request, body ?? [], credentials, _signingRegion, SigningService, _time.GetUtcNow());

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return text;
        }
        var requestId = response.Headers.TryGetValues("x-amzn-RequestId", out var values) ? values.FirstOrDefault() : null;
        throw Route53Xml.ParseError((int)response.StatusCode, text, requestId);
    }
}
