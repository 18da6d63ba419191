using Dashboard.Client.Live;
using Dashboard.IntegrationTests.Auth;
using Dashboard.TestSupport;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.IntegrationTests.Live;

/// <summary>A resolution check streamed over the live hub from a real dashboard process.</summary>
public sealed class CheckHubTests(HubServerFixture fixture) : IClassFixture<HubServerFixture>
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunCheck_OnCall_StreamsEveryCellThenTheFlushOfItsMisses()
    {
        await using var connection = await ConnectAsync();
        using var client = new LiveHubClient(connection);
        var missing = $"hub-{Guid.NewGuid():N}"[..20] + ".free.tunnel.test";

        var events = new List<CheckEventDto>();
        await foreach (var item in client.RunCheck(new CheckRequestDto(["pro.tunnel.test", missing], ["SOA"]), Cancel))
        {
            events.Add(item);
        }

        var cells = events.Where(e => e.Cell is not null).Select(e => e.Cell!).ToList();
        var regions = fixture.Stack.Options.Regions;
        cells.Count.ShouldBe(2 * regions.Count);
        cells.Where(c => c.Name == "pro.tunnel.test").ShouldAllBe(c => c.Outcome == "NOERROR" && c.Authoritative && c.Comparison == "matches");
        cells.Where(c => c.Name == missing).ShouldAllBe(c => c.Outcome == "NXDOMAIN" && c.NegativeTtlText == "resolvers may keep this miss for 10 s");
        var flushes = events.Where(e => e.Flush is not null).Select(e => e.Flush!).ToList();
        flushes.Select(f => f.Region).Order().ShouldBe(regions.Select(r => r.Name).Order());
        flushes.ShouldAllBe(f => f.Succeeded && f.Target == missing);
        events.FindLastIndex(e => e.Cell is not null).ShouldBeLessThan(events.FindIndex(e => e.Flush is not null), "flushes follow the cells");
    }

    [Fact]
    public async Task RunCheck_BadInput_FailsSayingWhyBeforeAnyQuery()
    {
        await using var connection = await ConnectAsync();
        using var client = new LiveHubClient(connection);

        var error = await Should.ThrowAsync<HubException>(async () =>
        {
            await foreach (var _ in client.RunCheck(new CheckRequestDto(["ok.test", "bad..name"], ["PTR"]), Cancel))
            {
            }
        });

        error.Message.ShouldContain("Nothing was checked: Line 2:");
        error.Message.ShouldContain("Type 'PTR' cannot be checked");
    }

    private async Task<HubConnection> ConnectAsync()
    {
        var cookie = await HttpSignIn.CookieAsync(fixture.Server.BaseAddress, TestUsers.OnCall, Cancel);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(fixture.Server.BaseAddress, LiveHubPaths.Hub), options => options.Headers["Cookie"] = cookie)
            .Build();
        await connection.StartAsync(Cancel);
        return connection;
    }
}
