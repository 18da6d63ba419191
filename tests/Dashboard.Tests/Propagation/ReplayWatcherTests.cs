using Dashboard.Features.Propagation;
using NpgsqlTypes;

namespace Dashboard.Tests.Propagation;

public sealed class ReplayWatcherTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A replica whose replay position the test moves; every read is counted by the watcher.</summary>
    private sealed class FakeReplica
    {
        private long _position;

        public Exception? Failure { get; set; }

        public void ReplayTo(ulong position) => Interlocked.Exchange(ref _position, (long)position);

        public Task<NpgsqlLogSequenceNumber?> ReadAsync(CancellationToken cancellationToken) =>
            Failure is { } failure
                ? Task.FromException<NpgsqlLogSequenceNumber?>(failure)
                : Task.FromResult<NpgsqlLogSequenceNumber?>(new NpgsqlLogSequenceNumber((ulong)Interlocked.Read(ref _position)));
    }

    [Fact]
    public async Task Wait_ReleasesEachWaiterWhenReplayReachesItsLsn_AndNotBefore()
    {
        var replica = new FakeReplica();
        replica.ReplayTo(100);
        var watcher = new ReplayWatcher(replica.ReadAsync, TimeProvider.System);

        var early = watcher.WaitAsync(new NpgsqlLogSequenceNumber(100), TimeSpan.FromSeconds(30), Cancel);
        var late = watcher.WaitAsync(new NpgsqlLogSequenceNumber(200), TimeSpan.FromSeconds(30), Cancel);

        (await early).Replayed.ShouldBe(new NpgsqlLogSequenceNumber(100));
        await Task.Delay(50, Cancel);
        late.IsCompleted.ShouldBeFalse();
        replica.ReplayTo(250);
        (await late).Replayed.ShouldBe(new NpgsqlLogSequenceNumber(250));
    }

    [Fact]
    public async Task Wait_NobodyWaiting_NothingIsRead()
    {
        var replica = new FakeReplica();
        replica.ReplayTo(10);
        var watcher = new ReplayWatcher(replica.ReadAsync, TimeProvider.System);

        await watcher.WaitAsync(new NpgsqlLogSequenceNumber(5), TimeSpan.FromSeconds(30), Cancel);
        var readsAfterWait = watcher.Reads;
        await Task.Delay(100, Cancel);

        readsAfterWait.ShouldBeGreaterThan(0);
        watcher.Reads.ShouldBe(readsAfterWait);
    }

    [Fact]
    public async Task Wait_ManyWaiters_ShareTheReads()
    {
        var replica = new FakeReplica();
        var watcher = new ReplayWatcher(replica.ReadAsync, TimeProvider.System);
        var waits = Enumerable.Range(1, 200).Select(i => watcher.WaitAsync(new NpgsqlLogSequenceNumber(1000), TimeSpan.FromSeconds(30), Cancel)).ToList();
        await Task.Delay(100, Cancel);
        var readsWhileBehind = watcher.Reads;

        replica.ReplayTo(1000);
        await Task.WhenAll(waits);

        // 100 ms at one read per 2 ms is about 50 reads for all 200 waiters together; one poller each would be 200 times that.
        readsWhileBehind.ShouldBeLessThan(200);
        waits.ShouldAllBe(w => w.Result.Replayed == new NpgsqlLogSequenceNumber(1000));
    }

    [Fact]
    public async Task Wait_ReadsFail_TimesOutWithTheLastError()
    {
        var replica = new FakeReplica { Failure = new InvalidOperationException("replica gone") };
        var watcher = new ReplayWatcher(replica.ReadAsync, TimeProvider.System);

        var wait = await watcher.WaitAsync(new NpgsqlLogSequenceNumber(1), TimeSpan.FromMilliseconds(300), Cancel);

        wait.Replayed.ShouldBeNull();
        wait.LastError.ShouldBe("replica gone");
    }

    [Fact]
    public async Task Wait_Cancelled_ThrowsAndStopsPollingForIt()
    {
        var replica = new FakeReplica();
        var watcher = new ReplayWatcher(replica.ReadAsync, TimeProvider.System);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Cancel);

        var wait = watcher.WaitAsync(new NpgsqlLogSequenceNumber(1000), TimeSpan.FromSeconds(30), cancel.Token);
        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(wait);
        await Task.Delay(50, Cancel);
        var reads = watcher.Reads;
        await Task.Delay(100, Cancel);
        watcher.Reads.ShouldBe(reads);
    }

    [Theory]
    [InlineData(new[] { "www.free.test", "WWW.free.test.", "mail.free.test" }, new[] { "www.free.test", "mail.free.test" })]
    [InlineData(new[] { "a.b.free.test", "b.free.test", "free.test", "other.test" }, new[] { "free.test", "other.test" })]
    [InlineData(new[] { "xfree.test", "free.test" }, new[] { "xfree.test", "free.test" })]
    public void FlushTargets_EachNameOnce_NoneUnderAnother(string[] names, string[] expected) =>
        ReplicationGate.FlushTargets(names).ShouldBe(expected);
}
