using Dashboard.Client.Live;
using Dashboard.Configuration;
using Dashboard.Features.Lag;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Lag;

public sealed class AlertTrackerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    private readonly AlertTracker _tracker = new("eu", new LagThresholds { Warning = TimeSpan.FromSeconds(1), Critical = TimeSpan.FromSeconds(5) }, 3);

    private AlertChange Feed(double? lagMs, ReplicaState state = ReplicaState.Streaming)
    {
        _time.Advance(TimeSpan.FromSeconds(1));
        return _tracker.Evaluate(new LagSampleDto("eu", _time.GetUtcNow(), state, lagMs, null, null, null, null, null, null,
            state is ReplicaState.Unreachable ? "database not answering: refused" : state is ReplicaState.Disconnected ? "WAL receiver not running" : null));
    }

    private IReadOnlyList<AlertChange> FeedAll(params double[] lags) => lags.Select(l => Feed(l)).ToList();

    [Fact]
    public void Evaluate_OverWarningForNSamples_OpensWarningOnTheNth()
    {
        FeedAll(1500, 1600).ShouldAllBe(c => c == AlertChange.None);
        _tracker.Open.ShouldBeNull();

        Feed(1200).ShouldBe(AlertChange.Opened);
        _tracker.Open!.Severity.ShouldBe(AlertSeverity.Warning);
        _tracker.Open.PeakLagMs.ShouldBe(1200);
        _tracker.Open.Cause.ShouldContain("warning");
    }

    [Fact]
    public void Evaluate_OpenAlert_HoldsWhileOverAndRaisesPeak()
    {
        FeedAll(1500, 1500, 1500);
        Feed(2500).ShouldBe(AlertChange.Updated);
        _tracker.Open!.PeakLagMs.ShouldBe(2500);
        Feed(2000).ShouldBe(AlertChange.None);
        _tracker.Open!.PeakLagMs.ShouldBe(2500);
    }

    [Fact]
    public void Evaluate_WarningThenCriticalForN_EscalatesTheSameAlert()
    {
        FeedAll(1500, 1500, 1500);
        var openedAt = _tracker.Open!.OpenedAt;
        FeedAll(6000, 6000);
        _tracker.Open!.Severity.ShouldBe(AlertSeverity.Warning);

        Feed(6000).ShouldBe(AlertChange.Updated);
        _tracker.Open!.Severity.ShouldBe(AlertSeverity.Critical);
        _tracker.Open.OpenedAt.ShouldBe(openedAt);
        _tracker.Open.Cause.ShouldContain("escalated");
    }

    [Fact]
    public void Evaluate_CriticalFromTheStart_OpensCritical()
    {
        FeedAll(7000, 7000, 7000).Last().ShouldBe(AlertChange.Opened);
        _tracker.Open!.Severity.ShouldBe(AlertSeverity.Critical);
    }

    [Fact]
    public void Evaluate_UnderWarningForN_Closes()
    {
        FeedAll(1500, 1500, 1500);
        FeedAll(100, 100).ShouldAllBe(c => c == AlertChange.None);
        _tracker.Open.ShouldNotBeNull();

        Feed(100).ShouldBe(AlertChange.Closed);
        _tracker.Open.ShouldBeNull();
        _tracker.LastClosed!.ClosedAt.ShouldBe(_time.GetUtcNow());
    }

    [Fact]
    public void Evaluate_FlappingAroundWarning_NeverOpens()
    {
        var changes = FeedAll(1500, 100, 1500, 1500, 100, 1500, 100, 1500, 1500, 200);

        changes.ShouldAllBe(c => c == AlertChange.None);
        _tracker.Open.ShouldBeNull();
    }

    [Fact]
    public void Evaluate_FlappingWhileOpen_NeverCloses()
    {
        FeedAll(1500, 1500, 1500);
        var changes = FeedAll(100, 100, 1500, 100, 100, 1500, 100);

        changes.ShouldNotContain(AlertChange.Closed);
        _tracker.Open.ShouldNotBeNull();
    }

    [Theory]
    [InlineData(ReplicaState.Disconnected, "disconnected")]
    [InlineData(ReplicaState.Unreachable, "unreachable")]
    public void Evaluate_ReplicaLost_OpensCriticalAtOnceSayingSo(ReplicaState state, string word)
    {
        Feed(null, state).ShouldBe(AlertChange.Opened);

        _tracker.Open!.Severity.ShouldBe(AlertSeverity.Critical);
        _tracker.Open.Cause.ShouldContain(word);
        _tracker.Open.PeakLagMs.ShouldBeNull();
    }

    [Fact]
    public void Evaluate_LostWhileWarning_EscalatesAtOnce()
    {
        FeedAll(1500, 1500, 1500);

        Feed(null, ReplicaState.Unreachable).ShouldBe(AlertChange.Updated);
        _tracker.Open!.Severity.ShouldBe(AlertSeverity.Critical);
        Feed(null, ReplicaState.Unreachable).ShouldBe(AlertChange.None);
    }

    [Fact]
    public void Evaluate_LostThenBackUnderWarning_ClosesAfterN()
    {
        Feed(null, ReplicaState.Disconnected);
        // The first known lag becomes the alert's peak; nothing else changes until N samples are under warning.
        FeedAll(50, 50).ShouldBe([AlertChange.Updated, AlertChange.None]);
        _tracker.Open!.PeakLagMs.ShouldBe(50);
        Feed(50).ShouldBe(AlertChange.Closed);
    }

    [Fact]
    public void Evaluate_UnknownLagWhileConnected_NeitherCountsNorBreaksARun()
    {
        FeedAll(1500, 1500);
        Feed(null).ShouldBe(AlertChange.None);
        Feed(1500).ShouldBe(AlertChange.Opened);
    }

    [Fact]
    public void Resume_AlertFoundOpen_ClosesItRatherThanOpeningAnother()
    {
        _tracker.Resume(new TrackedAlert(42, AlertSeverity.Warning, "eu: earlier", _time.GetUtcNow(), 1500));

        Feed(1500).ShouldBe(AlertChange.None);
        FeedAll(10, 10, 10).Last().ShouldBe(AlertChange.Closed);
        _tracker.LastClosed!.Id.ShouldBe(42);
    }

    [Fact]
    public void ValidateNote_BlankTooLongOrControl_RefusedWithReason()
    {
        Should.Throw<AlertCommandException>(() => AlertCommands.ValidateNote("   ")).Message.ShouldContain("required");
        Should.Throw<AlertCommandException>(() => AlertCommands.ValidateNote(new string('x', 501))).Message.ShouldContain("at most 500");
        Should.Throw<AlertCommandException>(() => AlertCommands.ValidateNote("a\0b")).Message.ShouldContain("control");
        AlertCommands.ValidateNote("  looking at it  ").ShouldBe("looking at it");
        AlertCommands.ValidateNote(new string('x', 500)).Length.ShouldBe(500);
    }
}
