using Dashboard.Features.Scaleout;

namespace Dashboard.Features.Lag;

/// <summary>
/// Keeps <see cref="AlertStore"/> equal to the open alerts in the table, on every instance: every
/// <see cref="Interval"/> (one cheap indexed query), at once after this instance changed one (<see cref="ChangedAsync"/>:
/// the leader's evaluation, an acknowledgement, a propagation alert), and at once when another instance says it did
/// (channel <c>dashboard_alerts</c> of the <see cref="DeploymentBus"/>). Publishes only when something differs.
/// </summary>
public sealed class AlertStoreRefresher(LagDatabase database, AlertStore store, DeploymentBus bus, TimeProvider time, ILogger<AlertStoreRefresher> logger)
    : BackgroundService, IDeploymentBusHandler
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Reads the open alerts and publishes them when they changed. Throws when the primary does not answer.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var open = (await database.ReadOpenAlertsAsync(kind: null, cancellationToken)).Select(a => a.ToDto()).ToList();
            store.Update(current => current.SequenceEqual(open) ? current : open);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>After this instance changed an alert: refresh here, and tell the other instances to. Telling them is best effort (they also poll).</summary>
    public async Task ChangedAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        try
        {
            await bus.SendAsync(Channel, "", cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not tell the other instances that an alert changed; they see it within {Interval}", Interval);
        }
    }

    public string Channel => "dashboard_alerts";

    Task IDeploymentBusHandler.HandleAsync(string payload, CancellationToken cancellationToken) => RefreshAsync(cancellationToken);

    Task IDeploymentBusHandler.ResynchronizeAsync(CancellationToken cancellationToken) => RefreshAsync(cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The store keeps the last known open alerts; the primary's outage has its own banner.
                logger.LogWarning(ex, "Could not refresh the open lag alerts");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
