using Route53StandIn;

namespace Dashboard.TestSupport;

/// <summary>
/// The demo's client entry name on the local Route 53 stand-in (tools/Route53StandIn, not AWS), started in-process on a
/// free port: hosted zone <see cref="HostedZone"/>, entry name <see cref="EntryName"/> with one latency record per
/// region of the test stack (<see cref="Regions"/>, from <see cref="DemoRoutes"/>, as <c>run.sh</c>'s <c>demo_route</c>).
/// Each test that changes routing starts its own, so tests never share records.
/// </summary>
public sealed class RoutingStandIn : IAsyncDisposable
{
    public const string HostedZone = "tunnel.test.";
    public const string EntryName = "a.tunnel.test.";

    /// <summary>Demo credentials for the stand-in (it checks the signature's shape, not the signature): not an AWS key.</summary>
    public const string AccessKeyId = "AKIDSTANDINEXAMPLE";
    public const string SecretAccessKey = "stand-in-secret-not-an-aws-key";

    /// <summary>
    /// Every platform region the local stack knows (scripts/stack.sh's table), its AWS region and edge address
    /// (documentation ranges): demo data, the same as <c>run.sh</c>'s <c>demo_route</c>.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (string AwsRegion, string Edge)> DemoRoutes = new Dictionary<string, (string, string)>
    {
        ["us"] = ("us-east-1", "192.0.2.10"),
        ["eu"] = ("eu-west-1", "198.51.100.10"),
        ["ap"] = ("ap-southeast-1", "203.0.113.10"),
        ["au"] = ("ap-southeast-2", "192.0.2.30"),
        ["sa"] = ("sa-east-1", "198.51.100.30"),
    };

    private RoutingStandIn(StandInServer server, IReadOnlyList<(string Region, string AwsRegion, string Edge)> regions)
    {
        Server = server;
        Regions = regions;
    }

    public StandInServer Server { get; }

    /// <summary>The stack's regions in configuration order, each with its AWS region and edge address: one latency record each.</summary>
    public IReadOnlyList<(string Region, string AwsRegion, string Edge)> Regions { get; }

    /// <summary>The AWS region and edge address of one of <see cref="Regions"/>.</summary>
    public (string Region, string AwsRegion, string Edge) Route(string region) => Regions.Single(r => r.Region == region);

    /// <summary>Starts a stand-in with a demo record for every region of <paramref name="stack"/>; changes stay PENDING for <paramref name="pendingFor"/>.</summary>
    public static async Task<RoutingStandIn> StartAsync(TestStack stack, TimeSpan pendingFor, int maxRequestsPerSecond = 5, StandInFailures? failures = null, TimeProvider? time = null)
    {
        var regions = stack.RegionNames.Select(name => DemoRoutes.TryGetValue(name, out var route)
            ? (Region: name, route.AwsRegion, route.Edge)
            : throw new InvalidOperationException($"No demo route for region {name}: add it to {nameof(RoutingStandIn)}.{nameof(DemoRoutes)} (and run.sh's demo_route)."))
            .ToList();
        var records = regions.Select(r => StandInRecordSet.Latency(EntryName, "A", r.Region, r.AwsRegion, 60, r.Edge)).ToList();
        var server = await StandInServer.StartAsync(new StandInOptions
        {
            PendingFor = pendingFor,
            MaxRequestsPerSecond = maxRequestsPerSecond,
            // A zone id of its own: the dashboard keeps taken-out records and changes by zone id, so runs never meet.
            Zones = [new StandInZone(HostedZone, records, Id: "Z" + Guid.NewGuid().ToString("N")[..13].ToUpperInvariant())],
            Failures = failures,
            TimeProvider = time ?? TimeProvider.System,
            Log = _ => { },
        });
        return new RoutingStandIn(server, regions);
    }

    /// <summary>The dashboard's routing configuration for this stand-in, as configuration keys.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Dashboard:Routing:HostedZone"] = HostedZone,
        ["Dashboard:Routing:EntryNames:0"] = EntryName,
        ["Dashboard:Routing:StandIn"] = "true",
        ["Dashboard:Routing:Route53:Endpoint"] = Server.BaseAddress.ToString(),
        ["Dashboard:Routing:WatchInterval"] = "00:00:00.500",
        ["Dashboard:Routing:FirstPoll"] = "00:00:00.500",
        ["Dashboard:Routing:MaxPoll"] = "00:00:02",
    }.Concat(Regions.Select(r => KeyValuePair.Create($"Dashboard:Routing:AwsRegions:{r.Region}", (string?)r.AwsRegion))).ToDictionary();

    /// <summary>The same for a dashboard process (environment variables), with the stand-in's credentials where the AWS SDK's chain looks first.</summary>
    public IReadOnlyDictionary<string, string> Environment =>
        Settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!)
            .Append(KeyValuePair.Create("AWS_ACCESS_KEY_ID", AccessKeyId))
            .Append(KeyValuePair.Create("AWS_SECRET_ACCESS_KEY", SecretAccessKey))
            .ToDictionary();

    /// <summary>The latency records at the entry name now, by set identifier.</summary>
    public IReadOnlyDictionary<string, StandInRecordSet> EntryRecords =>
        Server.RecordSets(Server.ZoneId(HostedZone)).Where(s => s.Name == EntryName && s.SetIdentifier is not null).ToDictionary(s => s.SetIdentifier!);

    /// <summary>Every field of a record set, values included, to compare two (the record's own equality compares its list by reference).</summary>
    public static string Describe(StandInRecordSet set) =>
        $"{set.Name} {set.Type} ttl={set.Ttl} [{string.Join(",", set.Values)}] id={set.SetIdentifier} region={set.Region} hc={set.HealthCheckId} alias={set.AliasTarget}";

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
