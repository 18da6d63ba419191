using System.Net;
using Dashboard.Security;
using Dashboard.TestSupport;

namespace Dashboard.IntegrationTests.Api;

/// <summary>The OpenAPI document (no key needed: the API's shape only) and the reference page (signed-in people only).</summary>
[Collection(ApiServerCollection.Name)]
public sealed class ApiReferenceTests(ApiServerFixture api)
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OpenApiDocument_Anonymous_NamesEveryOperationAndTheBearerScheme()
    {
        using var response = await api.GetAsync(DashboardUrls.ApiOpenApiPath, null, Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var document = await ApiServerFixture.JsonAsync(response, Cancel);
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => o.Value.GetProperty("operationId").GetString())).ToList();
        operations.ShouldBe(
            ["ListZones", "GetZone", "ListRRsets", "GetLag", "GetLagHistory", "ListAuditEntries", "ApplyChangeSet", "GetChange", "RunCheck",
             "CreateTakedown", "CreateTakedowns", "GetTakedown", "RestoreTakedown"], ignoreOrder: true);
        document.GetProperty("paths").EnumerateObject().ShouldAllBe(p => p.Name.StartsWith("/api/v1/"), "pages, the hub and exports are not in it");
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        scheme.GetProperty("scheme").GetString().ShouldBe("bearer");
    }

    [Fact]
    public async Task ReferencePage_SignedOut_GoesToSignIn()
    {
        using var response = await api.GetAsync(DashboardUrls.ApiReferencePath + "/index.html", null, Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldContain(DashboardUrls.SignInPath);
    }

    [Fact]
    public async Task ReferencePage_SignedIn_IsServedFromHereUnderTheContentSecurityPolicy()
    {
        var cookie = await HttpSignIn.CookieAsync(api.Server.BaseAddress, TestUsers.OnCall, Cancel);
        using var http = api.Client();

        async Task<HttpResponseMessage> GetAsync(string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Cookie", cookie);
            return await http.SendAsync(request, Cancel);
        }

        using var page = await GetAsync(DashboardUrls.ApiReferencePath + "/index.html");
        using var script = await GetAsync(DashboardUrls.ApiReferencePath + "/swagger-ui-bundle.js");

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Headers.GetValues("Content-Security-Policy").ShouldHaveSingleItem().ShouldBe(SecurityHeaders.ContentSecurityPolicy);
        var html = await page.Content.ReadAsStringAsync(Cancel);
        html.ShouldNotContain("https://", customMessage: "no asset from a CDN");
        script.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
