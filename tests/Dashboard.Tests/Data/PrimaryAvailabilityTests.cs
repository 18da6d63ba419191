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
        var calls = 0;
        using var subscription = primary.Subscribe(() => calls++);

        primary.ReportUnreachable("connection refused");
        _time.Advance(TimeSpan.FromSeconds(5));
        primary.ReportUnreachable("connection refused");
        primary.ReportUnreachable("timed out");

        primary.Current.ShouldBe(new PrimaryState(false, DateTimeOffset.Parse("2026-11-30T12:00:00Z"), "timed out"));
        calls.ShouldBe(2);
    }

    [Fact]
    public void ReportReachable_EndsTheOutage_AndTheNextOneHasItsOwnStart()
    {
        var primary = new PrimaryAvailability(_time);
        var calls = 0;
        using var subscription = primary.Subscribe(() => calls++);
        primary.ReportReachable();
        calls.ShouldBe(0);

        primary.ReportUnreachable("connection refused");
        primary.ReportReachable();
        _time.Advance(TimeSpan.FromMinutes(1));
        primary.ReportUnreachable("connection refused");

        primary.Current.Since.ShouldBe(DateTimeOffset.Parse("2026-11-30T12:01:00Z"));
        calls.ShouldBe(3);
    }
}
