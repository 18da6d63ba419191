using System.Net.Http.Headers;
using System.Text.Json;
using Dashboard.Features.ApiKeys;
using Dashboard.Features.Auth;
using Dashboard.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.IntegrationTests.Api;

/// <summary>
/// A real dashboard process for the API tests, on a port of this worktree's range, with a per-key rate limit small
/// enough for one test to reach, and helpers that make owners and keys through the app's own commands.
/// </summary>
public sealed class ApiServerFixture : IAsyncLifetime
{
    /// <summary>Requests per key per minute on this server (each test's keys are its own, so only the rate-limit test reaches it).</summary>
    public const int RateLimitPermits = 40;

    public const string Password = "a-long-enough-password";

    public DashboardServer Server { get; private set; } = null!;

    public AppServices Services { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var stack = TestStack.Load();
        Server = await DashboardServer.StartAsync(stack, new Dictionary<string, string>
        {
            ["Dashboard__Api__RateLimitPermits"] = RateLimitPermits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Services = await AppServices.StartAsync(stack, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Server.DisposeAsync();
    }

    /// <summary>A new enabled user holding <paramref name="roles"/>; returns its id and name.</summary>
    public async Task<(string Id, string Name)> CreateOwnerAsync(CancellationToken ct, params string[] roles)
    {
        var name = $"api-{Guid.NewGuid():N}"[..20];
        (await Services.Get<UserCommands>().CreateAsync(Actor.System, name, Password, roles, ct)).Succeeded.ShouldBeTrue();
        await using var scope = Services.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>().FindByNameAsync(name);
        return (user!.Id, name);
    }

    /// <summary>A new key of <paramref name="ownerId"/>; returns the key text (as shown once) and its name.</summary>
    public async Task<(string Key, string Name, Guid Id)> CreateKeyAsync(string ownerId, IReadOnlyCollection<Permission> permissions, CancellationToken ct, IReadOnlyCollection<string>? zones = null, TimeSpan? lifetime = null)
    {
        var name = $"k-{Guid.NewGuid():N}"[..20];
        var result = await Services.Get<ApiKeyCommands>().CreateAsync(Actor.System,
            new ApiKeyRequest(name, ownerId, permissions, zones ?? [], DateTimeOffset.UtcNow + (lifetime ?? TimeSpan.FromDays(1))), ct);
        var created = result.ShouldBeOfType<ApiKeyResult.Created>(result is ApiKeyResult.Invalid invalid ? string.Join("; ", invalid.Errors) : null);
        return (created.Key, created.Name, created.Id);
    }

    /// <summary>Runs one statement on the primary as the app's role (arranging a key's state by hand, e.g. an expiry in the past).</summary>
    public async Task ExecuteAsync(string sql, Guid keyId, CancellationToken ct)
    {
        await using var command = Services.Get<Dashboard.Data.RegionDataSources>().Primary.CreateCommand(sql);
        command.Parameters.AddWithValue(keyId);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A client for the server that neither follows redirects nor keeps cookies.</summary>
    public HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Server.BaseAddress };

    /// <summary>GET <paramref name="path"/> with the key as a bearer token (none when null).</summary>
    public async Task<HttpResponseMessage> GetAsync(string path, string? key, CancellationToken ct)
    {
        using var http = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return await http.SendAsync(request, ct);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, CancellationToken ct) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.Clone();
}

/// <summary>
/// Every API test class shares one dashboard process (each class starting its own cost a server start apiece, on a
/// 2-core CI machine); the classes of the collection run one after another, each test with keys of its own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ApiServerCollection : ICollectionFixture<ApiServerFixture>
{
    public const string Name = "API server";
}
