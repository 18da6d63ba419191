using Dashboard.Dns;
using Dashboard.Features.Zones;

namespace Dashboard.Tests.Dns;

public class SoaSerialTests
{
    private static readonly DateOnly Today = new(2026, 3, 14);

    [Fact]
    public void TryNext_CurrentBelowToday_UsesDateSerial()
    {
        SoaSerial.TryNext(2025010100, Today, null, out var next, out _).ShouldBeTrue();
        next.ShouldBe(2026031400);
    }

    [Fact]
    public void TryNext_CurrentAlreadyToday_AddsOne()
    {
        SoaSerial.TryNext(2026031407, Today, null, out var next, out _).ShouldBeTrue();
        next.ShouldBe(2026031408);
    }

    [Fact]
    public void TryNext_CurrentAboveDate_NeverLowers()
    {
        SoaSerial.TryNext(3000000000, Today, null, out var next, out _).ShouldBeTrue();
        next.ShouldBe(3000000001);
    }

    [Fact]
    public void TryNext_RequestedHigher_IsHonoured()
    {
        SoaSerial.TryNext(2026031407, Today, 2026031500, out var next, out _).ShouldBeTrue();
        next.ShouldBe(2026031500);
    }

    [Fact]
    public void TryNext_RequestedLower_IsIgnoredAndStillBumps()
    {
        SoaSerial.TryNext(2026031407, Today, 2026031401, out var next, out _).ShouldBeTrue();
        next.ShouldBe(2026031408);
    }

    [Fact]
    public void TryNext_AtLargestSerial_RefusesRatherThanWrap()
    {
        SoaSerial.TryNext(4294967295, Today, null, out _, out var error).ShouldBeFalse();
        error.ShouldNotBeNull().ShouldContain("4294967295");
    }

    [Fact]
    public void TryNext_OneBelowLargest_ReachesLargest()
    {
        SoaSerial.TryNext(4294967294, Today, null, out var next, out _).ShouldBeTrue();
        next.ShouldBe(4294967295);
    }
}
