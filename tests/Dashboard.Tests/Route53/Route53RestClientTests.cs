using System.Net;
using System.Text;
using Dashboard.Route53;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Route53;

public sealed class Route53RestClientTests
{
    private static readonly AwsCredentials Fixed = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token");

    private const string Throttling = """
        <ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>
        """;

    private const string ZonesPage = """
        <ListHostedZonesResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><HostedZones><HostedZone><Id>/hostedzone/Z1</Id><Name>example.com.</Name><CallerReference>c</CallerReference><Config><PrivateZone>false</PrivateZone></Config><ResourceRecordSetCount>3</ResourceRecordSetCount></HostedZone></HostedZones><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems></ListHostedZonesResponse>
        """;

    private const string Pending = """
        <ChangeResourceRecordSetsResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><ChangeInfo><Id>/change/C1</Id><Status>PENDING</Status><SubmittedAt>2026-12-01T10:00:00.000Z</SubmittedAt></ChangeInfo></ChangeResourceRecordSetsResponse>
        """;

    private static readonly ChangeBatch LatencyBatch = new([
        new Change(ChangeAction.Upsert, new ResourceRecordSet("client.example.com.", "A", 60, ["192.0.2.1"], "eu-west-1", "eu-west-1")),
    ]);

    // Real time, but quick: a request every millisecond and retries without waiting. Nothing here asserts on time.
    private static Route53RestClient Client(FakeRoute53Handler handler, IAwsCredentialSource? credentials = null, TimeProvider? time = null,
        double requestsPerSecond = 1000, int maxRetries = 3) =>
        new(new HttpClient(handler) { BaseAddress = new Uri("https://route53.amazonaws.com") },
            credentials ?? new FixedCredentials(Fixed),
            time ?? TimeProvider.System,
            Options.Create(new Route53Options { MaxRequestsPerSecond = requestsPerSecond, MaxRetries = maxRetries, RetryBaseDelay = TimeSpan.Zero, RetryMaxDelay = TimeSpan.Zero }),
            NullLogger<Route53RestClient>.Instance);

    [Fact]
    public async Task ListHostedZones_Request_SignedForRoute53InUsEast1()
    {
        var handler = new FakeRoute53Handler(_ => FakeRoute53Handler.Xml(HttpStatusCode.OK, ZonesPage));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        var client = Client(handler, time: time);

        var zones = await client.ListHostedZonesAsync(TestContext.Current.CancellationToken);

        zones.ShouldBe([new HostedZone("Z1", "example.com.", false, 3)]);
        var sent = handler.Sent.Single();
        sent.Method.ShouldBe("GET");
        sent.Uri.ShouldBe("https://route53.amazonaws.com/2013-04-01/hostedzone");
        sent.Header("X-Amz-Date").ShouldBe("20261201T100000Z");
        sent.Header("X-Amz-Security-Token").ShouldBe("session-token");
        sent.Header("Authorization")!.ShouldStartWith(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261201/us-east-1/route53/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=");
        sent.Header("Authorization").ShouldBe(ExpectedAuthorization(sent, time.GetUtcNow()));
    }

    [Fact]
    public async Task ChangeResourceRecordSets_Post_SignsTheExactBodySentAsTextXml()
    {
        var handler = new FakeRoute53Handler(_ => FakeRoute53Handler.Xml(HttpStatusCode.OK, Pending));
        var client = Client(handler);

        var info = await client.ChangeResourceRecordSetsAsync("/hostedzone/Z1", LatencyBatch, TestContext.Current.CancellationToken);

        info.ShouldBe(new ChangeInfo("C1", ChangeStatus.Pending, new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero)));
        var sent = handler.Sent.Single();
        sent.Method.ShouldBe("POST");
        sent.Uri.ShouldBe("https://route53.amazonaws.com/2013-04-01/hostedzone/Z1/rrset/");
        sent.ContentType.ShouldBe("text/xml");
        Encoding.UTF8.GetString(sent.Body!).ShouldBe(Route53Xml.WriteChangeResourceRecordSetsRequest(LatencyBatch));
        var date = DateTimeOffset.ParseExact(sent.Header("X-Amz-Date")!, "yyyyMMdd'T'HHmmss'Z'", null, System.Globalization.DateTimeStyles.AssumeUniversal);
        sent.Header("Authorization").ShouldBe(ExpectedAuthorization(sent, date));
    }

