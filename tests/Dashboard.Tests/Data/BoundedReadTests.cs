using Dashboard.Data;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Data;

public sealed class BoundedReadTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-02T12:00:00Z"));

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A read that ignores its token (a statement on a paused server): the verdict still comes at the bound.</summary>
    [Fact]
    public async Task Read_IgnoresItsToken_TimesOutAtTheBound_AndIsLeftToEnd()
    {
        var stuck = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var token = CancellationToken.None;

        var waiting = BoundedRead.RunAsync(t => { token = t; return stuck.Task; }, Bound, _time, Cancel);
        _time.Advance(Bound - TimeSpan.FromMilliseconds(1));
        waiting.IsCompleted.ShouldBeFalse("not before the bound");
        _time.Advance(TimeSpan.FromMilliseconds(1));

        (await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromSeconds(30), Cancel))).ShouldBe(waiting, "the wait ends at the bound, not when the read does");
        await Should.ThrowAsync<TimeoutException>(() => waiting);
        stuck.Task.IsCompleted.ShouldBeFalse("the read itself is not waited for");
        token.CanBeCanceled.ShouldBeTrue("the read is given a token to end by");
        // Its later failure is observed by the helper (no unobserved task exception), whatever it is.
        stuck.SetException(new InvalidOperationException("ended on its own"));
    }

    [Fact]
    public async Task Read_AnswersInTime_ItsValueIsReturned()
    {
        var value = await BoundedRead.RunAsync(_ => Task.FromResult(42), Bound, _time, Cancel);

        value.ShouldBe(42);
    }

    [Fact]
    public async Task Read_Fails_ItsExceptionIsThrown()
    {
        await Should.ThrowAsync<InvalidOperationException>(() => BoundedRead.RunAsync<int>(_ => throw new InvalidOperationException("refused"), Bound, _time, Cancel));
        await Should.ThrowAsync<InvalidOperationException>(() => BoundedRead.RunAsync<int>(async _ => { await Task.Yield(); throw new InvalidOperationException("refused"); }, Bound, _time, Cancel));
    }

    [Fact]
    public async Task Caller_Cancels_TheWaitEndsAndTheReadsTokenIsCancelled()
    {
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var stuck = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var token = CancellationToken.None;

        var waiting = BoundedRead.RunAsync(t => { token = t; return stuck.Task; }, Bound, _time, caller.Token);
        await caller.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => waiting);
        token.IsCancellationRequested.ShouldBeTrue();
        stuck.SetResult(0);
    }
}
