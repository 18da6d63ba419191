namespace Dashboard.Features.Lag;

/// <summary>
/// Keeps <see cref="AlertStore"/> equal to the open alerts in the table, on every instance: every
/// <see cref="Interval"/> (one cheap indexed query), and at once after the role holder or an acknowledgement changed
/// one. Publishes only when something differs.
/// </summary>
public sealed class AlertStoreRefresher(LagDatabase database, AlertStore store, TimeProvider time, ILogger<AlertStoreRefresher> logger) : BackgroundService
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
