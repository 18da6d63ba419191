using System.Net;
using Dashboard.Features.ApiKeys;
using Dashboard.Features.Audit;
using Dashboard.Features.Auth;
using Dashboard.TestSupport;

namespace Dashboard.IntegrationTests.Api;

/// <summary>What a key does is audited as key:&lt;name&gt; with its owner, by the database; making and revoking keys is audited too.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class ApiKeyAuditTests(ApiServerFixture api)
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ZoneCreatedThroughAKey_IsAuditedAsTheKey_WithItsOwnerAndKeyId()
    {
        var owner = await api.CreateOwnerAsync(Cancel, Roles.Operator);
        var (key, name, id) = await api.CreateKeyAsync(owner.Id, [Permission.ReadZones, Permission.EditDns], Cancel);
        var (actor, _) = await api.Services.Get<ApiKeyResolver>().ResolveAsync(key, IPAddress.Loopback, Cancel);

        await using var zone = await ThrowawayZone.CreateAsync(api.Services, actor.ShouldNotBeNull(), ct: Cancel);

        var entry = await LatestAsync(AuditActions.ZoneCreate, zone.Name);
        entry.ActorName.ShouldBe($"key:{name}");
        entry.ActorId.ShouldBe(owner.Id);
        entry.ApiKeyId.ShouldBe(id);
    }

    [Fact]
    public async Task ZoneLimitedKey_ChangingAnotherZone_IsRefusedWithNothingWritten()
    {
        var owner = await api.CreateOwnerAsync(Cancel, Roles.Operator);
        var (key, _, _) = await api.CreateKeyAsync(owner.Id, [Permission.ReadZones, Permission.EditDns], Cancel, zones: ["free.tunnel.test"]);
        var (actor, _) = await api.Services.Get<ApiKeyResolver>().ResolveAsync(key, IPAddress.Loopback, Cancel);
        var other = ThrowawayZone.NewName("limited");

        var refused = await Should.ThrowAsync<AccessDeniedException>(() =>
            api.Services.Get<Dashboard.Features.Zones.ZoneCommands>().CreateZoneAsync(actor!, other, Dashboard.Configuration.ZoneTier.Free, Cancel));

        refused.Zone.ShouldBe(other);
        (await api.Services.Get<AuditQueries>().PageAsync(Actor.System, new AuditFilter(Zone: other), 0, 10, Cancel)).TotalCount.ShouldBe(0);
    }

    [Fact]
    public async Task CreateAndRevoke_AreAudited_WithoutTheSecret()
    {
        var owner = await api.CreateOwnerAsync(Cancel, Roles.Abuse);
        var (key, name, id) = await api.CreateKeyAsync(owner.Id, [Permission.Takedown], Cancel);
        await api.Services.Get<ApiKeyCommands>().RevokeAsync(Actor.System, id, Cancel);

        var created = await LatestAsync(AuditActions.ApiKeyCreate, $"key:{name}");
        var revoked = await LatestAsync(AuditActions.ApiKeyRevoke, $"key:{name}");

        created.After.ShouldNotBeNull().ShouldContain("Takedown");
        created.After.ShouldContain(owner.Name);
        revoked.After.ShouldBe("revoked");
        // The key's own parser: the secret is base64url, so it may hold '_' itself (splitting at the last '_' left a
        // character or two, which an audit text could contain by chance: a flaky test).
        ApiKeySecret.TryParse(key, out _, out var secret).ShouldBeTrue();
        new[] { created.Before, created.After, revoked.Before, revoked.After }.ShouldAllBe(text => text == null || !text.Contains(secret));
    }

    [Fact]
    public async Task Create_PermissionBeyondTheOwnersRoles_IsRefusedWithNothingWritten()
    {
        var owner = await api.CreateOwnerAsync(Cancel, Roles.Abuse);
        var name = $"k-{Guid.NewGuid():N}"[..20];

        var result = await api.Services.Get<ApiKeyCommands>().CreateAsync(Actor.System,
            new ApiKeyRequest(name, owner.Id, [Permission.EditDns], [], DateTimeOffset.UtcNow.AddDays(1)), Cancel);

        result.ShouldBeOfType<ApiKeyResult.Invalid>().Errors.ShouldHaveSingleItem().ShouldContain("do not allow EditDns");
        (await api.Services.Get<ApiKeyQueries>().ListAsync(Actor.System, Cancel)).ShouldNotContain(k => k.Name == name);
    }

    private async Task<AuditEntry> LatestAsync(string action, string name)
    {
        var page = await api.Services.Get<AuditQueries>().PageAsync(Actor.System, new AuditFilter(Action: action, Name: name), 0, 1, Cancel);
        return page.Entries.ShouldHaveSingleItem();
    }
}
