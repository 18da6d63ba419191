using Dashboard.Features.Regions;

namespace Dashboard.IntegrationTests;

[Collection(StackMutatingCollection.Name)]
public sealed class RegionOutageTests(StackFixture fixture)
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Probe_ReplicaDatabaseStopped_ReportsDownWithReasonAndOthersHealthy()
    {
        var probe = fixture.Get<IRegionProbe>();
        await fixture.Stack.RunScriptAsync("db-stop", "ap");
        try
        {
            var ap = await probe.ProbeAsync(fixture.Stack.Region("ap"), Cancel);
            var eu = await probe.ProbeAsync(fixture.Stack.Region("eu"), Cancel);

            ap.IsHealthy.ShouldBeFalse();
            ap.Database.IsUp.ShouldBeFalse();
            ap.Database.Error.ShouldNotBeNullOrEmpty();
            ap.Problems.ShouldContain(p => p.StartsWith("database down: "));
            // The API is a separate part and still answers while the database is gone.
            ap.PowerDns.IsUp.ShouldBeTrue();
            eu.IsHealthy.ShouldBeTrue(string.Join("; ", eu.Problems));
        }
        finally
        {
            await fixture.Stack.RunScriptAsync("db-start", "ap");
        }

        var recovered = await probe.ProbeAsync(fixture.Stack.Region("ap"), Cancel);
        recovered.IsHealthy.ShouldBeTrue(string.Join("; ", recovered.Problems));
    }
}
