using System.Net;
using Dashboard.Features.ApiKeys;
using Dashboard.Client.Live;
using Dashboard.Features.Auth;
using Dashboard.TestSupport;

namespace Dashboard.IntegrationTests.Api;

/// <summary>Who the API lets in: a working key only, checked against the database on every request.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class ApiKeyAuthenticationTests(ApiServerFixture api)
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListZones_WithAWorkingKey_Is200WithTheZonesInCamelCase()
    {
        var owner = await api.CreateOwnerAsync(Cancel, Roles.Operator);
        var (key, _, _) = await api.CreateKeyAsync(owner.Id, [Permission.ReadZones], Cancel);

        using var response = await api.GetAsync("/api/v1/zones", key, Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancel));
        var zones = await ApiServerFixture.JsonAsync(response, Cancel);
        zones.EnumerateArray().Select(z => z.GetProperty("name").GetString()).ShouldContain("pro.tunnel.test");
        zones.EnumerateArray().First(z => z.GetProperty("name").GetString() == "free.tunnel.test").GetProperty("negativeTtl").GetInt64().ShouldBe(10);
    }

    [Fact]
    public async Task ListZones_WithoutAKey_Is401ProblemWithBearerChallenge()
    {
        using var response = await api.GetAsync("/api/v1/zones", null, Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer");
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        (await ApiServerFixture.JsonAsync(response, Cancel)).GetProperty("status").GetInt32().ShouldBe(401);
    }

    [Fact]
    public async Task ListZones_WithASignInCookieOnly_Is401()
    {
        var cookie = await HttpSignIn.CookieAsync(api.Server.BaseAddress, TestUsers.Admin, Cancel);
        using var http = api.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/zones");
        request.Headers.Add("Cookie", cookie);

        using var response = await http.SendAsync(request, Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.Location.ShouldBeNull("an API answer, never a redirect to the sign-in page");
    }

    /// <summary>Nothing caches a key's state: the request right after the change is refused.</summary>
    [Theory]
    [InlineData("revoked")]
    [InlineData("expired")]
    [InlineData("owner disabled")]
    public async Task KeyThatStopsWorking_TheVeryNextRequest_Is401(string change)
    {
        var owner = await api.CreateOwnerAsync(Cancel, Roles.Operator);
        var (key, _, id) = await api.CreateKeyAsync(owner.Id, [Permission.ReadZones], Cancel);
        using (var before = await api.GetAsync("/api/v1/zones", key, Cancel))
        {
            before.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        switch (change)
        {
            case "revoked":
                (await api.Services.Get<ApiKeyCommands>().RevokeAsync(Actor.System, id, Cancel)).ShouldBeOfType<ApiKeyResult.Revoked>();
                break;
            case "expired":
                await api.ExecuteAsync("UPDATE dashboard.api_keys SET expires_at = now() - interval '1 second' WHERE id = $1", id, Cancel);
                break;
            default:
                (await api.Services.Get<UserCommands>().DisableAsync(Actor.System, owner.Id, "left", Cancel)).Succeeded.ShouldBeTrue();
                break;
        }

        using var after = await api.GetAsync("/api/v1/zones", key, Cancel);
        after.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task OwnerLosesARole_TheKeyIsNarrowedAtOnce()
    {
        var owner = await api.CreateOwnerAsync(Cancel, Roles.Operator);
        var (key, _, _) = await api.CreateKeyAsync(owner.Id, [Permission.ReadZones, Permission.ReadAudit], Cancel);
        using (var before = await api.GetAsync("/api/v1/audit?size=1", key, Cancel))
        {
            before.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        (await api.Services.Get<UserCommands>().SetRolesAsync(Actor.System, owner.Id, [Roles.Abuse], Cancel)).Succeeded.ShouldBeTrue();

        using var audit = await api.GetAsync("/api/v1/audit?size=1", key, Cancel);
        audit.StatusCode.ShouldBe(HttpStatusCode.Forbidden, "Abuse may not read the audit trail, whatever the key says");
        (await ApiServerFixture.JsonAsync(audit, Cancel)).GetProperty("detail").GetString()!.ShouldContain("may not read the audit trail");
        using var zones = await api.GetAsync("/api/v1/zones", key, Cancel);
        zones.StatusCode.ShouldBe(HttpStatusCode.OK, "Abuse still reads zones");
    }

    [Fact]
    public async Task WrongSecretOfARealKey_Is401_AndUnknownKeysAre401()
    {
        var owner = await api.CreateOwnerAsync(Cancel, Roles.Operator);
        var (key, _, _) = await api.CreateKeyAsync(owner.Id, [Permission.ReadZones], Cancel);
        var wrong = key[..^1] + (key[^1] == 'A' ? 'B' : 'A');

        using var response = await api.GetAsync("/api/v1/zones", wrong, Cancel);
        using var unknown = await api.GetAsync("/api/v1/zones", ApiKeySecret.Create().Key, Cancel);
        using var garbage = await api.GetAsync("/api/v1/zones", "not-a-key", Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        unknown.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        garbage.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Key_OnAPageTheHubAndAnExport_OpensNothing()
    {
        var owner = await api.CreateOwnerAsync(Cancel, Roles.Admin);
        var (key, _, _) = await api.CreateKeyAsync(owner.Id, [Permission.ReadZones, Permission.ReadAll], Cancel);

        using var page = await api.GetAsync(DashboardUrls.ZonesPath, key, Cancel);
        using var export = await api.GetAsync("/zones/pro.tunnel.test/export", key, Cancel);
        using var http = api.Client();
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, LiveHubPaths.Hub + "/negotiate?negotiateVersion=1");
        negotiate.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        using var hub = await http.SendAsync(negotiate, Cancel);

        page.StatusCode.ShouldBe(HttpStatusCode.Redirect, "a page sends the bearer of a key to the sign-in page");
        page.Headers.Location!.OriginalString.ShouldContain(DashboardUrls.SignInPath);
        export.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        hub.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RateLimit_PastThePermits_Is429ProblemWithRetryAfter_ForThatKeyOnly()
    {
        var owner = await api.CreateOwnerAsync(Cancel, Roles.Operator);
        var (busy, _, _) = await api.CreateKeyAsync(owner.Id, [Permission.ReadZones], Cancel);
        var (quiet, _, _) = await api.CreateKeyAsync(owner.Id, [Permission.ReadZones], Cancel);
        for (var i = 0; i < ApiServerFixture.RateLimitPermits; i++)
        {
            using var ok = await api.GetAsync("/api/v1/zones", busy, Cancel);
            ok.StatusCode.ShouldBe(HttpStatusCode.OK, $"request {i + 1}");
        }

        using var limited = await api.GetAsync("/api/v1/zones", busy, Cancel);
        using var other = await api.GetAsync("/api/v1/zones", quiet, Cancel);

        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter.ShouldNotBeNull().Delta!.Value.TotalSeconds.ShouldBeInRange(1, 60);
        limited.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        (await ApiServerFixture.JsonAsync(limited, Cancel)).GetProperty("status").GetInt32().ShouldBe(429);
        other.StatusCode.ShouldBe(HttpStatusCode.OK, "another key has its own limit");
    }

    [Fact]
    public async Task FirstUse_RecordsWhenAndFromWhere()
    {
        var owner = await api.CreateOwnerAsync(Cancel, Roles.Operator);
        var (key, name, _) = await api.CreateKeyAsync(owner.Id, [Permission.ReadZones], Cancel);
        using (var response = await api.GetAsync("/api/v1/zones", key, Cancel))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var listed = (await api.Services.Get<ApiKeyQueries>().ListAsync(Actor.System, Cancel)).Single(k => k.Name == name);

        listed.LastUsedAt.ShouldNotBeNull().ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5));
        listed.LastUsedFrom.ShouldBe("127.0.0.1");
        listed.State.ShouldBe(ApiKeyState.Active);
    }
}
