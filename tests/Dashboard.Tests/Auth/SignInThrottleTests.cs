using System.Net;
using Dashboard.Features.Auth;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Auth;

public sealed class SignInThrottleTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-30T12:00:00Z"));
    private readonly SignInThrottle _throttle;

    public SignInThrottleTests() =>
        _throttle = new SignInThrottle(Microsoft.Extensions.Options.Options.Create(new SignInOptions { MaxFailures = 5, LockoutDuration = TimeSpan.FromMinutes(15) }), _time);

    [Fact]
    public void RecordFailure_FifthFromOneClient_BlocksThatClientOnly()
    {
        for (var i = 0; i < 4; i++)
        {
            _throttle.RecordFailure("alice", "192.0.2.1");
        }
        _throttle.IsBlocked("alice", "192.0.2.1").ShouldBeFalse();

        _throttle.RecordFailure("Alice ", "192.0.2.1");

        _throttle.IsBlocked("ALICE", "192.0.2.1").ShouldBeTrue();
        _throttle.IsBlocked("alice", "198.51.100.7").ShouldBeFalse();
        _throttle.IsBlocked("bob", "192.0.2.1").ShouldBeFalse();
    }

    [Fact]
    public void IsBlocked_AfterTheLockoutDuration_IsLifted()
    {
        for (var i = 0; i < 5; i++)
        {
            _throttle.RecordFailure("alice", "192.0.2.1");
        }

        _time.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));

        _throttle.IsBlocked("alice", "192.0.2.1").ShouldBeFalse();
    }

    [Fact]
    public void RecordFailure_SpreadOverMoreThanTheWindow_StartsCountingAgain()
    {
        for (var i = 0; i < 4; i++)
        {
            _throttle.RecordFailure("alice", "192.0.2.1");
        }
        _time.Advance(TimeSpan.FromMinutes(16));

        _throttle.RecordFailure("alice", "192.0.2.1");

        _throttle.IsBlocked("alice", "192.0.2.1").ShouldBeFalse();
    }

    [Fact]
    public void RecordSuccess_ForgetsTheFailures()
    {
        for (var i = 0; i < 4; i++)
        {
            _throttle.RecordFailure("alice", "192.0.2.1");
        }

        _throttle.RecordSuccess("alice", "192.0.2.1");
        _throttle.RecordFailure("alice", "192.0.2.1");

        _throttle.IsBlocked("alice", "192.0.2.1").ShouldBeFalse();
    }

    [Theory]
    [InlineData("192.0.2.1", "192.0.2.1")]
    [InlineData("::ffff:192.0.2.1", "192.0.2.1")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64")]
    public void ClientKey_Address_IsTheAddressOrItsSlash64(string address, string expected)
    {
        PasswordSignIn.ClientKey(IPAddress.Parse(address)).ShouldBe(expected);
    }
}
