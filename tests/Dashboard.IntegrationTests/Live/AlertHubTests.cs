using Dashboard.Client.Live;
using Dashboard.IntegrationTests.Auth;
using Dashboard.TestSupport;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.IntegrationTests.Live;

/// <summary>Acknowledging through the hub against the real alert commands: their refusals reach the caller in words.</summary>
public sealed class AlertHubTests(HubServerFixture fixture) : IClassFixture<HubServerFixture>
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(long.MaxValue, "looking", "There is no alert")]
    [InlineData(1L, " ", "A note is required")]
    public async Task AcknowledgeAlert_InvalidRequest_IsAHubExceptionSayingWhy(long alertId, string note, string expected)
    {
        var cookie = await HttpSignIn.CookieAsync(fixture.Server.BaseAddress, TestUsers.OnCall, Cancel);
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(fixture.Server.BaseAddress, LiveHubPaths.Hub), options => options.Headers["Cookie"] = cookie)
            .Build();
        await connection.StartAsync(Cancel);
        using var client = new LiveHubClient(connection);

        var error = await Should.ThrowAsync<HubException>(() => client.AcknowledgeAlert(alertId, note));

        error.Message.ShouldContain(expected);
    }
}
