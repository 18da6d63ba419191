using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Features.Auth;
using Dashboard.TestSupport;

namespace Dashboard.IntegrationTests.Api;

/// <summary>
/// The API's writes and runs against the real stack: change sets (versions, conflicts, per-field errors, idempotency
/// keys, propagation), resolution checks and takedowns, each through the services the pages use.
/// </summary>
[Collection(ApiServerCollection.Name)]
public sealed class ApiWriteTests(ApiServerFixture api)
{
    private const string Pro = "pro.tunnel.test";
    private const string Free = "free.tunnel.test";

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ApplyChangeSet_NewRRset_IsAppliedAuditedAsTheKeyAndConfirmedInEveryRegion()
    {
        var (key, keyName) = await KeyAsync(Roles.Operator, [Permission.ReadZones, Permission.EditDns]);
        // Not 192.0.2.10, 20 or 25: the demo edges have those, and other tests search for them.
        var name = Unique("new", Pro);

        using var response = await SendAsync(HttpMethod.Post, $"/api/v1/zones/{Pro}/changesets?wait=30", key, ChangeSet(name, "A", 300, null, "192.0.2.110"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancel));
        var body = await ApiServerFixture.JsonAsync(response, Cancel);
        body.GetProperty("recordChanges").GetInt32().ShouldBe(1);
        body.GetProperty("replayed").GetBoolean().ShouldBeFalse();
        var propagation = body.GetProperty("propagation");
        propagation.GetProperty("regions").EnumerateArray().Select(r => r.GetProperty("region").GetString())
            .ShouldBe(TestStack.Load().RegionNames, ignoreOrder: true);
        propagation.GetProperty("allVisible").GetBoolean().ShouldBeTrue(propagation.ToString());
        (await SerialAsync(key, Pro)).ShouldBe(body.GetProperty("serial").GetInt64());
        (await AuditActorsAsync(name)).ShouldBe([ $"record.add key:{keyName}" ]);

        // The follow link reads the same change back.
        using var follow = await SendAsync(HttpMethod.Get, body.GetProperty("follow").GetString()!, key, null);
        follow.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ApiServerFixture.JsonAsync(follow, Cancel)).GetProperty("serial").GetInt64().ShouldBe(body.GetProperty("serial").GetInt64());
    }

    /// <summary>The zone, its tier and the named RRsets are read at once; a zone that is not there is still a plain 404.</summary>
    [Fact]
    public async Task ApplyChangeSet_ZoneThatDoesNotExist_Is404Problem()
    {
        var (key, _) = await KeyAsync(Roles.Operator, [Permission.ReadZones, Permission.EditDns]);

        using var response = await SendAsync(HttpMethod.Post, "/api/v1/zones/no-such-zone.test/changesets?wait=0", key, ChangeSet("www.no-such-zone.test.", "A", 300, null, "192.0.2.111"));

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound, await response.Content.ReadAsStringAsync(Cancel));
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task ApplyChangeSet_RetriedWithTheSameIdempotencyKey_AppliesOnceAndAnswersTheSameChange()
    {
        var (key, _) = await KeyAsync(Roles.Operator, [Permission.ReadZones, Permission.EditDns]);
        var name = Unique("idem", Pro);
        var idempotencyKey = Guid.NewGuid().ToString();
        var change = ChangeSet(name, "TXT", 300, null, "\"once\"");

        using var first = await SendAsync(HttpMethod.Post, $"/api/v1/zones/{Pro}/changesets?wait=0", key, change, idempotencyKey);
        first.StatusCode.ShouldBe(HttpStatusCode.OK, await first.Content.ReadAsStringAsync(Cancel));
        var applied = await ApiServerFixture.JsonAsync(first, Cancel);
        var serial = await SerialAsync(key, Pro);

        using var retry = await SendAsync(HttpMethod.Post, $"/api/v1/zones/{Pro}/changesets?wait=0", key, change, idempotencyKey);

        retry.StatusCode.ShouldBe(HttpStatusCode.OK, await retry.Content.ReadAsStringAsync(Cancel));
        retry.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        var replayed = await ApiServerFixture.JsonAsync(retry, Cancel);
        replayed.GetProperty("replayed").GetBoolean().ShouldBeTrue();
        replayed.GetProperty("changeId").GetGuid().ShouldBe(applied.GetProperty("changeId").GetGuid());
        replayed.GetProperty("serial").GetInt64().ShouldBe(applied.GetProperty("serial").GetInt64());
        (await SerialAsync(key, Pro)).ShouldBe(serial, "the retry bumped the serial: it applied again");
        (await AuditActorsAsync(name)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task ApplyChangeSet_SameIdempotencyKeySentFourTimesAtOnce_AppliesOnceAndEveryAnswerIsThatChange()
    {
        var (key, _) = await KeyAsync(Roles.Operator, [Permission.ReadZones, Permission.EditDns]);
        var name = Unique("race", Pro);
        var idempotencyKey = Guid.NewGuid().ToString();
        var change = ChangeSet(name, "A", 300, null, "192.0.2.44");

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            SendAsync(HttpMethod.Post, $"/api/v1/zones/{Pro}/changesets?wait=0", key, change, idempotencyKey)));

        try
        {
            foreach (var response in responses)
            {
                response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancel));
            }
            var ids = new HashSet<Guid>();
            foreach (var response in responses)
            {
                ids.Add((await ApiServerFixture.JsonAsync(response, Cancel)).GetProperty("changeId").GetGuid());
            }
            ids.Count.ShouldBe(1);
            (await AuditActorsAsync(name)).Count.ShouldBe(1);
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task ApplyChangeSet_SameIdempotencyKeyForAnotherRequest_Is422AndWritesNothing()
    {
        var (key, _) = await KeyAsync(Roles.Operator, [Permission.ReadZones, Permission.EditDns]);
        var idempotencyKey = Guid.NewGuid().ToString();
        using (var first = await SendAsync(HttpMethod.Post, $"/api/v1/zones/{Pro}/changesets?wait=0", key, ChangeSet(Unique("a", Pro), "A", 300, null, "192.0.2.1"), idempotencyKey))
        {
            first.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        var other = Unique("b", Pro);

        using var second = await SendAsync(HttpMethod.Post, $"/api/v1/zones/{Pro}/changesets?wait=0", key, ChangeSet(other, "A", 300, null, "192.0.2.2"), idempotencyKey);

        second.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await AuditActorsAsync(other)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ApplyChangeSet_AnRRsetChangedSinceItWasRead_Is409NamingIt_AndWritesNothing()
    {
        var (key, _) = await KeyAsync(Roles.Operator, [Permission.ReadZones, Permission.EditDns]);
        var name = Unique("stale", Pro);
        using (var created = await SendAsync(HttpMethod.Post, $"/api/v1/zones/{Pro}/changesets?wait=0", key, ChangeSet(name, "A", 300, null, "192.0.2.1")))
        {
            created.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        var version = await VersionAsync(key, name, "A");
        using (var edited = await SendAsync(HttpMethod.Post, $"/api/v1/zones/{Pro}/changesets?wait=0", key, ChangeSet(name, "A", 300, version, "192.0.2.2")))
        {
            edited.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        var serial = await SerialAsync(key, Pro);
        var untouched = Unique("untouched", Pro);

        // Still naming the version before the edit, together with a change that alone would be fine.
        using var response = await SendAsync(HttpMethod.Post, $"/api/v1/zones/{Pro}/changesets?wait=0", key, new
        {
            rrsets = new object[]
            {
                new { name = untouched, type = "A", ttl = 300, version = (string?)null, records = new[] { new { content = "192.0.2.9" } } },
                new { name, type = "A", ttl = 300, version, records = new[] { new { content = "192.0.2.3" } } },
            },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict, await response.Content.ReadAsStringAsync(Cancel));
        var conflict = (await ApiServerFixture.JsonAsync(response, Cancel)).GetProperty("conflicts").EnumerateArray().Single();
        conflict.GetProperty("index").GetInt32().ShouldBe(1);
        conflict.GetProperty("rrset").GetString().ShouldBe($"{name} A");
        (await SerialAsync(key, Pro)).ShouldBe(serial);
        (await AuditActorsAsync(untouched)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ApplyChangeSet_InvalidFields_Is400WithOneEntryPerField_AndWritesNothing()
    {
        var (key, _) = await KeyAsync(Roles.Operator, [Permission.ReadZones, Permission.EditDns]);
        var good = Unique("good", Pro);
        var serial = await SerialAsync(key, Pro);

        using var response = await SendAsync(HttpMethod.Post, $"/api/v1/zones/{Pro}/changesets", key, new
        {
            rrsets = new object[]
            {
                new { name = good, type = "A", ttl = 300, records = new[] { new { content = "192.0.2.1" } } },
                new { name = Unique("bad", Pro), type = "A", ttl = 300, records = new[] { new { content = "192.0.2.1" }, new { content = "not-an-address" } } },
                new { name = "x.elsewhere.test.", type = "A", ttl = 300, records = new[] { new { content = "192.0.2.1" } } },
                new { name = Unique("t", Pro), type = "BOGUS", ttl = 300, records = new[] { new { content = "x" } } },
                new { name = Unique("ttl", Pro), type = "A", ttl = (int?)null, records = new[] { new { content = "192.0.2.1" } } },
            },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync(Cancel));
        var errors = (await ApiServerFixture.JsonAsync(response, Cancel)).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).ShouldBe(["rrsets[1].records[1].content", "rrsets[2].name", "rrsets[3].type", "rrsets[4].ttl"], ignoreOrder: true);
        (await SerialAsync(key, Pro)).ShouldBe(serial);
        (await AuditActorsAsync(good)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ApplyChangeSet_ZoneLimitedKey_OtherZoneIs403_AndItsChangesAreNotFound()
    {
        var (operatorKey, _) = await KeyAsync(Roles.Operator, [Permission.ReadZones, Permission.EditDns]);
        var (limited, _) = await KeyAsync(Roles.Operator, [Permission.ReadZones, Permission.EditDns], zones: [Free]);
        using var elsewhere = await SendAsync(HttpMethod.Post, $"/api/v1/zones/{Pro}/changesets?wait=0", operatorKey, ChangeSet(Unique("pro", Pro), "A", 300, null, "192.0.2.1"));
        var proChange = (await ApiServerFixture.JsonAsync(elsewhere, Cancel)).GetProperty("changeId").GetGuid();

        using var refused = await SendAsync(HttpMethod.Post, $"/api/v1/zones/{Pro}/changesets", limited, ChangeSet(Unique("no", Pro), "A", 300, null, "192.0.2.1"));
        using var allowed = await SendAsync(HttpMethod.Post, $"/api/v1/zones/{Free}/changesets?wait=0", limited, ChangeSet(Unique("yes", Free), "A", 60, null, "192.0.2.1"));
        using var hidden = await SendAsync(HttpMethod.Get, $"/api/v1/changes/{proChange}", limited, null);

        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        allowed.StatusCode.ShouldBe(HttpStatusCode.OK, await allowed.Content.ReadAsStringAsync(Cancel));
        hidden.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("changesets", Permission.EditDns)]
    [InlineData("checks", Permission.RunChecks)]
    [InlineData("takedowns", Permission.Takedown)]
    public async Task Writes_AKeyWithoutThePermission_Is403_WithItIsNot(string action, Permission needed)
    {
        var all = new[] { Permission.ReadZones, Permission.EditDns, Permission.RunChecks, Permission.Takedown };
        var (without, _) = await KeyAsync(Roles.Admin, [.. all.Where(p => p != needed)]);
        var (with, _) = await KeyAsync(Roles.Admin, [needed, Permission.ReadZones]);
        (HttpMethod Method, string Path, object Body) request = action switch
        {
            "changesets" => (HttpMethod.Post, $"/api/v1/zones/{Pro}/changesets?wait=0", ChangeSet(Unique("perm", Pro), "A", 300, null, "192.0.2.1")),
            "checks" => (HttpMethod.Post, "/api/v1/checks", new { names = new[] { $"www.{Pro}" } }),
            _ => (HttpMethod.Post, "/api/v1/takedowns", new { name = $"nothing-here-{Guid.NewGuid():N}.{Free}", reason = "phishing", evidenceUrls = new[] { "https://example.test/report" }, note = "test" }),
        };

        using var refused = await SendAsync(request.Method, request.Path, without, request.Body);
        using var allowed = await SendAsync(request.Method, request.Path, with, request.Body);

        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden, await refused.Content.ReadAsStringAsync(Cancel));
        allowed.StatusCode.ShouldNotBe(HttpStatusCode.Forbidden, await allowed.Content.ReadAsStringAsync(Cancel));
        ((int)allowed.StatusCode).ShouldBeLessThan(500);
    }

    [Fact]
    public async Task RunCheck_AnExistingAndAMissingName_AnswersPerRegion_AndFlushesTheMiss()
    {
        var (key, _) = await KeyAsync(Roles.OnCall, [Permission.RunChecks]);
        var missing = Unique("missing", Pro);

        using var response = await SendAsync(HttpMethod.Post, "/api/v1/checks", key, new { names = new[] { Pro, missing }, types = new[] { "SOA" } });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancel));
        var body = await ApiServerFixture.JsonAsync(response, Cancel);
        var results = body.GetProperty("results").EnumerateArray().ToList();
        results.Select(r => r.GetProperty("name").GetString()).ShouldBe([Pro, missing]);
        var regions = TestStack.Load().RegionNames;
        results[0].GetProperty("regions").EnumerateArray().Select(r => r.GetProperty("region").GetString()).ShouldBe(regions);
        results[0].GetProperty("regions").EnumerateArray().ShouldAllBe(r => r.GetProperty("outcome").GetString() == "NOERROR" && r.GetProperty("comparison").GetString() == "matches");
        results[1].GetProperty("regions").EnumerateArray().ShouldAllBe(r => r.GetProperty("outcome").GetString() == "NXDOMAIN" && r.GetProperty("negativeTtl").GetInt32() > 0);
        body.GetProperty("flushed").EnumerateArray().Where(f => f.GetProperty("succeeded").GetBoolean()).Select(f => f.GetProperty("region").GetString())
            .ShouldBe(regions, ignoreOrder: true);
    }

    [Fact]
    public async Task RunCheck_BadInput_Is400PerField_AndAZoneLimitedKeyOutsideItsZonesIs403()
    {
        var (key, _) = await KeyAsync(Roles.OnCall, [Permission.RunChecks]);
        var (limited, _) = await KeyAsync(Roles.OnCall, [Permission.RunChecks], zones: [Free]);

        using var invalid = await SendAsync(HttpMethod.Post, "/api/v1/checks", key, new { names = new[] { Pro, "bad name!" }, types = new[] { "NOPE" }, regions = new[] { "mars" } });
        using var outside = await SendAsync(HttpMethod.Post, "/api/v1/checks", limited, new { names = new[] { $"www.{Pro}" } });

        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ApiServerFixture.JsonAsync(invalid, Cancel)).GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe(["names[1]", "types", "regions"], ignoreOrder: true);
        outside.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Takedown_CreateReadRetryRestore_ThroughTheApi()
    {
        var (editor, _) = await KeyAsync(Roles.Operator, [Permission.ReadZones, Permission.EditDns]);
        var (abuse, abuseName) = await KeyAsync(Roles.Abuse, [Permission.Takedown]);
        var name = Unique("phish", Free);
        using (var created = await SendAsync(HttpMethod.Post, $"/api/v1/zones/{Free}/changesets?wait=0", editor, ChangeSet(name, "A", 60, null, "192.0.2.66")))
        {
            created.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        var takedown = new { name, reason = "phishing", evidenceUrls = new[] { "https://reports.example.test/123" }, note = "credential phishing page", reportReference = "R-123" };

        using var response = await SendAsync(HttpMethod.Post, "/api/v1/takedowns", abuse, takedown);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancel));
        var path = response.Headers.Location!.ToString();
        using var retried = await SendAsync(HttpMethod.Post, "/api/v1/takedowns", abuse, takedown);
        using var read = await SendAsync(HttpMethod.Get, path, abuse, null);

        retried.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, "a retried takedown must not take the name down twice");
        read.StatusCode.ShouldBe(HttpStatusCode.OK);
        var detail = await ApiServerFixture.JsonAsync(read, Cancel);
        detail.GetProperty("status").GetString().ShouldBe("active");
        detail.GetProperty("actor").GetString().ShouldBe($"key:{abuseName}");
        detail.GetProperty("removedRecords").EnumerateArray().Single().GetString()!.ShouldContain("192.0.2.66");

        using var noReason = await SendAsync(HttpMethod.Post, $"{path}/restore", abuse, new { reason = "" });
        using var restored = await SendAsync(HttpMethod.Post, $"{path}/restore", abuse, new { reason = "appeal granted, ticket 77" });
        noReason.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        restored.StatusCode.ShouldBe(HttpStatusCode.OK, await restored.Content.ReadAsStringAsync(Cancel));
        using var after = await SendAsync(HttpMethod.Get, path, abuse, null);
        (await ApiServerFixture.JsonAsync(after, Cancel)).GetProperty("status").GetString().ShouldBe("restored");
    }

    [Fact]
    public async Task Takedown_BulkByTarget_TakesDownEveryNamePointingThere_AndLeavesOutTheProZone()
    {
        var (editor, _) = await KeyAsync(Roles.Operator, [Permission.ReadZones, Permission.EditDns]);
        var (abuse, _) = await KeyAsync(Roles.Abuse, [Permission.Takedown]);
        // An address no other test (nor an earlier run of this one) points at: the search by target finds every name there.
        var address = $"2001:db8:{Random.Shared.Next(0x10000):x}:{Random.Shared.Next(0x10000):x}::b";
        var (first, second) = (Unique("bulk1", Free), Unique("bulk2", Free));
        using (var created = await SendAsync(HttpMethod.Post, $"/api/v1/zones/{Free}/changesets?wait=0", editor, new
        {
            rrsets = new object[]
            {
                new { name = first, type = "AAAA", ttl = 60, records = new[] { new { content = address } } },
                new { name = second, type = "CNAME", ttl = 60, records = new[] { new { content = first } } },
            },
        }))
        {
            created.StatusCode.ShouldBe(HttpStatusCode.OK, await created.Content.ReadAsStringAsync(Cancel));
        }
        var proName = Unique("bulkpro", Pro);
        using (var created = await SendAsync(HttpMethod.Post, $"/api/v1/zones/{Pro}/changesets?wait=0", editor, ChangeSet(proName, "AAAA", 300, null, address)))
        {
            created.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var response = await SendAsync(HttpMethod.Post, "/api/v1/takedowns/bulk", abuse, new
        {
            target = address, reason = "malware", evidenceUrls = new[] { "https://reports.example.test/9" }, note = "c2 server",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancel));
        var body = await ApiServerFixture.JsonAsync(response, Cancel);
        body.GetProperty("takenDown").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ShouldBe([first, second], ignoreOrder: true);
        body.GetProperty("excluded").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ShouldBe([proName]);
    }

    private static string Unique(string label, string zone) => $"api-{label}-{Guid.NewGuid():N}"[..24] + "." + zone;

    private static object ChangeSet(string name, string type, int ttl, string? version, string content) =>
        new { rrsets = new[] { new { name, type, ttl, version, records = new[] { new { content } } } } };

    private async Task<(string Key, string Name)> KeyAsync(string role, IReadOnlyCollection<Permission> permissions, IReadOnlyCollection<string>? zones = null)
    {
        var owner = await api.CreateOwnerAsync(Cancel, role);
        var (key, name, _) = await api.CreateKeyAsync(owner.Id, permissions, Cancel, zones);
        return (key, name);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string key, object? body, string? idempotencyKey = null)
    {
        using var http = api.Client();
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: new JsonSerializerOptions(JsonSerializerDefaults.Web));
        }
        return await http.SendAsync(request, Cancel);
    }

    private async Task<long> SerialAsync(string key, string zone)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/api/v1/zones/{zone}", key, null);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await ApiServerFixture.JsonAsync(response, Cancel)).GetProperty("soa").GetProperty("serial").GetInt64();
    }

    private async Task<string> VersionAsync(string key, string name, string type)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/api/v1/zones/{Pro}/rrsets?prefix={Uri.EscapeDataString(name)}&type={type}", key, null);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await ApiServerFixture.JsonAsync(response, Cancel)).GetProperty("items").EnumerateArray().Single().GetProperty("version").GetString()!;
    }

    /// <summary>"action actor" of every audit entry about <paramref name="name"/>, oldest first.</summary>
    private async Task<List<string>> AuditActorsAsync(string name)
    {
        await using var command = api.Services.Get<Dashboard.Data.RegionDataSources>().Primary
            .CreateCommand("SELECT action || ' ' || actor_name FROM dashboard.audit_entries WHERE name = $1 ORDER BY seq");
        command.Parameters.AddWithValue(name);
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        var rows = new List<string>();
        while (await reader.ReadAsync(Cancel))
        {
            rows.Add(reader.GetString(0));
        }
        return rows;
    }
}
