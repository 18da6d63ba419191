using System.Threading.Channels;
using Dashboard.Client.Live;
using Dashboard.Features.Regions;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Live;

/// <summary>
/// Forwards region status from the in-process store to hub clients. The store's callback only signals a bounded
/// channel (DropOldest: a slow send never blocks the monitor, and only the latest state matters); sends are spaced at
/// least 250 ms apart.
/// </summary>
public sealed class LivePublisher(RegionStatusStore store, IHubContext<LiveHub, ILiveHubClient> hub, TimeProvider time, ILogger<LivePublisher> logger) : BackgroundService
{
    private static readonly TimeSpan Throttle = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        using var subscription = store.Subscribe(() => changes.Writer.TryWrite(true));
        await foreach (var _ in changes.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await hub.Clients.All.RegionsChanged(store.Current.Select(LiveMapping.ToDto).ToList());
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Publishing region status to hub clients failed");
            }
            await Task.Delay(Throttle, time, stoppingToken);
        }
    }
}
