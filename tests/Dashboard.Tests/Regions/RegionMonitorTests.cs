using Dashboard.Configuration;
using Dashboard.Features.Regions;
using Dashboard.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Regions;

public sealed class RegionMonitorTests
{
    [Fact]
    public async Task ExecuteAsync_ProbesEveryRegionAtStartAndOnEachInterval()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-22T12:00:00Z"));
        var probe = new TestRegionProbe(region =>
            new RegionStatus(region.Name, region.Role, DateTimeOffset.UnixEpoch, DatabaseStatus.Down("test"), PowerDnsStatus.Down("test"), []));
        var store = new RegionStatusStore(time);
        var options = Microsoft.Extensions.Options.Options.Create(new DashboardOptions
        {
            RegionProbeInterval = TimeSpan.FromSeconds(5),
            Regions = [new RegionOptions { Name = "us", Role = RegionRole.Primary }, new RegionOptions { Name = "eu", Role = RegionRole.Replica }],
        });
        using var monitor = new RegionMonitor(probe, store, new Dashboard.Data.PrimaryAvailability(time), options, time, NullLogger<RegionMonitor>.Instance);

        await monitor.StartAsync(TestContext.Current.CancellationToken);
        await WaitUntilAsync(() => store.Version == 1);
        probe.Calls.ShouldBe(2);

        time.Advance(TimeSpan.FromSeconds(5));
        await WaitUntilAsync(() => store.Version == 2);
        probe.Calls.ShouldBe(4);
        store.Current.UpdatedAt.ShouldBe(time.GetUtcNow());

        await monitor.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task ProbeAllAsync_WhileAProbeRuns_SharesItInsteadOfRacingIt()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-22T12:00:00Z"));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var probe = new GatedProbe(gate.Task);
        var store = new RegionStatusStore(time);
        var options = Microsoft.Extensions.Options.Options.Create(new DashboardOptions
        {
            Regions = [new RegionOptions { Name = "us", Role = RegionRole.Primary }, new RegionOptions { Name = "eu", Role = RegionRole.Replica }],
        });
        using var monitor = new RegionMonitor(probe, store, new Dashboard.Data.PrimaryAvailability(time), options, time, NullLogger<RegionMonitor>.Instance);

        // The timer's probe is running when a "Check now" comes in.
        var first = monitor.ProbeAllAsync(TestContext.Current.CancellationToken);
        await WaitUntilAsync(() => probe.Calls == 2);
        var second = monitor.ProbeAllAsync(TestContext.Current.CancellationToken);
        gate.SetResult();

        (await second).ShouldBeSameAs(await first);
        probe.Calls.ShouldBe(2);
        store.Version.ShouldBe(1);

        // Once it has finished, the next call probes again.
        await monitor.ProbeAllAsync(TestContext.Current.CancellationToken);
        probe.Calls.ShouldBe(4);
    }

    private sealed class GatedProbe(Task gate) : IRegionProbe
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public async Task<RegionStatus> ProbeAsync(RegionOptions region, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            await gate;
            return new RegionStatus(region.Name, region.Role, DateTimeOffset.UnixEpoch, DatabaseStatus.Down("test"), PowerDnsStatus.Down("test"), []);
        }
    }

    // The monitor runs on its own task; wait for it to react to the fake clock without a wall-clock assertion.
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
        condition().ShouldBeTrue();
    }
}
