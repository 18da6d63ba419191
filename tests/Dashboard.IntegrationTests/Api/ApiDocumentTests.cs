using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.ApiClient;
using Dashboard.ApiClient.Models;
using ApiDocumentTransformer = Dashboard.Features.Api.ApiDocumentTransformer;
using Dashboard.Features.Auth;
using Dashboard.TestSupport;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Dashboard.IntegrationTests.Api;

/// <summary>
/// The OpenAPI document as a real server serves it (anonymously, as client generators and CI fetch it): it parses and
/// validates with Microsoft.OpenApi's reader, every operation says how it is called and refused, it is the document the
/// committed Kiota client (tests/Dashboard.ApiClient) was generated from, and that client applies a change set.
/// </summary>
[Collection(ApiServerCollection.Name)]
public sealed class ApiDocumentTests(ApiServerFixture api)
{
    private const string Pro = "pro.tunnel.test";

    /// <summary>Where a served document that differs from the client's is written, for scripts/api-client.sh.</summary>
    private static readonly string ServedCopy = Path.Combine(RepoPaths.Root, "artifacts", "openapi", "v1.json");

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OpenApiDocument_Served_ParsesAndValidatesWithoutErrorsOrWarnings()
    {
        var (_, diagnostic) = await ReadAsync();

        diagnostic.SpecificationVersion.ShouldBe(OpenApiSpecVersion.OpenApi3_1);
        diagnostic.Errors.Select(e => e.ToString()).ShouldBeEmpty();
        diagnostic.Warnings.Select(w => w.ToString()).ShouldBeEmpty();
    }

