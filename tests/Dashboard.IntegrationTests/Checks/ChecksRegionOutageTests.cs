using Dashboard.Features.Checks;

namespace Dashboard.IntegrationTests.Checks;

/// <summary>One region's PowerDNS stopped: a check still answers for the others. Stops a PowerDNS; runs alone.</summary>
[Collection(StackMutatingCollection.Name)]
public sealed class ChecksRegionOutageTests(StackFixture fixture)
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_PowerDnsStoppedInOneRegion_TimeoutsOnlyInThatRegionsCells()
    {
        var checks = fixture.Get<ResolutionChecks>();
        var plan = checks.Validate(["pro.tunnel.test", "www.pro.tunnel.test", "_dmarc.pro.tunnel.test"], ["SOA", "TXT"], []).Plan!;
        // A replica's PowerDNS (the stack's last replica) is stopped.
        var stopped = fixture.Stack.Replicas[^1].Name;
        await fixture.Stack.RunScriptAsync("pdns-stop", stopped);
        List<CheckCell> cells;
        try
        {
            cells = (await new ChecksTests(fixture).RunAsync(plan)).Cells;
        }
        finally
        {
            await fixture.Stack.RunScriptAsync("pdns-start", stopped);
        }

        cells.Count.ShouldBe(plan.CellCount);
        var down = cells.Where(c => c.Region == stopped).ToList();
        down.ShouldNotBeEmpty();
        down.ShouldAllBe(c => c.Outcome == CheckOutcome.Timeout && c.Comparison == CheckComparison.Unknown, ChecksTests.Describe(down));
        down.ShouldAllBe(c => c.Detail!.StartsWith("no answer", StringComparison.Ordinal));
        var others = cells.Where(c => c.Region != stopped).ToList();
        others.ShouldAllBe(c => c.Outcome != CheckOutcome.Timeout, ChecksTests.Describe(others));
        others.Where(c => c.Name == "pro.tunnel.test").ShouldAllBe(c => c.Outcome == CheckOutcome.NoError && c.Comparison == CheckComparison.Matches);
    }
}
