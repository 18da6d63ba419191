using System.Collections.Concurrent;
using Dashboard.Live;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Live;

public sealed class LiveStoreTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-30T12:00:00Z"));

    private sealed record Value(int N);

    /// <summary>Collects what a subscription is called with, and lets a test wait for the n-th call.</summary>
    private sealed class Calls
    {
        private readonly ConcurrentQueue<int> _seen = new();
        private readonly SemaphoreSlim _signal = new(0);

        public void Add(Value value)
        {
            _seen.Enqueue(value.N);
            _signal.Release();
        }

        public int[] Seen => [.. _seen];

        public async Task NextAsync() =>
            (await _signal.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken)).ShouldBeTrue("no callback came");

        /// <summary>No call is pending: only meaningful where the fake clock cannot move, so none can come.</summary>
        public async Task NoneAsync()
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            _signal.CurrentCount.ShouldBe(0);
        }
    }

    [Fact]
    public async Task Publish_CallsSubscriberWithTheValue()
    {
        var store = new LiveStore<Value>(new Value(0), _time);
        var calls = new Calls();
        using var subscription = store.Subscribe(calls.Add);

        store.Publish(new Value(1));

        await calls.NextAsync();
        calls.Seen.ShouldBe([1]);
        store.Current.N.ShouldBe(1);
        store.Version.ShouldBe(1);
    }

    [Fact]
    public async Task Publish_WithinTheThrottleInterval_CoalescesIntoOneTrailingCallWithTheLatestValue()
    {
        var store = new LiveStore<Value>(new Value(0), _time);
        var calls = new Calls();
        using var subscription = store.Subscribe(calls.Add);

        store.Publish(new Value(1));
        await calls.NextAsync();
        store.Publish(new Value(2));
        store.Publish(new Value(3));
        store.Publish(new Value(4));

        // The fake clock stands still, so the trailing call cannot have come.
        await calls.NoneAsync();
        _time.Advance(LiveStore<Value>.DefaultThrottle);
        await calls.NextAsync();

        calls.Seen.ShouldBe([1, 4]);
        store.Version.ShouldBe(4);
    }

    [Fact]
    public async Task Subscribe_ThenPublishBeforeReadingCurrent_TheChangeIsStillDelivered()
    {
        var store = new LiveStore<Value>(new Value(0), _time);
        var calls = new Calls();

        using var subscription = store.Subscribe(calls.Add);
        store.Publish(new Value(7));
        var snapshot = store.Current;

        await calls.NextAsync();
        snapshot.N.ShouldBe(7);
        calls.Seen.ShouldBe([7]);
    }

    [Fact]
    public async Task Update_ReturningTheSameInstance_PublishesNothing()
    {
        var store = new LiveStore<Value>(new Value(0), _time);
        var calls = new Calls();
        using var subscription = store.Subscribe(calls.Add);

        store.Update(v => v).ShouldBeFalse();

        await calls.NoneAsync();
        store.Version.ShouldBe(0);
        store.Update(v => new Value(v.N + 1)).ShouldBeTrue();
        await calls.NextAsync();
        calls.Seen.ShouldBe([1]);
    }

    [Fact]
    public async Task Dispose_StopsLaterCalls_AndTwiceIsHarmless()
    {
        var store = new LiveStore<Value>(new Value(0), _time);
        var calls = new Calls();
        var subscription = store.Subscribe(calls.Add);

        subscription.Dispose();
        subscription.Dispose();
        store.Publish(new Value(1));

        await calls.NoneAsync();
        store.SubscriberCount.ShouldBe(0);
    }

    [Fact]
    public async Task Callback_RunsInTheExecutionContextCapturedAtSubscribe()
    {
        var store = new LiveStore<Value>(new Value(0), _time);
        var local = new AsyncLocal<string>();
        string? seen = null;
        var calls = new Calls();
        local.Value = "subscriber's context";
        using var subscription = store.Subscribe(v => { seen = local.Value; calls.Add(v); });
        local.Value = "publisher's context";

        store.Publish(new Value(1));

        await calls.NextAsync();
        seen.ShouldBe("subscriber's context");
    }

    [Fact]
    public async Task SlowSubscriber_DelaysNeitherThePublisherNorOtherSubscribers()
    {
        var store = new LiveStore<Value>(new Value(0), _time);
        var release = new ManualResetEventSlim();
        var slowFinished = false;
        using var slow = store.Subscribe(_ =>
        {
            release.Wait(TimeSpan.FromSeconds(30));
            slowFinished = true;
        });
        var calls = new Calls();
        using var fast = store.Subscribe(calls.Add);

        // Were callbacks run on the publisher's thread, this would return only after the slow one gave up waiting.
        store.Publish(new Value(1));

        await calls.NextAsync();
        calls.Seen.ShouldBe([1]);
        Volatile.Read(ref slowFinished).ShouldBeFalse();
        release.Set();
    }

    [Fact]
    public async Task Callback_ThatThrows_IsReported_AndLaterChangesStillArrive()
    {
        var store = new LiveStore<Value>(new Value(0), _time);
        var failures = new ConcurrentQueue<Exception>();
        store.CallbackFailed += failures.Enqueue;
        var calls = new Calls();
        using var subscription = store.Subscribe(v =>
        {
            calls.Add(v);
            if (v.N == 1)
            {
                throw new InvalidOperationException("boom");
            }
        });

        store.Publish(new Value(1));
        await calls.NextAsync();
        _time.Advance(TimeSpan.FromSeconds(1));
        store.Publish(new Value(2));
        await calls.NextAsync();

        calls.Seen.ShouldBe([1, 2]);
        failures.Single().Message.ShouldBe("boom");
    }
}
