using System.Collections.Concurrent;
using System.Net;
using Dashboard.Client.Live;
using Dashboard.Configuration;
using Dashboard.Data;
using Dashboard.Features.Lag;
using Dashboard.TestSupport;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.IntegrationTests.Scaleout;

/// <summary>Two real dashboard processes on the test stack with a real Redis backplane between them.</summary>
public sealed class ScaleOutFixture : IAsyncLifetime
{
    public ScaledOutDashboard Dashboard { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Dashboard = await ScaledOutDashboard.StartAsync(TestStack.Load(), instances: 2);

    public async ValueTask DisposeAsync() => await Dashboard.DisposeAsync();
}

/// <summary>
/// Several instances serve one deployment: a cookie from one is good on the other, exactly one leads (heartbeat,
/// sampler), every instance shows the leader's samples, and when the leader is killed (SIGKILL) another takes over and
/// its clients stay live. In the stack-mutating collection: no other dashboard may hold the lag role meanwhile.
/// Waits on state, never on speed (the takeover's time is measured by <c>./bench.sh scaleout</c>).
/// </summary>
[Collection(StackMutatingCollection.Name)]
public sealed class ScaleOutTests(StackFixture stack, ScaleOutFixture fixture) : IClassFixture<ScaleOutFixture>
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(90);
    private const string FreeZone = "free.tunnel.test";

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private IReadOnlyList<string> Replicas => stack.Stack.Options.Regions.Where(r => r.Role == RegionRole.Replica).Select(r => r.Name).ToList();

    [Fact]
    public async Task Cookie_IssuedByOneInstance_IsAcceptedByTheOther()
    {
        var running = fixture.Dashboard.Instances.Where(i => i.IsRunning).Take(2).ToList();
        var cookie = await HttpSignIn.CookieAsync(running[0].BaseAddress, TestUsers.OnCall, Cancel);

        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = running[1].BaseAddress };
        // The zone export is a machine endpoint: signed out it answers 401, signed in the zone file.
        var export = $"{DashboardUrls.ZonesPath}/{FreeZone}/export";
        using var signedIn = new HttpRequestMessage(HttpMethod.Get, export);
        signedIn.Headers.Add("Cookie", cookie);
        using var answer = await http.SendAsync(signedIn, Cancel);
        using var anonymous = await http.GetAsync(export, Cancel);

        answer.StatusCode.ShouldBe(HttpStatusCode.OK, "the other instance did not accept the cookie (data-protection keys not shared?)");
        (await answer.Content.ReadAsStringAsync(Cancel)).ShouldContain($"$ORIGIN {FreeZone}.");
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "without the cookie the export must be refused");
    }

    [Fact]
    public async Task Follower_HasTheLeadersSamples_AndItsHubClientsGetEachRoundOnceThroughTheBackplane()
    {
        var (_, followers) = await fixture.Dashboard.WaitForOneLeaderAsync(Long, Cancel);
        var follower = followers[0];
        await using var connection = await ConnectAsync(follower);
        var pushes = new ConcurrentQueue<IReadOnlyList<LagSampleDto>>();
        using var subscription = connection.On<IReadOnlyList<LagSampleDto>>(nameof(ILiveHubClient.LagSampled), samples => pushes.Enqueue(samples));

        await WaitAsync(() => pushes.Count >= 5, "five lag pushes to a client of the follower (sent by the leader through Redis)");
        using var client = new LiveHubClient(connection);
        var overview = await client.GetLag();

        // The follower never samples, yet its own store has every replica's figure: the leader's rounds, by NOTIFY.
        overview.Latest.Select(s => s.Region).ShouldBe(Replicas);
        overview.Latest.ShouldAllBe(s => s.HeartbeatLagMs != null);
        // Each round reaches the client once: with a backplane only the leader sends (the follower sending too would double every round).
        var rounds = pushes.ToList();
        rounds.Select(r => r[0].At).Distinct().Count().ShouldBe(rounds.Count, string.Join(", ", rounds.Select(r => r[0].At.ToString("HH:mm:ss.fff"))));
    }

    [Fact]
    public async Task LeaderKilled_TheOtherTakesOverTheHeartbeatAndItsClientsStayLive()
    {
        var (leader, followers) = await fixture.Dashboard.WaitForOneLeaderAsync(Long, Cancel);
        var follower = followers[0];
        await using var connection = await ConnectAsync(follower);
        var lastPush = DateTimeOffset.MinValue;
        using var subscription = connection.On<IReadOnlyList<LagSampleDto>>(nameof(ILiveHubClient.LagSampled), samples => lastPush = samples[0].At);
        await WaitAsync(() => lastPush > DateTimeOffset.MinValue, "a lag push before the kill");

        await leader.DisposeAsync(); // SIGKILL: no shutdown, its session (and the advisory lock) cut
        var killedAt = DateTimeOffset.UtcNow;
        var beatAtKill = await HeartbeatSeqAsync();

        await WaitAsync(async () => (await ScaledOutDashboard.StateAsync(follower, Cancel))?.Leader == true, "the follower to take the lead");
        await WaitAsync(async () => await HeartbeatSeqAsync() > beatAtKill + 2, "the heartbeat to be written again");
        await WaitAsync(() => lastPush > killedAt, "a lag push sampled after the kill, to the same client, on the same connection");
        connection.State.ShouldBe(HubConnectionState.Connected);

        // Two instances again for the other tests, in whatever order they run.
        await fixture.Dashboard.StartInstanceAsync(Cancel);
    }

    private async Task<long> HeartbeatSeqAsync()
    {
        await using var command = stack.Get<RegionDataSources>().Primary.CreateCommand($"SELECT seq FROM {LagDatabase.HeartbeatTable} WHERE id = 1");
        return (long)(await command.ExecuteScalarAsync(Cancel))!;
    }

    private async Task<HubConnection> ConnectAsync(DashboardServer server)
    {
        var cookie = await HttpSignIn.CookieAsync(server.BaseAddress, TestUsers.OnCall, Cancel);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, LiveHubPaths.Hub), o => o.Headers["Cookie"] = cookie)
            .Build();
        await connection.StartAsync(Cancel);
        return connection;
    }

    private Task WaitAsync(Func<bool> done, string what) => WaitAsync(() => Task.FromResult(done()), what);

    private async Task WaitAsync(Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow + Long;
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {Long} for {what}.");
            }
            await Task.Delay(100, Cancel);
        }
    }
}
