using Dashboard.Client.Live;
using Dashboard.Configuration;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Lag;

/// <summary>
/// The last hour of every replica's samples at full resolution, in memory: one bounded ring per replica (an hour of
/// samples at the sample interval, plus slack). Singleton, thread-safe; the sampler appends, readers copy out.
/// </summary>
public sealed class LagHistory : ILagHistory
{
    public static readonly TimeSpan Span = TimeSpan.FromHours(1);

    private readonly Lock _lock = new();
    private readonly IReadOnlyList<string> _replicas;
    private readonly Dictionary<string, Queue<LagPointDto>> _rings;
    private readonly int _capacity;
    private readonly TimeProvider _time;

    public LagHistory(IOptions<DashboardOptions> options, TimeProvider time)
    {
        _time = time;
        _replicas = options.Value.Regions.Where(r => r.Role == RegionRole.Replica).Select(r => r.Name).ToList();
        _capacity = (int)Math.Ceiling(Span / options.Value.Lag.SampleInterval) + 16;
        _rings = _replicas.ToDictionary(r => r, _ => new Queue<LagPointDto>(), StringComparer.OrdinalIgnoreCase);
    }

    public int Capacity => _capacity;

    public void Append(IEnumerable<LagSampleDto> samples)
    {
        lock (_lock)
        {
            foreach (var sample in samples)
            {
                if (!_rings.TryGetValue(sample.Region, out var ring))
                {
                    continue;
                }
                if (ring.Count == _capacity)
                {
                    ring.Dequeue();
                }
                ring.Enqueue(new LagPointDto(sample.At, sample.State, sample.HeartbeatLagMs));
            }
        }
    }

    public IReadOnlyList<LagSeriesDto> Recent(TimeSpan window)
    {
        if (window > Span)
        {
            window = Span;
        }
        var since = _time.GetUtcNow() - window;
        lock (_lock)
        {
            return _replicas.Select(r => new LagSeriesDto(r, _rings[r].Where(p => p.At >= since).ToList())).ToList();
        }
    }
}
