using Dashboard.Features.Routing;
using Dashboard.Route53;

namespace Dashboard.Tests.Routing;

public sealed class RoutingRulesTests
{
    private const string Entry = "a.tunnel.test.";

    private static ResourceRecordSet Latency(string id, string region, string value = "192.0.2.10", long ttl = 60) =>
        new(Entry, "A", ttl, [value], id, region);

    private static IReadOnlyDictionary<string, IReadOnlyList<ResourceRecordSet>> Current(params ResourceRecordSet[] sets) =>
        new Dictionary<string, IReadOnlyList<ResourceRecordSet>> { [Entry] = sets };

    [Fact]
    public void CheckBatch_TakingOutTheLastRegionInRotation_IsRefusedInWords()
    {
        var eu = Latency("eu", "eu-west-1");

        var errors = RoutingRules.CheckBatch([new Change(ChangeAction.Delete, eu)], Current(eu));

        errors.ShouldHaveSingleItem().ShouldStartWith("This would leave a.tunnel.test. with no region in rotation");
    }

    [Fact]
    public void CheckBatch_TakingOutOneOfThree_Passes()
    {
        var (us, eu, ap) = (Latency("us", "us-east-1"), Latency("eu", "eu-west-1"), Latency("ap", "ap-southeast-1"));

        RoutingRules.CheckBatch([new Change(ChangeAction.Delete, eu)], Current(us, eu, ap)).ShouldBeEmpty();
    }

    [Fact]
    public void CheckBatch_RemovingTwoOfTwoInOneBatch_IsRefused_ButReplacingOneWithAnotherPasses()
    {
        var (us, eu) = (Latency("us", "us-east-1"), Latency("eu", "eu-west-1"));

        RoutingRules.CheckBatch([new Change(ChangeAction.Delete, us), new Change(ChangeAction.Delete, eu)], Current(us, eu)).ShouldNotBeEmpty();
        RoutingRules.CheckBatch([new Change(ChangeAction.Delete, us), new Change(ChangeAction.Create, Latency("sa", "sa-east-1"))], Current(us)).ShouldBeEmpty();
    }

    [Fact]
    public void CheckBatch_CreateOverExisting_DeleteOfMissing_TwiceTheSameRecord_AreRefused()
    {
        var eu = Latency("eu", "eu-west-1");
        var us = Latency("us", "us-east-1");

        RoutingRules.CheckBatch([new Change(ChangeAction.Create, eu)], Current(eu, us)).ShouldContain("a.tunnel.test. [eu] already exists; edit it instead");
        RoutingRules.CheckBatch([new Change(ChangeAction.Delete, Latency("ap", "ap-southeast-1"))], Current(eu, us)).ShouldContain("a.tunnel.test. [ap] is not in Route 53 any more; reload the page");
        RoutingRules.CheckBatch([new Change(ChangeAction.Upsert, eu), new Change(ChangeAction.Upsert, eu with { Ttl = 30 })], Current(eu, us))
            .ShouldContain("a.tunnel.test. [eu] is changed twice in one batch; stage one change per record");
        RoutingRules.CheckBatch([], Current(eu)).ShouldBe(["Nothing is staged"]);
    }

    [Theory]
    [InlineData("A", "192.0.2.300", "'192.0.2.300' is not an IPv4 address")]
    [InlineData("A", "2001:db8::1", "'2001:db8::1' is not an IPv4 address")]
    [InlineData("AAAA", "192.0.2.1", "'192.0.2.1' is not an IPv6 address")]
    [InlineData("CNAME", "not a name", "'not a name' is not a host name")]
    [InlineData("TXT", "x", "Type TXT: an entry name's latency records are A, AAAA or CNAME")]
    public void CheckSet_ValueNotOfItsType_SaysWhich(string type, string value, string error)
    {
        var set = new ResourceRecordSet(Entry, type, 60, [value], "eu", "eu-west-1");

        RoutingRules.CheckSet(set, [Entry]).ShouldContain(error);
    }

    [Fact]
    public void CheckSet_NotALatencyRecordOfAnEntryName_IsRefused()
    {
        var errors = RoutingRules.CheckSet(new ResourceRecordSet("b.tunnel.test.", "A", 90_000, [], null, "Europe"), [Entry]);

        errors.ShouldContain("b.tunnel.test. is not an entry name this dashboard routes (a.tunnel.test.)");
        errors.ShouldContain(e => e.StartsWith("A latency record needs a set identifier", StringComparison.Ordinal));
        errors.ShouldContain("'Europe' is not an AWS region (like us-east-1, eu-west-1, ap-southeast-1)");
        errors.ShouldContain("TTL must be 0 to 86,400 seconds");
        errors.ShouldContain("Give at least one target");
    }

    [Fact]
    public void CheckSet_AWellFormedLatencyRecord_Passes()
    {
        RoutingRules.CheckSet(Latency("sa", "sa-east-1"), [Entry]).ShouldBeEmpty();
        RoutingRules.CheckSet(new ResourceRecordSet(Entry, "CNAME", 60, ["eu.edge.tunnel.test."], "eu", "eu-west-1", "hc-1"), [Entry]).ShouldBeEmpty();
        RoutingRules.CheckSet(new ResourceRecordSet(Entry, "AAAA", 0, ["2001:db8::10"], "us-gov", "us-gov-west-1"), [Entry]).ShouldBeEmpty();
    }

    [Fact]
    public void Words_TakeOutEffect_NamesTheRegionAndWhereItsClientsGo()
    {
        var route = new LatencyRoute(Entry, Latency("eu", "eu-west-1", "198.51.100.10"), true, "eu", []);

        RoutingWords.TakeOutEffect(route).ShouldBe("Clients near eu will be sent to the next-nearest region in rotation; a.tunnel.test. stops answering with 198.51.100.10.");
        RoutingWords.Describe(new Change(ChangeAction.Delete, route.Set)).ShouldBe("DELETE a.tunnel.test. A [eu, eu-west-1] TTL 60 198.51.100.10");
    }
}

public sealed class RoutingChangeWatcherTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(3, 8)]
    [InlineData(6, 60)]
    [InlineData(40, 60)]
    public void RoundDelay_DoublesPerFailedRound_UpToAMinute(int failures, int seconds) =>
        RoutingChangeWatcher.RoundDelay(TimeSpan.FromSeconds(1), failures).ShouldBe(TimeSpan.FromSeconds(seconds));
}
