using Dashboard.Route53;
using Dashboard.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Route53;

/// <summary>The in-memory stand-in must refuse what Route 53 refuses, or component tests would pass against a friendlier Route 53.</summary>
public sealed class TestRoute53ClientTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static ResourceRecordSet Latency(string region, string value, long ttl = 60) =>
        new("client.example.com.", "A", ttl, [value], region, region);

    private static ChangeBatch Batch(params Change[] changes) => new(changes);

    [Fact]
    public async Task ChangeResourceRecordSets_LatencySets_PendingUntilSyncAll()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        var route53 = new TestRoute53Client(time);
        var zone = route53.AddZone("example.com");

        var info = await route53.ChangeResourceRecordSetsAsync(zone.Id, Batch(
            new Change(ChangeAction.Create, Latency("eu-west-1", "192.0.2.1")),
            new Change(ChangeAction.Create, Latency("us-east-1", "192.0.2.2"))), None);

        info.Status.ShouldBe(ChangeStatus.Pending);
        info.SubmittedAt.ShouldBe(time.GetUtcNow());
        (await route53.GetChangeAsync(info.Id, None)).Status.ShouldBe(ChangeStatus.Pending);
        route53.SyncAll();
        (await route53.GetChangeAsync("/change/" + info.Id, None)).Status.ShouldBe(ChangeStatus.Insync);
        route53.RecordSets(zone.Id).Where(s => s.Type == "A").Select(s => s.SetIdentifier).ShouldBe(["eu-west-1", "us-east-1"]);
        (await route53.ListHostedZonesAsync(None)).Single().ResourceRecordSetCount.ShouldBe(4);
    }

    [Fact]
    public async Task ChangeResourceRecordSets_CreateOfExistingSet_FailsTheWholeBatch()
    {
        var route53 = new TestRoute53Client();
        var zone = route53.AddZone("example.com.");
        await route53.ChangeResourceRecordSetsAsync(zone.Id, Batch(new Change(ChangeAction.Create, Latency("eu-west-1", "192.0.2.1"))), None);

        var error = await Should.ThrowAsync<Route53Exception>(() => route53.ChangeResourceRecordSetsAsync(zone.Id, Batch(
            new Change(ChangeAction.Create, Latency("us-east-1", "192.0.2.2")),
            new Change(ChangeAction.Create, Latency("eu-west-1", "192.0.2.9"))), None));

        error.Code.ShouldBe("InvalidChangeBatch");
        error.Messages.ShouldBe(["Tried to create resource record set [name='client.example.com.', type='A', set-identifier='eu-west-1'] but it already exists"]);
        route53.RecordSets(zone.Id).Count(s => s.Type == "A").ShouldBe(1);
        route53.Batches.Count.ShouldBe(1);
    }

    [Fact]
    public async Task ChangeResourceRecordSets_DeleteMissingOrDifferent_EveryProblemListed()
    {
        var route53 = new TestRoute53Client();
        var zone = route53.AddZone("example.com.");
        await route53.ChangeResourceRecordSetsAsync(zone.Id, Batch(new Change(ChangeAction.Create, Latency("eu-west-1", "192.0.2.1"))), None);

        var error = await Should.ThrowAsync<Route53Exception>(() => route53.ChangeResourceRecordSetsAsync(zone.Id, Batch(
            new Change(ChangeAction.Delete, Latency("eu-west-1", "192.0.2.1", ttl: 300)),
            new Change(ChangeAction.Delete, Latency("ap-southeast-2", "192.0.2.3"))), None));

        error.Messages.ShouldBe([
            "Tried to delete resource record set [name='client.example.com.', type='A', set-identifier='eu-west-1'] but the values provided do not match the current values",
            "Tried to delete resource record set [name='client.example.com.', type='A', set-identifier='ap-southeast-2'] but it was not found",
        ]);
    }

    [Fact]
    public async Task ChangeResourceRecordSets_DeleteThenCreateAndUpsert_AppliedInOrder()
    {
        var route53 = new TestRoute53Client();
        var zone = route53.AddZone("example.com.");
        await route53.ChangeResourceRecordSetsAsync(zone.Id, Batch(new Change(ChangeAction.Create, Latency("eu-west-1", "192.0.2.1"))), None);

        await route53.ChangeResourceRecordSetsAsync(zone.Id, Batch(
            new Change(ChangeAction.Delete, Latency("eu-west-1", "192.0.2.1")),
            new Change(ChangeAction.Create, Latency("eu-west-1", "192.0.2.5")),
            new Change(ChangeAction.Upsert, Latency("us-east-1", "192.0.2.6")),
            new Change(ChangeAction.Upsert, Latency("us-east-1", "192.0.2.7"))), None);

        route53.RecordSets(zone.Id).Where(s => s.Type == "A").Select(s => s.Values.Single()).ShouldBe(["192.0.2.5", "192.0.2.7"]);
    }

    [Fact]
    public async Task ChangeResourceRecordSets_SimpleBesideLatencyOrOutsideTheZone_Refused()
    {
        var route53 = new TestRoute53Client();
        var zone = route53.AddZone("example.com.");
        await route53.ChangeResourceRecordSetsAsync(zone.Id, Batch(new Change(ChangeAction.Create, Latency("eu-west-1", "192.0.2.1"))), None);

        var error = await Should.ThrowAsync<Route53Exception>(() => route53.ChangeResourceRecordSetsAsync(zone.Id, Batch(
            new Change(ChangeAction.Upsert, new ResourceRecordSet("client.example.com.", "A", 60, ["192.0.2.8"])),
            new Change(ChangeAction.Create, new ResourceRecordSet("www.example.org.", "A", 60, ["192.0.2.8"]))), None));

        error.Messages.Count.ShouldBe(2);
        error.Messages[1].ShouldBe("RRSet with DNS name www.example.org. is not permitted in zone example.com.");
    }

    [Fact]
    public async Task ListAllResourceRecordSets_SmallPages_EverySetOnceInRoute53Order()
    {
        var route53 = new TestRoute53Client { PageSize = 2 };
        var zone = route53.AddZone("example.com.");
        await route53.ChangeResourceRecordSetsAsync(zone.Id, Batch(
            new Change(ChangeAction.Create, Latency("us-east-1", "192.0.2.2")),
            new Change(ChangeAction.Create, Latency("eu-west-1", "192.0.2.1")),
            new Change(ChangeAction.Create, new ResourceRecordSet("a.example.com.", "TXT", 60, ["\"x\""])),
            new Change(ChangeAction.Create, new ResourceRecordSet("z.example.com.", "A", 60, ["192.0.2.3"]))), None);

        var all = await route53.ListAllResourceRecordSetsAsync(zone.Id, None);

        all.Select(s => $"{s.Name} {s.Type} {s.SetIdentifier}".TrimEnd()).ShouldBe([
            "example.com. NS", "example.com. SOA", "a.example.com. TXT",
            "client.example.com. A eu-west-1", "client.example.com. A us-east-1", "z.example.com. A",
        ]);
    }

    [Fact]
    public async Task ListResourceRecordSets_FromAStart_PageAndNext()
    {
        var route53 = new TestRoute53Client();
        var zone = route53.AddZone("example.com.");
        await route53.ChangeResourceRecordSetsAsync(zone.Id, Batch(
            new Change(ChangeAction.Create, Latency("eu-west-1", "192.0.2.1")),
            new Change(ChangeAction.Create, Latency("us-east-1", "192.0.2.2"))), None);

        var page = await route53.ListResourceRecordSetsAsync(zone.Id, new RecordSetStart("client.example.com.", "A"), 1, None);

        page.Sets.Single().SetIdentifier.ShouldBe("eu-west-1");
        page.IsTruncated.ShouldBeTrue();
        page.Next.ShouldBe(new RecordSetStart("client.example.com.", "A", "us-east-1"));
    }

    [Fact]
    public async Task FailNext_QueuedThrottling_ThrownOnceThenServed()
    {
        var route53 = new TestRoute53Client();
        route53.AddZone("example.com.");
        route53.FailNext(TestRoute53Client.ListHostedZones, new Route53Exception(400, "Throttling", "Rate exceeded"));

        (await Should.ThrowAsync<Route53Exception>(() => route53.ListHostedZonesAsync(None))).IsRetryable.ShouldBeTrue();
        (await route53.ListHostedZonesAsync(None)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task UnknownZoneOrChange_NoSuchErrors()
    {
        var route53 = new TestRoute53Client();

        (await Should.ThrowAsync<Route53Exception>(() => route53.ListResourceRecordSetsAsync("Z404", null, null, None))).Code.ShouldBe("NoSuchHostedZone");
        (await Should.ThrowAsync<Route53Exception>(() => route53.GetChangeAsync("C404", None))).Code.ShouldBe("NoSuchChange");
    }
}
