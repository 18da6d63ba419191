using Dashboard.Client.Live;
using Dashboard.Features.Auth;
using Dashboard.Features.Lag;
using Dashboard.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Dashboard.Data;

namespace Dashboard.IntegrationTests.Live;

/// <summary>
/// The dashboard in this process (so a test can publish into its stores), with test doubles for the lag feature's
/// seams, which the lag engineer's branch implements.
/// </summary>
public sealed class LagHubFixture : IAsyncLifetime
{
    public TestLagHistory History { get; } = new();
    public TestAlertCommands Alerts { get; } = new();
    public InProcessDashboard Server { get; private set; } = null!;

    /// <summary>The test stack the dashboard runs on: its configured replicas are the ones the hub reports thresholds for.</summary>
    public TestStack Stack { get; } = TestStack.Load();

    public async ValueTask InitializeAsync() => Server = await InProcessDashboard.StartAsync(
        Stack,
        services =>
        {
            services.AddSingleton<ILagHistory>(History);
            services.AddSingleton<IAlertCommands>(Alerts);
        },
        // The longest allowed periodic re-check (5 min), far beyond every wait here: a closed connection can only be the revocation signal's (or a test's own CheckAllAsync).
        new Dictionary<string, string?> { ["Dashboard:RevalidationInterval"] = "00:05:00" });

    public ValueTask DisposeAsync() => Server?.DisposeAsync() ?? ValueTask.CompletedTask;
}

public sealed class TestLagHistory : ILagHistory
{
    public TimeSpan? LastWindow { get; private set; }

    public IReadOnlyList<LagSeriesDto> Recent(TimeSpan window)
    {
        LastWindow = window;
        return [new LagSeriesDto("eu", [new LagPointDto(DateTimeOffset.UtcNow, ReplicaState.Streaming, 7)])];
    }
}

/// <summary>Demands the permission as the real commands must, and refuses an empty note as a validation error.</summary>
public sealed class TestAlertCommands : IAlertCommands
{
    public Task<AlertDto> AcknowledgeAsync(Actor actor, long alertId, string note, CancellationToken cancellationToken)
    {
        actor.Demand(Permission.AcknowledgeAlerts);
        ArgumentException.ThrowIfNullOrWhiteSpace(note);
        return Task.FromResult(new AlertDto(alertId, "eu", AlertSeverity.Warning, "lag", DateTimeOffset.UtcNow, null, 1200, actor.UserName, DateTimeOffset.UtcNow, note));
    }
}