    [Fact]
    public async Task ListResourceRecordSets_Start_NameTypeIdentifierAndMaxItemsInTheQuery()
    {
        var handler = new FakeRoute53Handler(_ => FakeRoute53Handler.Xml(HttpStatusCode.OK,
            "<ListResourceRecordSetsResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><ResourceRecordSets/><IsTruncated>false</IsTruncated><MaxItems>5</MaxItems></ListResourceRecordSetsResponse>"));
        var client = Client(handler);

        var page = await client.ListResourceRecordSetsAsync("Z1", new RecordSetStart("*.example.com.", "A", "eu west"), 5, TestContext.Current.CancellationToken);

        page.Sets.ShouldBeEmpty();
        var sent = handler.Sent.Single();
        sent.Uri.ShouldBe("https://route53.amazonaws.com/2013-04-01/hostedzone/Z1/rrset?name=%2A.example.com.&type=A&identifier=eu%20west&maxitems=5");
        sent.Header("Authorization").ShouldBe(ExpectedAuthorization(sent, ParseAmzDate(sent)));
    }

    [Fact]
    public async Task ListHostedZones_Truncated_FollowsNextMarkerToTheEnd()
    {
        var handler = new FakeRoute53Handler(request => FakeRoute53Handler.Xml(HttpStatusCode.OK, request.RequestUri!.Query == ""
            ? ZonesPage.Replace("<IsTruncated>false</IsTruncated>", "<IsTruncated>true</IsTruncated><NextMarker>Z2</NextMarker>")
            : ZonesPage.Replace("Z1", "Z2").Replace("example.com.", "example.net.")));
        var client = Client(handler);

        var zones = await client.ListHostedZonesAsync(TestContext.Current.CancellationToken);

        zones.Select(z => z.Id).ShouldBe(["Z1", "Z2"]);
        handler.Sent.Select(s => s.Uri).ShouldBe([
            "https://route53.amazonaws.com/2013-04-01/hostedzone",
            "https://route53.amazonaws.com/2013-04-01/hostedzone?marker=Z2",
        ]);
    }

    [Fact]
    public async Task GetChange_Throttled_TwiceThenAnswered_SucceedsAfterThreeSendsEachSignedAnew()
    {
        var handler = new FakeRoute53Handler(_ => FakeRoute53Handler.Xml(HttpStatusCode.BadRequest, Throttling));
        handler.Answer = request => handler.Sent.Count <= 2
            ? FakeRoute53Handler.Xml(HttpStatusCode.BadRequest, Throttling)
            : FakeRoute53Handler.Xml(HttpStatusCode.OK, Pending.Replace("ChangeResourceRecordSetsResponse", "GetChangeResponse").Replace("PENDING", "INSYNC"));
        var credentials = new CountingCredentials();
        var client = Client(handler, credentials);

        var info = await client.GetChangeAsync("/change/C1", TestContext.Current.CancellationToken);

        info.Status.ShouldBe(ChangeStatus.Insync);
        handler.Sent.Count.ShouldBe(3);
        handler.Sent.ShouldAllBe(s => s.Uri == "https://route53.amazonaws.com/2013-04-01/change/C1");
        // Credentials asked again for each send, and each send signed with what it got.
        handler.Sent.Select(s => s.Header("Authorization")!.Split('/')[0]).ShouldBe([
            "AWS4-HMAC-SHA256 Credential=AKID1", "AWS4-HMAC-SHA256 Credential=AKID2", "AWS4-HMAC-SHA256 Credential=AKID3",
        ]);
    }

