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
    public void TryNext_AtLargestSerialFromIssue_WrapsForwardInsteadOfRefusing()
    {
        // Issue #7: after importing serial 4294967295, every later change was refused.
        SoaSerial.TryNext(4294967295, Today, null, out var next, out var error).ShouldBeTrue(error);

        next.ShouldBe(2026031400);
    }

    [Fact]
    public void TryNext_AtLargestSerialWhenDateIsBehind_WrapsToOne()
    {
        // 2148-01-01 as a date serial is 2^31 + more ahead of 4294967295, so it reads as behind: count on by one.
        SoaSerial.TryNext(4294967295, new DateOnly(2148, 1, 1), null, out var next, out _).ShouldBeTrue();

        next.ShouldBe(1);
    }

    [Fact]
    public void TryNext_AfterWrap_KeepsGoingForward()
    {
        SoaSerial.TryNext(1, new DateOnly(2148, 1, 1), null, out var next, out _).ShouldBeTrue();
        next.ShouldBe(2);
    }

    [Fact]
    public void TryNext_RequestedTooFarAhead_RefusedInPlainWords()
    {
        SoaSerial.TryNext(2026031407, Today, 4294967295, out _, out var error).ShouldBeFalse();

        error.ShouldNotBeNull().ShouldContain("more than 2147483647 ahead");
    }

    [Fact]
    public void TryNext_RequestedPastTheWrap_IsAhead()
    {
        SoaSerial.TryNext(4294967000, Today, 5, out var next, out _).ShouldBeTrue();
        next.ShouldBe(5);
    }

    [Theory]
    [InlineData(1, 0, true)]
    [InlineData(0, 4294967295, true)]
    [InlineData(1, 4294967295, true)]
    [InlineData(2026031400, 4294967295, true)]
    [InlineData(4294967295, 2026031400, false)]
    [InlineData(2147483647, 0, true)]
    [InlineData(2147483648, 0, false)]
    [InlineData(0, 2147483648, false)]
    [InlineData(5, 5, false)]
    public void IsGreater_FollowsRfc1982(long s1, long s2, bool expected)
    {
        SoaSerial.IsGreater(s1, s2).ShouldBe(expected);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(4294967294, 4294967295)]
    [InlineData(4294967295, 1)]
    public void Increment_WrapsAndSkipsZero(long current, long expected)
    {
        SoaSerial.Increment(current).ShouldBe(expected);
        SoaSerial.IsGreater(expected, current).ShouldBeTrue();
    }

    [Fact]
    public void TryNext_OneBelowLargest_ReachesLargest()
    {
        SoaSerial.TryNext(4294967294, new DateOnly(2148, 1, 1), null, out var next, out _).ShouldBeTrue();
        next.ShouldBe(4294967295);
    }
}
