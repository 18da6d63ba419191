using Dashboard.Client.Live;
using Dashboard.TestSupport;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.IntegrationTests.Auth;

/// <summary>A real dashboard process for the hub tests of this class.</summary>
public sealed class HubServerFixture : IAsyncLifetime
{
    public DashboardServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await DashboardServer.StartAsync(TestStack.Load());

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

/// <summary>The live hub over a real connection, signed in through the real form as each role.</summary>
public sealed class HubRoleTests(HubServerFixture fixture) : IClassFixture<HubServerFixture>
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Admin")]
    [InlineData("Operator")]
    [InlineData("OnCall")]
    public async Task Hub_RolesThatMayRead_GetRegionsAndRunChecks(string role)
    {
        await using var connection = await ConnectAsync(TestUsers.ForRole(role));
        using var client = new LiveHubClient(connection);

        var checkedNow = await client.CheckRegionsNow();
        var regions = await client.GetRegions();

        checkedNow.Select(r => r.Name).ShouldBe(["us", "eu", "ap"]);
        regions.Select(r => r.Name).ShouldBe(["us", "eu", "ap"]);
        // Every zone in the database is probed; other tests' zones may be among them.
        regions.ShouldAllBe(r => r.Zones.Any(z => z.Zone == "free.tunnel.test") && r.Zones.Any(z => z.Zone == "pro.tunnel.test"));
    }

    [Fact]
    public async Task Hub_Abuse_IsRefusedAtConnect()
    {
        var error = await Should.ThrowAsync<HttpRequestException>(() => ConnectAsync(TestUsers.Abuse));

        error.StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Hub_NoCookie_IsRefusedAtConnect()
    {
        var connection = Build(cookie: null);

        var error = await Should.ThrowAsync<HttpRequestException>(() => connection.StartAsync(Cancel));

        error.StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        await connection.DisposeAsync();
    }

    [Fact]
    public async Task Hub_Subscriber_ReceivesRegionsAsTheyAreProbed()
    {
        await using var connection = await ConnectAsync(TestUsers.OnCall);
        using var client = new LiveHubClient(connection);
        var received = new TaskCompletionSource<IReadOnlyList<RegionStatusDto>>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.OnRegionsChanged(regions =>
        {
            received.TrySetResult(regions);
            return Task.CompletedTask;
        });

        // The test server probes every second; a push must arrive without asking.
        var pushed = await received.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancel);

        pushed.Select(r => r.Name).ShouldBe(["us", "eu", "ap"]);
    }

    private async Task<HubConnection> ConnectAsync(TestUsers.TestUser user)
    {
        var cookie = await HttpSignIn.CookieAsync(fixture.Server.BaseAddress, user, Cancel);
        var connection = Build(cookie);
        try
        {
            await connection.StartAsync(Cancel);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private HubConnection Build(string? cookie) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(fixture.Server.BaseAddress, LiveHubPaths.Hub), options =>
            {
                if (cookie is not null)
                {
                    options.Headers["Cookie"] = cookie;
                }
            })
            .Build();
}
