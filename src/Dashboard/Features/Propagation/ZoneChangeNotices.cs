using Dashboard.Features.Scaleout;
using Dashboard.Live;

namespace Dashboard.Features.Propagation;

/// <summary>
/// "A change to zone Z was committed, or its propagation timeline moved": said by the instance whose tracker follows
/// the change, heard by every open page of that zone on every instance (here at once, elsewhere by the
/// <see cref="DeploymentBus"/>), which then reads its history again. So an operator on one instance sees another
/// operator's change, on another instance, arrive and confirm region by region without a reload. Singleton.
/// </summary>
public sealed class ZoneChangeNotices(DeploymentBus bus, ILogger<ZoneChangeNotices> logger) : IDeploymentBusHandler
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Subscribers> _byZone = new(StringComparer.OrdinalIgnoreCase);

    public string Channel => "dashboard_zone_changes";

    /// <summary>Calls <paramref name="changed"/> (on the announcer's thread: marshal to your own) whenever <paramref name="zone"/> changes; dispose to stop.</summary>
    public IDisposable Subscribe(string zone, Action changed)
    {
        lock (_lock)
        {
            zone = Dns.DnsName.Normalize(zone);
            if (!_byZone.TryGetValue(zone, out var subscribers))
            {
                _byZone[zone] = subscribers = new Subscribers();
            }
            return subscribers.Subscribe(changed);
        }
    }

    /// <summary>Tells this instance's pages of <paramref name="zone"/> at once, and the other instances' in the background (best effort: a lost notice only delays a page until its next read).</summary>
    public void Announce(string zone)
    {
        NotifyHere(zone);
        _ = Task.Run(async () =>
        {
            try
            {
                await bus.SendAsync(Channel, zone, CancellationToken.None);
            }
            catch (ObjectDisposedException)
            {
                // The application is stopping: nobody is left to tell.
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Could not tell the other instances that {Zone} changed", zone);
            }
        });
    }

    Task IDeploymentBusHandler.HandleAsync(string payload, CancellationToken cancellationToken)
    {
        NotifyHere(payload);
        return Task.CompletedTask;
    }

    /// <summary>Nothing to replay: a page missed at most a notice, and reads its history again when it is next shown.</summary>
    Task IDeploymentBusHandler.ResynchronizeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void NotifyHere(string zone)
    {
        Subscribers? subscribers;
        lock (_lock)
        {
            _byZone.TryGetValue(Dns.DnsName.Normalize(zone), out subscribers);
        }
        subscribers?.Notify();
    }
}
