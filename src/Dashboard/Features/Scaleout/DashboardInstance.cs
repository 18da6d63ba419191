using Dashboard.Configuration;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Scaleout;

/// <summary>
/// This dashboard process among the deployment's instances: its name, and whether it is the leader now. The leader is
/// the instance holding the lag role (<see cref="Lag.LagCoordinator"/>, a PostgreSQL advisory lock): it writes the
/// heartbeat, samples, evaluates alerts, keeps history and retention, shares each sample with the other instances,
/// and, with a backplane, sends the deployment-wide hub streams. Singleton.
/// </summary>
public sealed class DashboardInstance(IOptions<DashboardOptions> options)
{
    private int _isLeader;

    /// <summary>Tells this instance's own messages apart from others' on the shared channels; new each start.</summary>
    public Guid Id { get; } = Guid.NewGuid();

    public string Name { get; } = options.Value.Scaleout.InstanceName is { Length: > 0 } name
        ? name
        : $"{Environment.MachineName}-{Environment.ProcessId}";

    public bool HasBackplane { get; } = options.Value.Scaleout.HasBackplane;

    public bool IsLeader => Volatile.Read(ref _isLeader) == 1;

    /// <summary>
    /// Whether deployment-wide pushes (regions, lag, alerts) go to hub clients from this instance: always without a
    /// backplane (each instance has only its own clients); with one, only from the leader, whose single send reaches
    /// every instance's clients.
    /// </summary>
    public bool SendsDeploymentStreams => !HasBackplane || IsLeader;

    /// <summary>Set by the lag role's holder when it takes or loses the role.</summary>
    internal void SetLeader(bool isLeader) => Volatile.Write(ref _isLeader, isLeader ? 1 : 0);
}
