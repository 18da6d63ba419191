using System.Security.Claims;
using Dashboard.Configuration;
using Dashboard.Data;
using Dashboard.Features.Auth;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Auth;

/// <summary>
/// The periodic sign-in check against a database that refuses connections (nothing listens on port 1): a real fault,
/// not a fake resolver.
/// </summary>
public sealed class RevalidatingActorStateProviderTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-30T12:00:00Z"));
    private readonly RegionDataSources _sources;
    private readonly PrimaryAvailability _primary;

    public RevalidatingActorStateProviderTests()
    {
        _sources = new RegionDataSources(Options.Create(new DashboardOptions
        {
            Regions = [new RegionOptions { Name = "us", Role = RegionRole.Primary, ConnectionString = "Host=127.0.0.1;Port=1;Database=none;Timeout=1" }],
        }));
        _primary = new PrimaryAvailability(_time);
    }

    private RevalidatingActorStateProvider Provider() => new(
        NullLoggerFactory.Instance,
        new ActorResolver(_sources, Options.Create(new IdentityOptions()), _primary),
        Options.Create(new AuthOptions { SessionOutageGrace = TimeSpan.FromMinutes(15) }),
        _time,
        new SessionRevocations());

    private static AuthenticationState SignedIn() =>
        new(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "user-1"), new Claim(DatabaseTicketStore.SessionIdClaimType, "s-1")], "test")));

    [Fact]
    public async Task Check_PrimaryUnreachable_KeepsTheSessionForTheGraceThenSignsOut()
    {
        using var provider = Provider();
        var changes = 0;
        provider.Changed += () => changes++;
        var cancel = TestContext.Current.CancellationToken;

        (await provider.CheckAsync(SignedIn(), cancel)).ShouldBeTrue("cannot check is not revoked");
        provider.UnverifiedSince.ShouldBe(_time.GetUtcNow());
        provider.SignedInUntil.ShouldBe(_time.GetUtcNow().AddMinutes(15));
        _primary.Current.IsReachable.ShouldBeFalse();
        _primary.Current.Reason.ShouldBe("connection refused");

        _time.Advance(TimeSpan.FromMinutes(14));
        (await provider.CheckAsync(SignedIn(), cancel)).ShouldBeTrue();

        _time.Advance(TimeSpan.FromMinutes(1));
        (await provider.CheckAsync(SignedIn(), cancel)).ShouldBeFalse("15 minutes without a check ends the session");
        changes.ShouldBe(1);
    }

    public async ValueTask DisposeAsync() => await _sources.DisposeAsync();
}
