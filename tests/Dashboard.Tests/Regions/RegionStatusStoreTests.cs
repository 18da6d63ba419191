using Dashboard.Configuration;
using Dashboard.Features.Regions;

namespace Dashboard.Tests.Regions;

public sealed class RegionStatusStoreTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch;

    private static RegionStatus Status(string name) =>
        new(name, RegionRole.Replica, T0, DatabaseStatus.Down("x"), PowerDnsStatus.Down("x"), []);

    [Fact]
    public void Publish_KeepsLatestWithItsTimes()
    {
        var store = new RegionStatusStore(TimeProvider.System);

        store.Publish([Status("eu")], T0.AddSeconds(1), T0.AddSeconds(5)).ShouldBeTrue();

        store.Current.Regions.Single().Name.ShouldBe("eu");
        store.Current.ProbeStartedAt.ShouldBe(T0.AddSeconds(1));
        store.Current.UpdatedAt.ShouldBe(T0.AddSeconds(5));
    }

    [Fact]
    public void Publish_OfAProbeThatStartedEarlier_DoesNotOverwriteANewerResult()
    {
        var store = new RegionStatusStore(TimeProvider.System);
        store.Publish([Status("new")], T0.AddSeconds(10), T0.AddSeconds(11));

        // A slow probe started before the published one finishes last: its older view is dropped.
        store.Publish([Status("old")], T0.AddSeconds(9), T0.AddSeconds(12)).ShouldBeFalse();

        store.Current.Regions.Single().Name.ShouldBe("new");
        store.Version.ShouldBe(1);
    }
}
