using Dashboard.Configuration;
using Dashboard.Features.Regions;

namespace Dashboard.Tests.Regions;

public sealed class RegionStatusStoreTests
{
    private static RegionStatus Status(string name) =>
        new(name, RegionRole.Replica, DateTimeOffset.UnixEpoch, DatabaseStatus.Down("x"), PowerDnsStatus.Down("x"), []);

    [Fact]
    public void Publish_NotifiesSubscribersAndKeepsLatest()
    {
        var store = new RegionStatusStore();
        var calls = 0;
        using var subscription = store.Subscribe(() => calls++);

        store.Publish([Status("eu")], DateTimeOffset.UnixEpoch.AddSeconds(5));

        calls.ShouldBe(1);
        store.Current.Single().Name.ShouldBe("eu");
        store.LastUpdated.ShouldBe(DateTimeOffset.UnixEpoch.AddSeconds(5));
    }

    [Fact]
    public void Dispose_Subscription_StopsNotifications()
    {
        var store = new RegionStatusStore();
        var calls = 0;
        var subscription = store.Subscribe(() => calls++);

        subscription.Dispose();
        subscription.Dispose();
        store.Publish([Status("eu")], DateTimeOffset.UnixEpoch);

        calls.ShouldBe(0);
    }
}
