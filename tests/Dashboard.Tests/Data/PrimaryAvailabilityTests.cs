using Dashboard.Data;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Data;

public sealed class PrimaryAvailabilityTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-30T12:00:00Z"));

    [Fact]
    public void ReportUnreachable_KeepsWhenTheOutageBeganAndNotifiesOnlyOnChange()
    {
        var primary = new PrimaryAvailability(_time);
        primary.ReportUnreachable("connection refused");
        _time.Advance(TimeSpan.FromSeconds(5));
        primary.ReportUnreachable("connection refused");
        primary.ReportUnreachable("timed out");

        primary.Current.ShouldBe(new PrimaryState(false, DateTimeOffset.Parse("2026-11-30T12:00:00Z"), "timed out"));
        // Subscribers hear real changes only: down, then a new reason (the same outage's start kept).
        primary.Version.ShouldBe(2);
    }

    [Fact]
    public void ReportReachable_EndsTheOutage_AndTheNextOneHasItsOwnStart()
    {
        var primary = new PrimaryAvailability(_time);
        primary.ReportReachable();
        primary.Version.ShouldBe(0);

        primary.ReportUnreachable("connection refused");
        primary.ReportReachable();
        _time.Advance(TimeSpan.FromMinutes(1));
        primary.ReportUnreachable("connection refused");

        primary.Current.Since.ShouldBe(DateTimeOffset.Parse("2026-11-30T12:01:00Z"));
        primary.Version.ShouldBe(3);
    }

    [Fact]
    public async Task CheckAsync_ReadCannotReachTheDatabase_ReportsItAndThrowsUnavailableNotRefused()
    {
        var primary = new PrimaryAvailability(_time);

        var thrown = await Should.ThrowAsync<PrimaryUnavailableException>(() =>
            primary.CheckAsync<string?>(() => throw new TimeoutException("no answer"), CancellationToken.None));

        primary.Current.IsReachable.ShouldBeFalse();
        primary.Current.Reason.ShouldBe(thrown.Reason);
        (await primary.CheckAsync(() => Task.FromResult("ok"), CancellationToken.None)).ShouldBe("ok");
        primary.Current.IsReachable.ShouldBeTrue("a read that answered ends the outage");
    }

    [Fact]
    public async Task CheckAsync_OtherFailure_IsNotAnOutage()
    {
        var primary = new PrimaryAvailability(_time);

        await Should.ThrowAsync<InvalidOperationException>(() => primary.CheckAsync<int>(() => throw new InvalidOperationException("a bug"), CancellationToken.None));

        primary.Current.IsReachable.ShouldBeTrue();
    }
}
