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
        // A replica (the stack's last) goes down; another (its first) stays up.
        var stopped = fixture.Stack.Replicas[^1];
        var other = fixture.Stack.Replicas[0];
        other.Name.ShouldNotBe(stopped.Name, "the stack needs two replicas for this test");
        await fixture.Stack.RunScriptAsync("db-stop", stopped.Name);
        try
        {
            var down = await probe.ProbeAsync(stopped, Cancel);
            var up = await probe.ProbeAsync(other, Cancel);

            down.IsHealthy.ShouldBeFalse();
            down.Database.IsUp.ShouldBeFalse();
            down.Database.Error.ShouldNotBeNullOrEmpty();
            down.Problems.ShouldContain(p => p.StartsWith("database down: "));
            // The API is a separate part and still answers while the database is gone.
            down.PowerDns.IsUp.ShouldBeTrue();
            up.IsHealthy.ShouldBeTrue(string.Join("; ", up.Problems));
        }
        finally
        {
            await fixture.Stack.RunScriptAsync("db-start", stopped.Name);
        }

        var recovered = await probe.ProbeAsync(stopped, Cancel);
        recovered.IsHealthy.ShouldBeTrue(string.Join("; ", recovered.Problems));
    }
}
