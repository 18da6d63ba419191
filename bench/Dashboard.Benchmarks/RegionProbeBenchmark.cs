using System.Diagnostics;
using Dashboard.Features.Regions;
using Dashboard.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Benchmarks;

/// <summary>How long one full probe of a region takes (database, PowerDNS API, SOA of every zone), as the Regions page and /healthz do it.</summary>
public sealed class RegionProbeBenchmark : IBenchmark
{
    private const int Iterations = 200;

    public string Name => "regions";
    public string Description => $"time of one full region probe (db + API + SOA per zone), {Iterations} rounds over every region";

    public async Task<IReadOnlyList<Measurement>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        await using var services = AppServices.Build(context.Stack);
        var probe = services.GetRequiredService<IRegionProbe>();
        var regions = context.Stack.Options.Regions;

        // Warm the connection pools the way a running dashboard has them warm.
        await RegionMonitor.ProbeRegionsAsync(probe, regions, cancellationToken);

        var perRegion = new List<double>();
        var allRegions = new List<double>();
        var unhealthy = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var all = Stopwatch.StartNew();
            foreach (var region in regions)
            {
                var one = Stopwatch.StartNew();
                var status = await probe.ProbeAsync(region, cancellationToken);
                perRegion.Add(one.Elapsed.TotalMilliseconds);
                unhealthy += status.IsHealthy ? 0 : 1;
            }
            all.Stop();
            allRegions.Add(all.Elapsed.TotalMilliseconds);
        }

        var concurrent = new List<double>();
        for (var i = 0; i < Iterations; i++)
        {
            var all = Stopwatch.StartNew();
            await RegionMonitor.ProbeRegionsAsync(probe, regions, cancellationToken);
            concurrent.Add(all.Elapsed.TotalMilliseconds);
        }

        return
        [
            new("probe_one_region_p50", Statistics.Percentile(perRegion, 50), "ms"),
            new("probe_one_region_p95", Statistics.Percentile(perRegion, 95), "ms", "<= 50", 50),
            new("probe_all_regions_concurrent_p50", Statistics.Percentile(concurrent, 50), "ms"),
            new("probe_all_regions_concurrent_p95", Statistics.Percentile(concurrent, 95), "ms", "<= 100", 100),
            new("unhealthy_results", unhealthy, "count", "= 0", 0),
        ];
    }
}
