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
        var store = new RegionStatusStore();
        var options = Microsoft.Extensions.Options.Options.Create(new DashboardOptions
        {
            RegionProbeInterval = TimeSpan.FromSeconds(5),
            Regions = [new RegionOptions { Name = "us", Role = RegionRole.Primary }, new RegionOptions { Name = "eu", Role = RegionRole.Replica }],
        });
        var published = 0;
        using var subscription = store.Subscribe(() => Interlocked.Increment(ref published));
        using var monitor = new RegionMonitor(probe, store, new Dashboard.Data.PrimaryAvailability(time), options, time, NullLogger<RegionMonitor>.Instance);

        await monitor.StartAsync(TestContext.Current.CancellationToken);
        await WaitUntilAsync(() => Volatile.Read(ref published) == 1);
        probe.Calls.ShouldBe(2);

        time.Advance(TimeSpan.FromSeconds(5));
        await WaitUntilAsync(() => Volatile.Read(ref published) == 2);
        probe.Calls.ShouldBe(4);
        store.LastUpdated.ShouldBe(time.GetUtcNow());

        await monitor.StopAsync(TestContext.Current.CancellationToken);
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
