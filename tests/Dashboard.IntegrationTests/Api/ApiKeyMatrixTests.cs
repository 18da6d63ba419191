using System.Net;
using Dashboard.Features.Auth;

namespace Dashboard.IntegrationTests.Api;

/// <summary>
/// Permission × endpoint over API keys: an Admin's key narrowed to one permission may call exactly the endpoints that
/// permission covers (403 problem otherwise), an owner's roles bound every key, and a zone-limited key sees its zones only.
/// </summary>
[Collection(ApiServerCollection.Name)]
public sealed class ApiKeyMatrixTests(ApiServerFixture api)
{
    private const string Free = "free.tunnel.test";
    private const string Pro = "pro.tunnel.test";

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Each read endpoint with the permission it needs, written out by hand so a change to the services shows here.</summary>
    private static readonly (string Path, Permission Needs)[] Endpoints =
    [
        ("/api/v1/zones", Permission.ReadZones),
        ($"/api/v1/zones/{Pro}", Permission.ReadZones),
        ($"/api/v1/zones/{Pro}/rrsets?size=5", Permission.ReadZones),
        ("/api/v1/lag", Permission.ReadAll),
        ("/api/v1/lag/history", Permission.ReadAll),
        ("/api/v1/audit?size=5", Permission.ReadAudit),
    ];

    public static TheoryData<string, Permission, bool> Matrix()
    {
        var data = new TheoryData<string, Permission, bool>();
        foreach (var (path, needs) in Endpoints)
        {
            foreach (var given in new[] { Permission.ReadZones, Permission.ReadAll, Permission.ReadAudit, Permission.RunChecks, Permission.Takedown })
            {
                data.Add(path, given, given == needs);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Endpoint_AdminsKeyNarrowedToOnePermission_AllowedOnlyWhereThatPermissionIsNeeded(string path, Permission given, bool allowed)
    {
        var owner = await api.CreateOwnerAsync(Cancel, Roles.Admin);
        var (key, name, _) = await api.CreateKeyAsync(owner.Id, [given], Cancel);

        using var response = await api.GetAsync(path, key, Cancel);

        if (allowed)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancel));
        }
        else
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
            (await ApiServerFixture.JsonAsync(response, Cancel)).GetProperty("detail").GetString()!.ShouldContain($"key:{name} may not");
        }
    }

    [Theory]
    [InlineData(Roles.Abuse, "/api/v1/zones", true)]
    [InlineData(Roles.Abuse, "/api/v1/lag", false)]
    [InlineData(Roles.Abuse, "/api/v1/audit", false)]
    [InlineData(Roles.OnCall, "/api/v1/lag", true)]
    [InlineData(Roles.OnCall, "/api/v1/audit", true)]
    [InlineData(Roles.Operator, "/api/v1/audit", true)]
    public async Task Endpoint_KeyWithEveryPermissionTheRoleAllows_IsBoundByTheOwnersRole(string role, string path, bool allowed)
    {
        var owner = await api.CreateOwnerAsync(Cancel, role);
        var (key, _, _) = await api.CreateKeyAsync(owner.Id, Dashboard.Features.ApiKeys.ApiKeyRules.GrantableFor([role]), Cancel);

        using var response = await api.GetAsync(path, key, Cancel);

        response.StatusCode.ShouldBe(allowed ? HttpStatusCode.OK : HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ZoneLimitedKey_ItsZoneWorks_OtherZones403_ListsFiltered()
    {
        var owner = await api.CreateOwnerAsync(Cancel, Roles.Operator);
        var (key, _, _) = await api.CreateKeyAsync(owner.Id, [Permission.ReadZones, Permission.ReadAudit], Cancel, zones: [Free]);

        using var list = await api.GetAsync("/api/v1/zones", key, Cancel);
        using var own = await api.GetAsync($"/api/v1/zones/{Free}", key, Cancel);
        using var ownRRsets = await api.GetAsync($"/api/v1/zones/{Free}/rrsets?size=3", key, Cancel);
        using var other = await api.GetAsync($"/api/v1/zones/{Pro}", key, Cancel);
        using var otherRRsets = await api.GetAsync($"/api/v1/zones/{Pro}/rrsets", key, Cancel);
        using var audit = await api.GetAsync("/api/v1/audit?size=200", key, Cancel);

        (await ApiServerFixture.JsonAsync(list, Cancel)).EnumerateArray().Select(z => z.GetProperty("name").GetString()).ShouldBe([Free]);
        own.StatusCode.ShouldBe(HttpStatusCode.OK);
        var detail = await ApiServerFixture.JsonAsync(own, Cancel);
        detail.GetProperty("negativeTtl").GetInt64().ShouldBe(10, "min(SOA TTL 60, MINIMUM 10)");
        detail.GetProperty("soa").GetProperty("minimum").GetInt64().ShouldBe(10);
        ownRRsets.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ApiServerFixture.JsonAsync(ownRRsets, Cancel)).GetProperty("items").GetArrayLength().ShouldBe(3);
        other.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ApiServerFixture.JsonAsync(other, Cancel)).GetProperty("detail").GetString()!.ShouldContain(Pro);
        otherRRsets.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        audit.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ApiServerFixture.JsonAsync(audit, Cancel)).GetProperty("entries").EnumerateArray()
            .ShouldAllBe(e => e.GetProperty("zone").GetString() == Free);
    }

    [Fact]
    public async Task UnknownZone_Is404Problem()
    {
        var owner = await api.CreateOwnerAsync(Cancel, Roles.Operator);
        var (key, _, _) = await api.CreateKeyAsync(owner.Id, [Permission.ReadZones], Cancel);

        using var response = await api.GetAsync("/api/v1/zones/no-such-zone.test", key, Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task InvalidPaging_Is400ValidationProblem_OneEntryPerField()
    {
        var owner = await api.CreateOwnerAsync(Cancel, Roles.Operator);
        var (key, _, _) = await api.CreateKeyAsync(owner.Id, [Permission.ReadZones], Cancel);

        using var response = await api.GetAsync($"/api/v1/zones/{Pro}/rrsets?page=0&size=100000&type=NOPE", key, Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var errors = (await ApiServerFixture.JsonAsync(response, Cancel)).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).ShouldBe(["page", "size", "type"], ignoreOrder: true);
    }
}
