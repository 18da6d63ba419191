using Dashboard.Configuration;
using Dashboard.Features.Regions;

namespace Dashboard.Tests.Regions;

public sealed class RegionStatusTests
{
    private static readonly DatabaseStatus PrimaryUp = new(true, RegionRole.Primary, "eu streaming, ap streaming", null);
    private static readonly PowerDnsStatus PowerDnsUp = new(true, "4.7.3", null);
    private static readonly ZoneSoaStatus SoaUp = new("free.tunnel.test", true, 2026112201, "NoError", null);

    [Fact]
    public void IsHealthy_AllPartsUp_True()
    {
        var status = new RegionStatus("us", RegionRole.Primary, DateTimeOffset.UnixEpoch, PrimaryUp, PowerDnsUp, [SoaUp]);

        status.IsHealthy.ShouldBeTrue();
        status.Problems.ShouldBeEmpty();
    }

    [Fact]
    public void Problems_DatabaseDown_NamesTheReason()
    {
        var status = new RegionStatus("ap", RegionRole.Replica, DateTimeOffset.UnixEpoch, DatabaseStatus.Down("connection refused"), PowerDnsUp, [SoaUp]);

        status.IsHealthy.ShouldBeFalse();
        status.Problems.ShouldBe(["database down: connection refused"]);
    }

    [Fact]
    public void Problems_ReplicaPromotedToPrimary_ReportsRoleMismatch()
    {
        var status = new RegionStatus("eu", RegionRole.Replica, DateTimeOffset.UnixEpoch, PrimaryUp, PowerDnsUp, [SoaUp]);

        status.Problems.ShouldBe(["database is primary but configured as replica"]);
    }

    [Fact]
    public void Problems_ZoneNotAnswering_NamesTheZone()
    {
        var servfail = new ZoneSoaStatus("pro.tunnel.test", false, null, "ServerFailure", "answered SERVFAIL");
        var status = new RegionStatus("ap", RegionRole.Replica, DateTimeOffset.UnixEpoch, new DatabaseStatus(true, RegionRole.Replica, null, null), PowerDnsStatus.Down("connection refused"), [SoaUp, servfail]);

        status.Problems.ShouldBe(["PowerDNS API down: connection refused", "pro.tunnel.test SOA: answered SERVFAIL"]);
    }
}
