using Dashboard.Client.Live;
using Dashboard.Features.Lag;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Lag;

public sealed class LagSampleMapperTests
{
    private static readonly DateTimeOffset PrimaryClock = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(PrimaryClock);

    private static ReplicationRow Row(string name = "eu", string state = "streaming", double? replayMs = 12) =>
        new(name, name, state, replayMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2), 4096);

    private PrimaryReading Primary(params ReplicationRow[] rows) => new(PrimaryClock, _time.GetTimestamp(), rows, null);

    private ReplicaReading Replica(double heartbeatAgeMs, string? status = "streaming", string region = "eu") =>
        new(region, PrimaryClock - TimeSpan.FromMilliseconds(heartbeatAgeMs), _time.GetTimestamp(), 128, status, null);

    [Fact]
    public void Map_StreamingReplica_HeartbeatLagIsAgeOfItsHeartbeatOnThePrimaryClock()
    {
        var sample = LagSampleMapper.Map("eu", PrimaryClock, Primary(Row()), Replica(520), _time);

        sample.State.ShouldBe(ReplicaState.Streaming);
        sample.HeartbeatLagMs!.Value.ShouldBe(520, 0.001);
        sample.ReplayLagMs.ShouldBe(12);
        sample.ByteLag.ShouldBe(4096);
        sample.ReceiveReplayGapBytes.ShouldBe(128);
        sample.Problem.ShouldBeNull();
    }

    [Fact]
    public void Map_ReplicaReadLaterThanPrimary_CarriesThePrimaryClockForwardByElapsedTime()
    {
        var primary = Primary(Row());
        _time.Advance(TimeSpan.FromMilliseconds(30));
        var replica = Replica(100);

        // The replica was read 30 ms after the primary's clock was: its heartbeat is 130 ms old by then.
        LagSampleMapper.Map("eu", PrimaryClock, primary, replica, _time).HeartbeatLagMs!.Value.ShouldBe(130, 0.001);
    }

    [Fact]
    public void Map_HeartbeatNewerThanPrimaryClock_IsZeroNotNegative()
    {
        LagSampleMapper.Map("eu", PrimaryClock, Primary(Row()), Replica(-5), _time).HeartbeatLagMs.ShouldBe(0);
    }

    [Fact]
    public void Map_NoPgStatReplicationRow_IsDisconnectedWithUnknownLagNotZero()
    {
        var sample = LagSampleMapper.Map("eu", PrimaryClock, Primary(Row("ap")), Replica(10), _time);

        sample.State.ShouldBe(ReplicaState.Disconnected);
        sample.HeartbeatLagMs.ShouldBeNull();
        sample.ReplayLagMs.ShouldBeNull();
        sample.Problem!.ShouldContain("no pg_stat_replication row");
    }

    [Fact]
    public void Map_RowMatchedBySlotName_WhenApplicationNameDiffers()
    {
        var row = Row() with { ApplicationName = "walreceiver", SlotName = "eu" };

        LagSampleMapper.Map("eu", PrimaryClock, Primary(row), Replica(10), _time).State.ShouldBe(ReplicaState.Streaming);
    }

    [Fact]
    public void Map_WalReceiverDown_IsDisconnectedEvenWithARow()
    {
        var sample = LagSampleMapper.Map("eu", PrimaryClock, Primary(Row()), Replica(10, status: null), _time);

        sample.State.ShouldBe(ReplicaState.Disconnected);
        sample.HeartbeatLagMs.ShouldBeNull();
        sample.Problem.ShouldBe("WAL receiver not running");
    }

    [Fact]
    public void Map_ReplicaDatabaseNotAnswering_IsUnreachableWithTheReason()
    {
        var replica = new ReplicaReading("ap", null, _time.GetTimestamp(), null, null, "Connection refused");

        var sample = LagSampleMapper.Map("ap", PrimaryClock, Primary(Row("ap")), replica, _time);

        sample.State.ShouldBe(ReplicaState.Unreachable);
        sample.HeartbeatLagMs.ShouldBeNull();
        sample.ByteLag.ShouldBeNull();
        sample.Problem!.ShouldContain("Connection refused");
    }

    [Fact]
    public void Map_NullReplayLagOnIdlePrimary_StaysNullWhileHeartbeatLagIsKnown()
    {
        var sample = LagSampleMapper.Map("eu", PrimaryClock, Primary(Row(replayMs: null)), Replica(40), _time);

        sample.State.ShouldBe(ReplicaState.Streaming);
        sample.ReplayLagMs.ShouldBeNull();
        sample.HeartbeatLagMs!.Value.ShouldBe(40, 0.001);
    }

    [Fact]
    public void Map_Catchup_IsCatchup()
    {
        LagSampleMapper.Map("eu", PrimaryClock, Primary(Row(state: "catchup")), Replica(10), _time).State.ShouldBe(ReplicaState.Catchup);
    }

    [Fact]
    public void Map_PrimaryNotAnswering_IsDisconnectedWithUnknownLag()
    {
        var primary = new PrimaryReading(null, _time.GetTimestamp(), [], "timeout");

        var sample = LagSampleMapper.Map("eu", PrimaryClock, primary, Replica(10), _time);

        sample.State.ShouldBe(ReplicaState.Disconnected);
        sample.HeartbeatLagMs.ShouldBeNull();
        sample.Problem!.ShouldContain("primary not answering");
    }

    [Fact]
    public void Map_NoHeartbeatRowYet_LagUnknownAndSaysWhy()
    {
        var replica = new ReplicaReading("eu", null, _time.GetTimestamp(), 0, "streaming", null);

        var sample = LagSampleMapper.Map("eu", PrimaryClock, Primary(Row()), replica, _time);

        sample.State.ShouldBe(ReplicaState.Streaming);
        sample.HeartbeatLagMs.ShouldBeNull();
        sample.Problem.ShouldBe("no heartbeat on the replica yet");
    }
}