    [Fact]
    public async Task ChangeResourceRecordSets_InvalidChangeBatch_ThrownWithEveryMessageAndNotRetried()
    {
        var handler = new FakeRoute53Handler(_ => FakeRoute53Handler.Xml(HttpStatusCode.BadRequest, """
            <InvalidChangeBatch xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Messages>
            <Message>Tried to create resource record set [name='client.example.com.', type='A', set-identifier='eu-west-1'] but it already exists</Message>
            <Message>Tried to delete resource record set [name='old.example.com.', type='A'] but it was not found</Message>
            </Messages><RequestId>req-7</RequestId></InvalidChangeBatch>
            """));
        var client = Client(handler);

        var error = await Should.ThrowAsync<Route53Exception>(() => client.ChangeResourceRecordSetsAsync("Z1", LatencyBatch, TestContext.Current.CancellationToken));

        error.Code.ShouldBe("InvalidChangeBatch");
        error.StatusCode.ShouldBe(400);
        error.Messages.Count.ShouldBe(2);
        error.RequestId.ShouldBe("req-7");
        handler.Sent.Count.ShouldBe(1);
    }

    [Fact]
    public async Task ListHostedZones_ServiceUnavailableEveryTime_GivesUpAfterMaxRetries()
    {
        var handler = new FakeRoute53Handler(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("<html>busy</html>") });
        var client = Client(handler, maxRetries: 2);

        var error = await Should.ThrowAsync<Route53Exception>(() => client.ListHostedZonesAsync(TestContext.Current.CancellationToken));

