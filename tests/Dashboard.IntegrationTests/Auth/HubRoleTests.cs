using Dashboard.Client.Live;
using Dashboard.TestSupport;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.IntegrationTests.Auth;

/// <summary>A real dashboard process for the hub tests of this class.</summary>
public sealed class HubServerFixture : IAsyncLifetime
{
    public DashboardServer Server { get; private set; } = null!;

    /// <summary>The test stack the server runs on: its configured regions are what the hub must show.</summary>
    public TestStack Stack { get; } = TestStack.Load();

    /// <summary>The dashboard's Route 53: the local stand-in (not AWS).</summary>
    public RoutingStandIn Route53 { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Route53 = await RoutingStandIn.StartAsync(Stack, TimeSpan.FromSeconds(1));
        Server = await DashboardServer.StartAsync(Stack, Route53.Environment);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Route53.DisposeAsync();
    }
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

        checkedNow.Select(r => r.Name).ShouldBe(fixture.Stack.RegionNames);
        regions.Select(r => r.Name).ShouldBe(fixture.Stack.RegionNames);
        // Every zone in the database is probed; other tests' zones may be among them.
        regions.ShouldAllBe(r => r.Zones.Any(z => z.Zone == "free.tunnel.test") && r.Zones.Any(z => z.Zone == "pro.tunnel.test"));
    }

    [Theory]
    [InlineData("OnCall")]
    public async Task Hub_RoleThatMayNotChangeRouting_ReadsItButIsRefusedTheChange(string role)
    {
        await using var connection = await ConnectAsync(TestUsers.ForRole(role));
        using var client = new LiveHubClient(connection);

        var replica = fixture.Stack.Replicas[0].Name;
        var routing = await client.GetRouting();
        var error = await Should.ThrowAsync<HubException>(() => client.SetRotation(RoutingStandIn.EntryName, replica, false, "not mine to do"));

        routing.Routes.Where(r => r.EntryName == RoutingStandIn.EntryName).Select(r => r.SetIdentifier).Order().ShouldBe(fixture.Stack.RegionNames.Order());
        error.Message.ShouldContain("may not change Route 53 routing");
        fixture.Route53.EntryRecords.Keys.Order().ShouldBe(fixture.Stack.RegionNames.Order());
    }

    [Fact]
    public async Task Hub_Operator_TakesARegionOutAndPutsItBack()
    {
        await using var connection = await ConnectAsync(TestUsers.Operator);
        using var client = new LiveHubClient(connection);

        var replica = fixture.Stack.Replicas[^1].Name;
        var taken = await client.SetRotation(RoutingStandIn.EntryName, replica, false, $"hub test: {replica} edge maintenance");
        fixture.Route53.EntryRecords.ContainsKey(replica).ShouldBeFalse();
        var back = await client.SetRotation(RoutingStandIn.EntryName, replica, true, "hub test: maintenance over");

        taken.Status.ShouldBe("Pending");
        taken.ChangeId.ShouldNotBeNull();
        back.Kind.ShouldBe("PutBack");
        fixture.Route53.EntryRecords.ContainsKey(replica).ShouldBeTrue();
        (await client.GetRouting()).Routes.ShouldAllBe(r => r.InRotation);
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

        pushed.Select(r => r.Name).ShouldBe(fixture.Stack.RegionNames);
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
