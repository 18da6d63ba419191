using Dashboard.Configuration;
using Dashboard.Features.Auth;

namespace Dashboard.Benchmarks;

/// <summary>
/// The dashboard's background intervals as deployed. <see cref="TestSupport.DashboardServer"/> shortens two of them so
/// that tests need not wait: the region probe (every 1 s instead of 5) and the re-check of every session and hub
/// connection (every 2 s instead of 10; with 500 hub clients on an instance that is 250 session reads a second). A
/// benchmark that speaks for the dashboard as it runs (api, scaleout) puts the defaults back.
/// </summary>
public static class DeployedIntervals
{
    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["Dashboard__RegionProbeInterval"] = new DashboardOptions().RegionProbeInterval.ToString("c"),
        ["Dashboard__RevalidationInterval"] = new AuthOptions().RevalidationInterval.ToString("c"),
    };

    /// <summary><see cref="Environment"/> with <paramref name="more"/> laid over it.</summary>
    public static Dictionary<string, string> With(IReadOnlyDictionary<string, string> more)
    {
        var all = new Dictionary<string, string>(Environment);
        foreach (var (key, value) in more)
        {
            all[key] = value;
        }
        return all;
    }
}
