using Dashboard.Configuration;
using Dashboard.Features.Auth;
using Dashboard.TestSupport;

namespace Dashboard.IntegrationTests.Zones;

/// <summary>Who edits in the integration tests, and a zone of a test's own (<c>it-xxxxxxxx.test</c>) made as <see cref="Operator"/>.</summary>
public static class EditingZone
{
    public static readonly Actor Operator = new("it-operator", "it-operator", new HashSet<string> { Roles.Operator });

    /// <summary>Reads only (OnCall): what the queries demand.</summary>
    public static readonly Actor Reader = new("it-reader", "it-reader", new HashSet<string> { Roles.OnCall });

    public static Task<ThrowawayZone> CreateAsync(StackFixture fixture, ZoneTier tier = ZoneTier.Free, CancellationToken ct = default) =>
        ThrowawayZone.CreateAsync(fixture.Services, Operator, tier, prefix: "it", ct: ct);
}