        error.StatusCode.ShouldBe(503);
        error.Code.ShouldBe("HttpError");
        handler.Sent.Count.ShouldBe(3);
    }

    [Fact]
    public async Task ChangeResourceRecordSets_OverTheLimits_RefusedBeforeSending()
    {
        var handler = new FakeRoute53Handler(_ => FakeRoute53Handler.Xml(HttpStatusCode.OK, Pending));
        var client = Client(handler);
        var big = new ChangeBatch([new Change(ChangeAction.Upsert,
            new ResourceRecordSet("big.example.com.", "A", 60, Enumerable.Range(0, 501).Select(i => $"10.0.{i / 256}.{i % 256}").ToList()))]);

        var error = await Should.ThrowAsync<ArgumentException>(() => client.ChangeResourceRecordSetsAsync("Z1", big, TestContext.Current.CancellationToken));

        error.Message.ShouldContain("1,002 resource records");
        handler.Sent.ShouldBeEmpty();
    }

    [Fact]
    public async Task Requests_FasterThanTheRate_WaitForTheLimiter()
    {
        var handler = new FakeRoute53Handler(_ => FakeRoute53Handler.Xml(HttpStatusCode.OK, ZonesPage));
        var time = new FakeTimeProvider();
        var client = Client(handler, time: time, requestsPerSecond: 5);
        var cancellationToken = TestContext.Current.CancellationToken;

        await client.ListHostedZonesAsync(cancellationToken);
        var second = client.ListHostedZonesAsync(cancellationToken);
        var third = client.ListHostedZonesAsync(cancellationToken);

        handler.Sent.Count.ShouldBe(1);
        time.Advance(TimeSpan.FromMilliseconds(199));
        handler.Sent.Count.ShouldBe(1);
        second.IsCompleted.ShouldBeFalse();

        time.Advance(TimeSpan.FromMilliseconds(1));
        await second;
        handler.Sent.Count.ShouldBe(2);
        third.IsCompleted.ShouldBeFalse();

        time.Advance(TimeSpan.FromMilliseconds(200));
        await third;
        handler.Sent.Count.ShouldBe(3);
    }

    [Theory]
    [InlineData(5, 200)]
    [InlineData(1, 1000)]
    [InlineData(0.5, 2000)]
    [InlineData(3, 333.3334)]
    public void SpacingFor_Rate_OneRequestPerPeriod(double requestsPerSecond, double milliseconds)
    {
        Route53RestClient.SpacingFor(requestsPerSecond).TotalMilliseconds.ShouldBe(milliseconds, 0.0001);
    }

    [Theory]
    [InlineData(0, 0.5, 50)]
    [InlineData(3, 0.5, 400)]
    [InlineData(3, 0.0, 0)]
    [InlineData(10, 0.5, 10_000)]
    [InlineData(1000, 0.999, 19_980)]
    public void FullJitter_Attempt_UniformUpToTheDoubledCeilingCappedAtMax(int attempt, double random, double expectedMilliseconds)
    {
        Route53RestClient.FullJitter(attempt, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(20), random)
            .TotalMilliseconds.ShouldBe(expectedMilliseconds, 0.001);
    }

    [Fact]
    public void AddRoute53_Configured_OneClientForTheProcessWithTheEndpointBound()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dashboard:Routing:Route53:Endpoint"] = "http://127.0.0.1:8053",
            ["Dashboard:Routing:Route53:MaxRequestsPerSecond"] = "2",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddRoute53(configuration);
        using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IRoute53Client>();

        client.ShouldBeOfType<Route53RestClient>();
        provider.GetRequiredService<IRoute53Client>().ShouldBeSameAs(client);
        provider.GetRequiredService<IAwsCredentialSource>().ShouldBeOfType<SdkAwsCredentialSource>();
        var options = provider.GetRequiredService<IOptions<Route53Options>>().Value;
        options.Endpoint.ShouldBe(new Uri("http://127.0.0.1:8053"));
        options.MaxRequestsPerSecond.ShouldBe(2);
        options.SigningRegion.ShouldBe("us-east-1");
    }

    [Fact]
    public void ValidateRoute53Options_Nonsense_EveryProblemSaid()
    {
        var result = new ValidateRoute53Options().Validate(null, new Route53Options
        {
            Endpoint = new Uri("/relative", UriKind.Relative), SigningRegion = "", MaxRequestsPerSecond = 0, MaxRetries = -1,
            RetryBaseDelay = TimeSpan.FromSeconds(2), RetryMaxDelay = TimeSpan.FromSeconds(1), RequestTimeout = TimeSpan.Zero,
        });

        result.Failed.ShouldBeTrue();
        result.Failures!.Count().ShouldBe(6);
    }

    private static DateTimeOffset ParseAmzDate(SentRequest sent) =>
        DateTimeOffset.ParseExact(sent.Header("X-Amz-Date")!, "yyyyMMdd'T'HHmmss'Z'", null, System.Globalization.DateTimeStyles.AssumeUniversal);

    // What the signer makes of what the handler received: equal only if the bytes, path and query sent are the ones signed.
    private static string ExpectedAuthorization(SentRequest sent, DateTimeOffset time)
    {
        var uri = new Uri(sent.Uri);
        return SigV4Signer.Sign(
            new SigV4Request(sent.Method, uri.AbsolutePath, SigV4Signer.ParseQuery(uri.Query), [new("host", uri.Authority)], SigV4Signer.HashPayload(sent.Body ?? [])),
            Fixed, "us-east-1", "route53", time).Authorization;
    }

    private sealed class FixedCredentials(AwsCredentials credentials) : IAwsCredentialSource
    {
        public Task<AwsCredentials> GetAsync(CancellationToken cancellationToken) => Task.FromResult(credentials);
    }

    private sealed class CountingCredentials : IAwsCredentialSource
    {
        private int _calls;

        public Task<AwsCredentials> GetAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new AwsCredentials($"AKID{Interlocked.Increment(ref _calls)}", "secret", null));
    }
}

/// <summary>A request as the handler received it, its body read before the client disposes it.</summary>
internal sealed record SentRequest(string Method, string Uri, Dictionary<string, string> Headers, string? ContentType, byte[]? Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>Answers every request with <see cref="Answer"/> and keeps what was sent; touches no network.</summary>
internal sealed class FakeRoute53Handler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
{
    private readonly List<SentRequest> _sent = [];

    public Func<HttpRequestMessage, HttpResponseMessage> Answer { get; set; } = answer;

    public IReadOnlyList<SentRequest> Sent
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    public static HttpResponseMessage Xml(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "text/xml") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        lock (_sent)
        {
            _sent.Add(new SentRequest(request.Method.Method, request.RequestUri!.AbsoluteUri, headers, request.Content?.Headers.ContentType?.MediaType, body));
        }
        return Answer(request);
    }
}
