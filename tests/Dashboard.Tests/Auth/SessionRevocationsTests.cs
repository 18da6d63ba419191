using Dashboard.Features.Auth;

namespace Dashboard.Tests.Auth;

public sealed class SessionRevocationsTests
{
    [Fact]
    public void Revoked_CallsTheCircuitsOfThatUserOnly()
    {
        var revocations = new SessionRevocations();
        var calls = new List<string>();
        using var a1 = revocations.Subscribe("a", () => calls.Add("a1"));
        using var a2 = revocations.Subscribe("a", () => calls.Add("a2"));
        using var b = revocations.Subscribe("b", () => calls.Add("b"));

        revocations.Revoked("a");
        revocations.Revoked("nobody");

        calls.ShouldBe(["a1", "a2"]);
    }

    [Fact]
    public void Dispose_EverySubscription_LeavesNothingBehind()
    {
        var revocations = new SessionRevocations();
        var calls = 0;
        var first = revocations.Subscribe("a", () => calls++);
        var second = revocations.Subscribe("a", () => calls++);

        first.Dispose();
        revocations.WatchedUsers.ShouldBe(1);
        second.Dispose();
        second.Dispose();
        revocations.Revoked("a");

        calls.ShouldBe(0);
        revocations.WatchedUsers.ShouldBe(0, "a closed circuit's callback (and the circuit it holds) must not stay reachable");
    }
}