/// <remarks>The assembly's <see cref="StackFixture"/> has made the admin actor's user row that creates the throwaway users.</remarks>
public sealed class LagHubTests(LagHubFixture fixture) : IClassFixture<LagHubFixture>
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;
    private static readonly TimeSpan PushTimeout = TimeSpan.FromSeconds(30);

    private static LagSampleDto Sample(string region, double lag) =>
        new(region, DateTimeOffset.UtcNow, ReplicaState.Streaming, lag, null, null, null, 42, 0, "streaming", null);

    [Fact]
    public async Task GetLag_OnCall_ReturnsLatestSamplesAlertsAndReplicaThresholds()
    {
        var replicas = fixture.Stack.Replicas.Select(r => r.Name).ToList();
        fixture.Server.Get<LagStore>().Publish(new LagSnapshot([.. replicas.Select((name, i) => Sample(name, 12 + i))], 1, DateTimeOffset.UtcNow));
        await using var connection = await ConnectAsync(TestUsers.OnCall);
        using var client = new LiveHubClient(connection);

        var overview = await client.GetLag();

        overview.Latest.Select(s => s.Region).ShouldBe(replicas);
        // The stack's replicas only, each with the configured (here default) thresholds.
        overview.Thresholds.ShouldBe(replicas.Select(name => new LagThresholdsDto(name, 1000, 5000)));
        overview.SampleIntervalMs.ShouldBe(1000);
    }

    [Fact]
    public async Task Connect_Abuse_IsRefusedBeforeAnyLagMethod()
    {
        // Abuse may not read: the hub's connect policy refuses it, so GetLag is never reached (HubRoleTests covers the rest).
        var error = await Should.ThrowAsync<HttpRequestException>(() => ConnectAsync(TestUsers.Abuse));

        error.StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(61)]
    public async Task GetLagHistory_MinutesOutOfRange_IsAHubException(int minutes)
    {
        await using var connection = await ConnectAsync(TestUsers.OnCall);
        using var client = new LiveHubClient(connection);

        var error = await Should.ThrowAsync<HubException>(() => client.GetLagHistory(minutes));

        error.Message.ShouldContain("between 1 and 60");
    }

    [Fact]
    public async Task GetLagHistory_FiveMinutes_AsksTheHistoryForFiveMinutes()
    {
        await using var connection = await ConnectAsync(TestUsers.OnCall);
        using var client = new LiveHubClient(connection);

        var series = await client.GetLagHistory(5);

        series.Single().Region.ShouldBe("eu");
        fixture.History.LastWindow.ShouldBe(TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task AcknowledgeAlert_OnCall_IsRecordedUnderTheirName()
    {
        await using var connection = await ConnectAsync(TestUsers.OnCall);
        using var client = new LiveHubClient(connection);

        var alert = await client.AcknowledgeAlert(7, "looking into it");

        alert.AcknowledgedBy.ShouldBe(TestUsers.OnCall.UserName);
        alert.AcknowledgeNote.ShouldBe("looking into it");
    }

    [Fact]
    public async Task AcknowledgeAlert_Operator_IsRefusedWithTheReason()
    {
        await using var connection = await ConnectAsync(TestUsers.Operator);
        using var client = new LiveHubClient(connection);

        var error = await Should.ThrowAsync<HubException>(() => client.AcknowledgeAlert(7, "mine"));

        error.Message.ShouldContain("may not acknowledge alerts");
    }

    [Fact]
    public async Task AcknowledgeAlert_EmptyNote_IsAHubExceptionSayingWhy()
    {
        await using var connection = await ConnectAsync(TestUsers.OnCall);
        using var client = new LiveHubClient(connection);

        var error = await Should.ThrowAsync<HubException>(() => client.AcknowledgeAlert(7, " "));

        error.Message.ShouldContain("note");
    }

    [Fact]
    public async Task LagStorePublishes_Subscriber_ReceivesLagSampledAndAlertsChanged()
    {
        await using var connection = await ConnectAsync(TestUsers.OnCall);
        using var client = new LiveHubClient(connection);
        var sampled = new TaskCompletionSource<IReadOnlyList<LagSampleDto>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var alerted = new TaskCompletionSource<IReadOnlyList<AlertDto>>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.OnLagSampled(samples =>
        {
            if (samples.Any(s => s.HeartbeatLagMs == 4242))
            {
                sampled.TrySetResult(samples);
            }
            return Task.CompletedTask;
        });
        client.OnAlertsChanged(alerts =>
        {
            if (alerts.Any(a => a.Id == 4242))
            {
                alerted.TrySetResult(alerts);
            }
            return Task.CompletedTask;
        });

        // The server's real sampler and alert refresher publish to the same stores, and a store coalesces what arrives
        // within its 250 ms throttle into the latest value: one synthetic publish can be overwritten before it is sent
        // (it timed out once in CI). So the synthetic values are published again until each has arrived.
        string[] regions = [fixture.Stack.Replicas[0].Name, fixture.Stack.Replicas[^1].Name];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var publishing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && !(sampled.Task.IsCompleted && alerted.Task.IsCompleted))
            {
                fixture.Server.Get<LagStore>().Publish(new LagSnapshot([Sample(regions[0], 4242), Sample(regions[1], 1)], 2, DateTimeOffset.UtcNow));
                fixture.Server.Get<AlertStore>().Publish([new AlertDto(4242, regions[0], AlertSeverity.Critical, "lag", DateTimeOffset.UtcNow, null, 4242, null, null, null)]);
                await Task.Delay(300, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }, Cancel);

        (await sampled.Task.WaitAsync(PushTimeout, Cancel)).Select(s => s.Region).ShouldBe(regions);
        (await alerted.Task.WaitAsync(PushTimeout, Cancel)).Single().Severity.ShouldBe(AlertSeverity.Critical);
        await stop.CancelAsync();
        await publishing;
    }

    [Fact]
    public async Task SignOutEverywhere_OpenConnection_IsClosedAtOnce()
    {
        var user = await NewOnCallUserAsync();
        await using var connection = await ConnectAsync(user);
        // A call completes only after the server's OnConnectedAsync: the connection is watched from here on.
        using var client = new LiveHubClient(connection);
        await client.GetRegions();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        var sessions = fixture.Server.Get<Dashboard.Live.HubSessions>();
        var connectionId = connection.ConnectionId;
        sessions.IsTracked(connectionId).ShouldBeTrue();
        var userId = (await fixture.Server.Get<UserManager<DashboardUser>>().FindByNameAsync(user.UserName)).ShouldNotBeNull().Id;

        (await fixture.Server.Get<UserCommands>().SignOutEverywhereAsync(Auth.UserCommandsTests.Admin, userId, "test", Cancel)).Succeeded.ShouldBeTrue();

        // At once on this instance: the revocation signal, not the 2 s periodic check; the bound is for a loaded machine.
        await closed.Task.WaitAsync(PushTimeout, Cancel);
        connection.State.ShouldBe(HubConnectionState.Disconnected);
        await WaitUntilAsync(() => !sessions.IsTracked(connectionId));
    }

    [Fact]
    public async Task DisableUser_OpenConnection_IsClosed()
    {
        var user = await NewOnCallUserAsync();
        await using var connection = await ConnectAsync(user);
        // A call completes only after the server's OnConnectedAsync: the connection is watched from here on.
        using var client = new LiveHubClient(connection);
        await client.GetRegions();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        var userId = (await fixture.Server.Get<UserManager<DashboardUser>>().FindByNameAsync(user.UserName)).ShouldNotBeNull().Id;

        (await fixture.Server.Get<UserCommands>().DisableAsync(Auth.UserCommandsTests.Admin, userId, "test", Cancel)).Succeeded.ShouldBeTrue();

        await closed.Task.WaitAsync(PushTimeout, Cancel);
    }

    /// <summary>Another instance ended the session (its signal never reaches this one): the periodic check closes the connection.</summary>
    [Fact]
    public async Task SessionEndedElsewhere_OpenConnection_IsClosedByThePeriodicCheck()
    {
        var user = await NewOnCallUserAsync();
        await using var connection = await ConnectAsync(user);
        using var client = new LiveHubClient(connection);
        await client.GetRegions();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        var userId = (await fixture.Server.Get<UserManager<DashboardUser>>().FindByNameAsync(user.UserName)).ShouldNotBeNull().Id;
        await using (var db = await fixture.Server.Get<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Cancel))
        {
            (await db.AuthSessions.Where(s => s.UserId == userId).ExecuteDeleteAsync(Cancel)).ShouldBe(1);
        }
        await Task.Delay(500, Cancel);
        connection.State.ShouldBe(HubConnectionState.Connected);

        await fixture.Server.Get<Dashboard.Live.HubSessions>().CheckAllAsync(Cancel);

        await closed.Task.WaitAsync(PushTimeout, Cancel);
    }

    private async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + PushTimeout;
        while (!condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline);
            await Task.Delay(50, Cancel);
        }
    }

    private async Task<TestUsers.TestUser> NewOnCallUserAsync()
    {
        var user = new TestUsers.TestUser($"wb-{Guid.NewGuid():N}"[..20], "a-long-wallboard-password", Roles.OnCall);
        (await fixture.Server.Get<UserCommands>().CreateAsync(Auth.UserCommandsTests.Admin, user.UserName, user.Password, [Roles.OnCall], Cancel))
            .Succeeded.ShouldBeTrue();
        return user;
    }

    private async Task<HubConnection> ConnectAsync(TestUsers.TestUser user)
    {
        var cookie = await HttpSignIn.CookieAsync(fixture.Server.BaseAddress, user, Cancel);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(fixture.Server.BaseAddress, LiveHubPaths.Hub), options => options.Headers["Cookie"] = cookie)
            .Build();
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
}
