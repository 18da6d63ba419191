using System.Threading.Channels;
using Dashboard.Client.Live;
using Dashboard.Features.Scaleout;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Live;

/// <summary>
/// Forwards one <see cref="LiveStore{T}"/> to the live hub's clients: one publisher per stream. The store's (already
/// throttled) callback only writes the value into a bounded channel of one (DropOldest): a slow send never blocks the
/// store, and when sends fall behind only the latest value is sent. Every stream is deployment-wide: with a backplane
/// only the leader sends it (<see cref="DashboardInstance.SendsDeploymentStreams"/>), and its one send reaches the
/// clients of every instance; the other instances' stores hold the same values for their own pages.
/// </summary>
public sealed class HubStreamPublisher<T>(
    string stream,
    LiveStore<T> store,
    Func<ILiveHubClient, T, Task> send,
    IHubContext<LiveHub, ILiveHubClient> hub,
    DashboardInstance instance,
    ILogger<HubStreamPublisher<T>> logger) : BackgroundService where T : class
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var values = Channel.CreateBounded<T>(new BoundedChannelOptions(1)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        using var subscription = store.Subscribe(value => values.Writer.TryWrite(value));
        await foreach (var value in values.Reader.ReadAllAsync(stoppingToken))
        {
            if (!instance.SendsDeploymentStreams)
            {
                continue;
            }
            try
            {
                await send(hub.Clients.All, value);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Publishing the {Stream} stream to hub clients failed", stream);
            }
        }
    }
}
