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
    private readonly SemaphoreSlim _probing = new(1, 1);

    /// <summary>Probes every region now and publishes the result. Concurrent callers share the probe in flight.</summary>
    public async Task<IReadOnlyList<RegionStatus>> ProbeAllAsync(CancellationToken cancellationToken)
    {
        var statuses = await ProbeRegionsAsync(probe, options.Value.Regions, cancellationToken);
        store.Publish(statuses, time.GetUtcNow());
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
                await _probing.WaitAsync(stoppingToken);
                try
                {
                    await ProbeAllAsync(stoppingToken);
                }
                finally
                {
                    _probing.Release();
                }
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
