using Dashboard.Features.Api;
using Dashboard.Features.ApiKeys;
using Dashboard.Features.Auth;

namespace Dashboard.Tests.ApiKeys;

public sealed class ApiKeyRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Create_Key_ParsesBackToItsIdAndMatchesOnlyItsOwnHash()
    {
        var (id, key, hash) = ApiKeySecret.Create();

        key.ShouldStartWith($"dash_{id:N}_");
        ApiKeySecret.TryParse(key, out var parsedId, out var secret).ShouldBeTrue();
        parsedId.ShouldBe(id);
        ApiKeySecret.Matches(secret!, hash).ShouldBeTrue();
        ApiKeySecret.Matches(secret![..^1] + (secret[^1] == 'A' ? 'B' : 'A'), hash).ShouldBeFalse();
        ApiKeySecret.Create().Key.ShouldNotBe(key);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("dash_not-a-guid-at-all-not-a-guid-at-al_0123456789012345678901234567890123456789012")]
    [InlineData("dash_0123456789abcdef0123456789abcdef_short")]
    [InlineData("ghp_0123456789abcdef0123456789abcdef_0123456789012345678901234567890123456789012")]
    public void TryParse_NotAKey_IsFalse(string text) => ApiKeySecret.TryParse(text, out _, out _).ShouldBeFalse();

    [Fact]
    public void Can_KeyOfAnOperatorGivenTakedown_HasNeitherWhatTheKeyLacksNorWhatTheRoleLacks()
    {
        var actor = new Actor("u", "key:k", new HashSet<string> { Roles.Operator })
        {
            Key = new ApiKeyScope(Guid.NewGuid(), "k", new HashSet<Permission> { Permission.ReadZones, Permission.Takedown }, new HashSet<string>()),
        };

        actor.Can(Permission.ReadZones).ShouldBeTrue();
        actor.Can(Permission.EditDns).ShouldBeFalse("the key was not given it");
        actor.Can(Permission.Takedown).ShouldBeFalse("the owner's roles do not allow it");
        Should.Throw<AccessDeniedException>(() => actor.Demand(Permission.EditDns)).Message.ShouldContain("key:k may not change DNS data");
    }

    [Fact]
    public void DemandZone_ZoneLimitedKey_AllowsItsZonesInAnySpellingAndRefusesOthers()
    {
        var actor = new Actor("u", "key:k", new HashSet<string> { Roles.Admin })
        {
            Key = new ApiKeyScope(Guid.NewGuid(), "k", new HashSet<Permission> { Permission.ReadZones }, new HashSet<string> { "free.tunnel.test" }),
        };

        actor.DemandZone("Free.Tunnel.Test.");
        Should.Throw<AccessDeniedException>(() => actor.DemandZone("pro.tunnel.test")).Zone.ShouldBe("pro.tunnel.test");
        actor.WhereZone(["free.tunnel.test", "pro.tunnel.test"], z => z).ShouldBe(["free.tunnel.test"]);
        new Actor("u", "person", new HashSet<string> { Roles.Admin }).CanZone("pro.tunnel.test").ShouldBeTrue("people are never zone-limited");
    }

    [Fact]
    public void Grantable_NeverManageUsers()
    {
        ApiKeyRules.Grantable.ShouldNotContain(Permission.ManageUsers);
        ApiKeyRules.GrantableFor([Roles.Abuse]).ShouldBe([Permission.ReadZones, Permission.RunChecks, Permission.Takedown], ignoreOrder: true);
    }

    [Fact]
    public void SetOwner_AnotherOwner_DropsThePermissionsTheNewOneMayNotGive()
    {
        var form = new ApiKeyForm(Now, TimeSpan.FromDays(90), TimeSpan.FromDays(365));
        form.SetOwner(new ApiKeyOwner("a", "abuse", [Roles.Abuse]));
        form.Toggle(Permission.Takedown, true);
        form.Toggle(Permission.ReadZones, true);
        form.Toggle(Permission.EditDns, true);
        form.Permissions.ShouldBe([Permission.Takedown, Permission.ReadZones], ignoreOrder: true);

        form.SetOwner(new ApiKeyOwner("o", "oncall", [Roles.OnCall]));

        form.Permissions.ShouldBe([Permission.ReadZones]);
        form.Offered.ShouldNotContain(Permission.Takedown);
    }

    [Fact]
    public void Problems_ExpiryPastTheMaximum_IsNamed()
    {
        var form = new ApiKeyForm(Now, TimeSpan.FromDays(90), TimeSpan.FromDays(365)) { Name = "abuse-intake" };
        form.SetOwner(new ApiKeyOwner("a", "abuse", [Roles.Abuse]));
        form.Toggle(Permission.Takedown, true);
        form.Problems().ShouldBeEmpty();
        form.ToRequest().ExpiresAt.ShouldBe(new DateTimeOffset(2027, 3, 1, 23, 59, 59, TimeSpan.Zero));

        form.ExpiresOn = Now.UtcDateTime.Date.AddDays(400);

        form.Problems().ShouldHaveSingleItem().ShouldContain("expiry");
    }

    [Fact]
    public void Validate_DefaultsAndNonsense_OnlyNonsenseFails()
    {
        new ValidateApiOptions().Validate(null, new ApiOptions()).Succeeded.ShouldBeTrue();
        var bad = new ValidateApiOptions().Validate(null, new ApiOptions { RateLimitPermits = 0, MaxKeyLifetime = TimeSpan.FromDays(5000) });
        bad.Failures!.Count().ShouldBe(2);
    }
}