    [Fact]
    public async Task OpenApiDocument_EveryOperation_HasAnIdBearerSecurityAndProblemDetailsForRefusals()
    {
        var (document, _) = await ReadAsync();
        var scheme = document.Components!.SecuritySchemes![ApiDocumentTransformer.SecuritySchemeName];
        scheme.Type.ShouldBe(SecuritySchemeType.Http);
        scheme.Scheme.ShouldBe("bearer");

        var operations = (document.Paths ?? []).SelectMany(path => (path.Value.Operations ?? []).Select(op => (Path: path.Key, Method: op.Key, Operation: op.Value))).ToList();
        operations.ShouldNotBeEmpty();
        var problems = new List<string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, method, operation) in operations)
        {
            var where = $"{method} {path}";
            if (!path.StartsWith(DashboardUrls.ApiV1Path + "/", StringComparison.Ordinal))
            {
                problems.Add($"{where}: outside {DashboardUrls.ApiV1Path}");
            }
            if (string.IsNullOrEmpty(operation.OperationId))
            {
                problems.Add($"{where}: no operationId");
            }
            else if (!ids.Add(operation.OperationId))
            {
                problems.Add($"{where}: operationId {operation.OperationId} used twice");
            }
            var security = operation.Security is { Count: > 0 } own ? own : document.Security ?? [];
            if (!security.Any(requirement => requirement.Keys.Any(s => s.Reference?.Id == ApiDocumentTransformer.SecuritySchemeName)))
            {
                problems.Add($"{where}: no bearer security requirement");
            }
            foreach (var status in new[] { "401", "403", "429" })
            {
                if (operation.Responses?.TryGetValue(status, out var response) != true
                    || response!.Content?.TryGetValue("application/problem+json", out var content) != true
                    || content!.Schema is not OpenApiSchemaReference { Reference.Id: "ProblemDetails" })
                {
                    problems.Add($"{where}: no problem details for {status}");
                }
            }
            if (operation.Responses?.Keys.Any(status => status.StartsWith('2')) != true)
            {
                problems.Add($"{where}: no success response");
            }
        }
        problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task GeneratedClient_ServedDocument_IsTheOneTheClientWasGeneratedFrom()
    {
        var served = await ServedAsync();
        var generatedFrom = Normalized(DashboardApi.GeneratedFrom());

        if (!JsonNode.DeepEquals(served, generatedFrom))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(ServedCopy)!);
            await File.WriteAllTextAsync(ServedCopy, served.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), Cancel);
            Assert.Fail(
                $"The served OpenAPI document is not tests/Dashboard.ApiClient/openapi.json, which the generated client was made from "
                + $"(first difference at {FirstDifference(served, generatedFrom, "#")}). The served one is in {ServedCopy}: run "
                + $"'scripts/api-client.sh {Path.GetRelativePath(RepoPaths.Root, ServedCopy)}', review the client's diff and commit it.");
        }
    }

    [Fact]
    public async Task GeneratedClient_ChangeSetWithIdempotencyKey_IsAppliedAndReadBack()
    {
        var owner = await api.CreateOwnerAsync(Cancel, Roles.Operator);
        var (key, _, _) = await api.CreateKeyAsync(owner.Id, [Permission.ReadZones, Permission.EditDns], Cancel);
        using var http = new HttpClient();
        var client = DashboardApi.Create(http, api.Server.BaseAddress, key);
        var name = $"api-client-{Guid.NewGuid():N}"[..24] + "." + Pro;
        var idempotencyKey = Guid.NewGuid().ToString();

        var zones = await client.Api.V1.Zones.GetAsync(cancellationToken: Cancel);
        var serialBefore = zones.ShouldNotBeNull().Single(z => z.Name == Pro).Serial.ShouldNotBeNull();
        var zone = client.Api.V1.Zones[Pro];
        var before = await zone.Rrsets.GetAsync(r => { r.QueryParameters.Prefix = name; r.QueryParameters.Type = "A"; }, Cancel);
        before.ShouldNotBeNull().Zone.ShouldBe(Pro);
        before.Items.ShouldBeEmpty("a new name has no RRset yet, so the change names no version");
        var change = new ChangeSetRequestDto
        {
            Reason = "generated client test",
            Rrsets = [new RRsetChangeDto { Name = name, Type = "A", Ttl = 300, Version = null, Records = [new RecordChangeDto { Content = "192.0.2.77" }] }],
        };
        void Configure(Microsoft.Kiota.Abstractions.RequestConfiguration<Dashboard.ApiClient.Api.V1.Zones.Item.Changesets.ChangesetsRequestBuilder.ChangesetsRequestBuilderPostQueryParameters> r)
        {
            r.QueryParameters.Wait = 0;
            r.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        var applied = await zone.Changesets.PostAsync(change, Configure, Cancel);

        applied.ShouldNotBeNull();
        applied.Replayed.ShouldBe(false);
        applied.RecordChanges.ShouldBe(1);
        applied.Serial.ShouldNotBeNull().ShouldBeGreaterThan(serialBefore);
        (await zone.GetAsync(cancellationToken: Cancel)).ShouldNotBeNull().Soa.ShouldNotBeNull().Serial.ShouldBe(applied.Serial);
        var after = await zone.Rrsets.GetAsync(r => { r.QueryParameters.Prefix = name; r.QueryParameters.Type = "A"; }, Cancel);
        var rrset = after.ShouldNotBeNull().Items.ShouldNotBeNull().ShouldHaveSingleItem();
        rrset.Name.ShouldBe(name);
        rrset.Ttl.ShouldBe(300);
        rrset.Version.ShouldNotBeNullOrEmpty();
        rrset.Records.ShouldNotBeNull().Select(r => r.Content).ShouldBe(["192.0.2.77"]);

        // The same request with the same key is answered with the same change (the header goes through the client).
        var retried = await zone.Changesets.PostAsync(change, Configure, Cancel);
        retried.ShouldNotBeNull().Replayed.ShouldBe(true);
        retried.ChangeId.ShouldBe(applied.ChangeId);
        // A refusal comes back as the document's problem details: creating it again (no version) conflicts.
        var conflict = await Should.ThrowAsync<ProblemDetails>(() => zone.Changesets.PostAsync(change, r => r.QueryParameters.Wait = 0, Cancel));
        conflict.ResponseStatusCode.ShouldBe((int)HttpStatusCode.Conflict);
        conflict.Status.ShouldBe((int)HttpStatusCode.Conflict);
    }

    /// <summary>The served document as JSON, without <c>servers</c> (they name the host it was fetched from).</summary>
    private async Task<JsonNode> ServedAsync()
    {
        using var response = await api.GetAsync(DashboardUrls.ApiOpenApiPath, key: null, Cancel);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return Normalized(await response.Content.ReadAsStringAsync(Cancel));
    }

    private static JsonNode Normalized(string json)
    {
        var document = JsonNode.Parse(json).ShouldBeOfType<JsonObject>();
        document.Remove("servers");
        return document;
    }

    /// <summary>The JSON pointer of the first place where <paramref name="a"/> and <paramref name="b"/> differ.</summary>
    private static string FirstDifference(JsonNode? a, JsonNode? b, string at)
    {
        if (a is JsonObject objectA && b is JsonObject objectB)
        {
            foreach (var name in objectA.Select(p => p.Key).Union(objectB.Select(p => p.Key)))
            {
                if (!objectA.ContainsKey(name) || !objectB.ContainsKey(name) || !JsonNode.DeepEquals(objectA[name], objectB[name]))
                {
                    return FirstDifference(objectA[name], objectB[name], $"{at}/{name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)}");
                }
            }
        }
        else if (a is JsonArray arrayA && b is JsonArray arrayB && arrayA.Count == arrayB.Count)
        {
            for (var i = 0; i < arrayA.Count; i++)
            {
                if (!JsonNode.DeepEquals(arrayA[i], arrayB[i]))
                {
                    return FirstDifference(arrayA[i], arrayB[i], $"{at}/{i}");
                }
            }
        }
        return at;
    }

    private async Task<(OpenApiDocument Document, OpenApiDiagnostic Diagnostic)> ReadAsync()
    {
        using var response = await api.GetAsync(DashboardUrls.ApiOpenApiPath, key: null, Cancel);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var stream = await response.Content.ReadAsStreamAsync(Cancel);
        // The reader validates with the default rule set as it reads (OpenApiReaderSettings.RuleSet).
        var result = await OpenApiDocument.LoadAsync(stream, OpenApiConstants.Json, new OpenApiReaderSettings(), Cancel);
        return (result.Document.ShouldNotBeNull(string.Join("; ", result.Diagnostic?.Errors ?? [])), result.Diagnostic.ShouldNotBeNull());
    }
}
