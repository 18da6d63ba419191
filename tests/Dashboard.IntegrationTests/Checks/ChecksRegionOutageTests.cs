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
        await fixture.Stack.RunScriptAsync("pdns-stop", "ap");
        List<CheckCell> cells;
        try
        {
            cells = (await new ChecksTests(fixture).RunAsync(plan)).Cells;
        }
        finally
        {
            await fixture.Stack.RunScriptAsync("pdns-start", "ap");
        }

        cells.Count.ShouldBe(plan.CellCount);
        var ap = cells.Where(c => c.Region == "ap").ToList();
        ap.ShouldAllBe(c => c.Outcome == CheckOutcome.Timeout && c.Comparison == CheckComparison.Unknown, ChecksTests.Describe(ap));
        ap.ShouldAllBe(c => c.Detail!.StartsWith("no answer", StringComparison.Ordinal));
        var others = cells.Where(c => c.Region != "ap").ToList();
        others.ShouldAllBe(c => c.Outcome != CheckOutcome.Timeout, ChecksTests.Describe(others));
        others.Where(c => c.Name == "pro.tunnel.test").ShouldAllBe(c => c.Outcome == CheckOutcome.NoError && c.Comparison == CheckComparison.Matches);
    }
}
