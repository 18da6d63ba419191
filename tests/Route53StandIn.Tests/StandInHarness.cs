using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using Microsoft.Extensions.Time.Testing;

namespace Route53StandIn.Tests;

/// <summary>
/// One stand-in on a free port with a fake clock, and a raw HttpClient that adds a well-shaped SigV4 Authorization
/// header by hand (a fixed fake signature: the stand-in checks the shape only). Requests and XML are written here
/// without the stand-in's own code, so that the tests check its answers rather than agree with it.
/// </summary>
internal sealed class StandInHarness : IAsyncDisposable
{
    public static readonly XNamespace Ns = "https://route53.amazonaws.com/doc/2013-04-01/";
    public static readonly string FakeSignature = new('a', 64);
    public const string ZoneName = "example.test.";

    private StandInHarness(StandInServer server, FakeTimeProvider time, List<string> log)
    {
        Server = server;
        Time = time;
        Log = log;
        Http = new HttpClient { BaseAddress = server.BaseAddress };
    }

    public StandInServer Server { get; }
    public FakeTimeProvider Time { get; }
    public HttpClient Http { get; }
    public List<string> Log { get; }
    public string ZoneId => Server.ZoneId(ZoneName);

    /// <summary>
    /// example.test. with two latency A sets for a.example.test. (eu, us) beside the default SOA and NS. A generous
    /// rate unless a test is about throttling (the fake clock does not move by itself).
    /// </summary>
    public static async Task<StandInHarness> StartAsync(int maxRequestsPerSecond = 1000, TimeSpan? pendingFor = null,
        StandInFailures? failures = null, params StandInRecordSet[] extraSets)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var log = new List<string>();
        var options = new StandInOptions
        {
            PendingFor = pendingFor ?? TimeSpan.FromSeconds(60),
            MaxRequestsPerSecond = maxRequestsPerSecond,
            TimeProvider = time,
            Failures = failures,
            Log = line => { lock (log) { log.Add(line); } },
            Zones =
            [
                new StandInZone(ZoneName,
                [
                    StandInRecordSet.Latency("a.example.test.", "A", "eu", "eu-west-1", 60, "192.0.2.20"),
                    StandInRecordSet.Latency("a.example.test.", "A", "us", "us-east-1", 60, "192.0.2.10"),
                    .. extraSets,
                ]),
            ],
        };
        var server = await StandInServer.StartAsync(options, TestContext.Current.CancellationToken);
        return new StandInHarness(server, time, log);
    }

    /// <summary>A request with Authorization (AWS4-HMAC-SHA256, scope today/us-east-1/route53) and X-Amz-Date at the fake clock.</summary>
    public HttpRequestMessage Signed(HttpMethod method, string path, string? body = null, DateTimeOffset? signedAt = null)
    {
        var at = (signedAt ?? Time.GetUtcNow()).UtcDateTime;
        var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", at.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential=AKIDSTANDINTEST/{at:yyyyMMdd}/us-east-1/route53/aws4_request, SignedHeaders=host;x-amz-date, Signature={FakeSignature}");
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "text/xml");
        }
        return request;
    }

    public async Task<(HttpStatusCode Status, XElement Body)> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await Http.SendAsync(request, TestContext.Current.CancellationToken);
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            return (response.StatusCode, XElement.Parse(text));
        }
    }

    public Task<(HttpStatusCode Status, XElement Body)> GetAsync(string path) => SendAsync(Signed(HttpMethod.Get, path));

    public Task<(HttpStatusCode Status, XElement Body)> ChangeAsync(string body, string? zoneId = null) =>
        SendAsync(Signed(HttpMethod.Post, $"2013-04-01/hostedzone/{zoneId ?? ZoneId}/rrset/", body));

    /// <summary>Every record set of the zone, through ListResourceRecordSets, as (name, type, set identifier, TTL, values).</summary>
    public async Task<List<(string Name, string Type, string? SetIdentifier, string? Ttl, string Values)>> ListAllAsync()
    {
        var (status, body) = await GetAsync($"2013-04-01/hostedzone/{ZoneId}/rrset");
        status.ShouldBe(HttpStatusCode.OK);
        body.Element(Ns + "IsTruncated")!.Value.ShouldBe("false");
        return body.Element(Ns + "ResourceRecordSets")!.Elements(Ns + "ResourceRecordSet").Select(s => (
            s.Element(Ns + "Name")!.Value,
            s.Element(Ns + "Type")!.Value,
            s.Element(Ns + "SetIdentifier")?.Value,
            s.Element(Ns + "TTL")?.Value,
            string.Join(",", s.Descendants(Ns + "Value").Select(v => v.Value)))).ToList();
    }

    /// <summary>A ChangeResourceRecordSetsRequest in the schema's element order.</summary>
    public static string ChangeBatch(string? comment, params Change[] changes) =>
        new XDocument(new XElement(Ns + "ChangeResourceRecordSetsRequest",
            new XElement(Ns + "ChangeBatch",
                comment is null ? null : new XElement(Ns + "Comment", comment),
                new XElement(Ns + "Changes", changes.Select(c => new XElement(Ns + "Change",
                    new XElement(Ns + "Action", c.Action),
                    new XElement(Ns + "ResourceRecordSet",
                        new XElement(Ns + "Name", c.Name),
                        new XElement(Ns + "Type", c.Type),
                        c.SetIdentifier is null ? null : new XElement(Ns + "SetIdentifier", c.SetIdentifier),
                        c.Region is null ? null : new XElement(Ns + "Region", c.Region),
                        new XElement(Ns + "TTL", c.Ttl),
                        new XElement(Ns + "ResourceRecords", c.Values.Select(v => new XElement(Ns + "ResourceRecord", new XElement(Ns + "Value", v))))))))))).ToString();

    public static string Error(XElement body, string element) => body.Element(Ns + "Error")!.Element(Ns + element)!.Value;

    public static IReadOnlyList<string> Messages(XElement invalidChangeBatch) =>
        invalidChangeBatch.Element(Ns + "Messages")!.Elements(Ns + "Message").Select(m => m.Value).ToList();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}

internal sealed record Change(string Action, string Name, string Type, long Ttl, string[] Values, string? SetIdentifier = null, string? Region = null)
{
    public static Change Latency(string action, string name, string setIdentifier, string region, long ttl, params string[] values) =>
        new(action, name, "A", ttl, values, setIdentifier, region);

    public static Change Simple(string action, string name, string type, long ttl, params string[] values) => new(action, name, type, ttl, values);
}
