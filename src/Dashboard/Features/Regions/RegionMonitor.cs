using Dashboard.Configuration;
using Dashboard.Data;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Regions;

/// <summary>
/// Probes every region on an interval and publishes the result to <see cref="RegionStatusStore"/>, and whether the
/// primary's database answers to <see cref="PrimaryAvailability"/> (the outage banner on every page).
/// </summary>
public sealed class RegionMonitor(
    IRegionProbe probe,
    RegionStatusStore store,
    PrimaryAvailability primary,
    IOptions<DashboardOptions> options,
    TimeProvider time,
    ILogger<RegionMonitor> logger) : BackgroundService
{
    private readonly Lock _lock = new();
    private Task<IReadOnlyList<RegionStatus>>? _inFlight;

    /// <summary>
    /// Probes every region now and publishes the result. A caller that comes while a probe is running (the timer's, or
    /// another "Check now") shares that probe instead of starting a second one, so two probes never race to publish;
    /// the store also refuses a result older than the one it has. Cancelling the token abandons the wait, not the probe.
    /// </summary>
    public Task<IReadOnlyList<RegionStatus>> ProbeAllAsync(CancellationToken cancellationToken)
    {
        Task<IReadOnlyList<RegionStatus>> probing;
        lock (_lock)
        {
            if (_inFlight is null || _inFlight.IsCompleted)
            {
                _inFlight = ProbeAndPublishAsync();
            }
            probing = _inFlight;
        }
        return probing.WaitAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<RegionStatus>> ProbeAndPublishAsync()
    {
        // Off the caller's stack: the lock above must not be held while the probe starts running.
        await Task.Yield();
        var startedAt = time.GetUtcNow();
        var statuses = await ProbeRegionsAsync(probe, options.Value.Regions, CancellationToken.None);
        store.Publish(statuses, startedAt, time.GetUtcNow());
        if (statuses.FirstOrDefault(s => s.ConfiguredRole == RegionRole.Primary) is { } primaryStatus)
        {
            if (primaryStatus.Database.IsUp)
            {
                primary.ReportReachable();
            }
            else
            {
                primary.ReportUnreachable(primaryStatus.Database.Error ?? "no answer");
            }
        }
        return statuses;
    }

    public static async Task<IReadOnlyList<RegionStatus>> ProbeRegionsAsync(IRegionProbe probe, IEnumerable<RegionOptions> regions, CancellationToken cancellationToken) =>
        await Task.WhenAll(regions.Select(r => probe.ProbeAsync(r, cancellationToken)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RegionProbeInterval, time);
        do
        {
            try
            {
                await ProbeAllAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The probe reports a down region as a result; reaching here is a bug, so say so loudly and keep going.
                logger.LogError(ex, "Region probe failed unexpectedly");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
