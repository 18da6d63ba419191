using System.Net;
using Dashboard.Features.Auth;
using Dashboard.TestSupport;

namespace Dashboard.IntegrationTests.Api;

/// <summary>Who the API lets in: a working key only, checked against the database on every request.</summary>
public sealed class ApiKeyAuthenticationTests(ApiServerFixture api) : IClassFixture<ApiServerFixture>
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
}
