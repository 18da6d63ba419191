using Dashboard.Client.Live;
using Dashboard.Client.Wallboard;

namespace Dashboard.Tests.Wallboard;

public sealed class LagRingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static LagPointDto At(double seconds, double? lagMs = 10) => new(T0.AddSeconds(seconds), ReplicaState.Streaming, lagMs);

    [Fact]
    public void Add_MorePointsThanCapacity_KeepsTheNewestCapacityOldestFirst()
    {
        var ring = new LagRing(capacity: 4, window: TimeSpan.FromHours(1));

        for (var i = 0; i < 10; i++)
        {
            ring.Add(At(i, i));
        }

        ring.Count.ShouldBe(4);
        ring.Points().Select(p => p.HeartbeatLagMs).ShouldBe([6.0, 7.0, 8.0, 9.0]);
    }

    [Fact]
    public void Add_AWholeDayAt4Hz_NeverHoldsMoreThan1200PointsOr5Minutes()
    {
        var ring = new LagRing(WallboardModel.PointsPerRegion, WallboardModel.Window);

        for (var i = 0; i < 24 * 3600 * 4; i++)
        {
            ring.Add(At(i * 0.25));
            ring.Count.ShouldBeLessThanOrEqualTo(1200);
        }

        ring.Count.ShouldBe(1200);
        var points = ring.Points();
        (points[^1].At - points[0].At).ShouldBeLessThanOrEqualTo(WallboardModel.Window);
    }

    [Fact]
    public void Add_OlderOrRepeatedPoint_IsIgnored()
    {
        var ring = new LagRing(10, TimeSpan.FromHours(1));
        ring.Add(At(5));

        ring.Add(At(5)).ShouldBeFalse();
        ring.Add(At(3)).ShouldBeFalse();

        ring.Points().Select(p => p.At).ShouldBe([T0.AddSeconds(5)]);
    }

    [Fact]
    public void Add_PointsOlderThanTheWindow_FallOut()
    {
        var ring = new LagRing(100, TimeSpan.FromSeconds(10));
        ring.Add(At(0));
        ring.Add(At(5));

        ring.Add(At(12));

        ring.Points().Select(p => p.At).ShouldBe([T0.AddSeconds(5), T0.AddSeconds(12)]);
    }

    [Fact]
    public void Merge_HistoryAfterReconnect_InterleavesOnePointPerInstantOldestFirst()
    {
        var ring = new LagRing(100, TimeSpan.FromHours(1));
        ring.Add(At(1, 1));
        ring.Add(At(2, 2));
        // While cut off the server kept sampling: 3 and 4 are new; 2 is the same instant the ring already drew.
        ring.Merge([At(0, 0), At(2, 99), At(3, 3), At(4, 4)]);

        ring.Points().Select(p => p.HeartbeatLagMs).ShouldBe([0.0, 1.0, 2.0, 3.0, 4.0]);
        ring.Add(At(5, 5)).ShouldBeTrue();
        ring.Add(At(4.5)).ShouldBeFalse();
    }

    [Fact]
    public void Merge_MoreHistoryThanCapacity_KeepsTheNewest()
    {
        var ring = new LagRing(3, TimeSpan.FromHours(1));

        ring.Merge(Enumerable.Range(0, 10).Select(i => At(i, i)));

        ring.Points().Select(p => p.HeartbeatLagMs).ShouldBe([7.0, 8.0, 9.0]);
    }

    [Fact]
    public void Merge_UnsortedHistory_ComesOutSorted()
    {
        var ring = new LagRing(10, TimeSpan.FromHours(1));

        ring.Merge([At(3, 3), At(1, 1), At(2, 2)]);

        ring.Points().Select(p => p.HeartbeatLagMs).ShouldBe([1.0, 2.0, 3.0]);
    }
}
