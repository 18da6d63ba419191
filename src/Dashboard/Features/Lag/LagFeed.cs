using System.Text.Json;
using Dashboard.Features.Scaleout;

namespace Dashboard.Features.Lag;

/// <summary>
/// Shares the leader's sampling rounds with every other instance (<see cref="DeploymentBus"/>), so each instance's
/// <see cref="LagStore"/> and in-memory hour (<see cref="LagHistory"/>) hold the same samples as the leader's, and its
/// pages and hub clients show the same figures. The leader ignores rounds from elsewhere: it samples itself.
/// </summary>
public sealed class LagFeed(DeploymentBus bus, LagStore store, LagHistory history, DashboardInstance instance) : IDeploymentBusHandler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Channel => "dashboard_lag";

    /// <summary>Sends one round to the other instances.</summary>
    public Task ShareAsync(LagSnapshot snapshot, CancellationToken cancellationToken) =>
        bus.SendAsync(Channel, JsonSerializer.Serialize(snapshot, Json), cancellationToken);

    public Task HandleAsync(string payload, CancellationToken cancellationToken)
    {
        if (!instance.IsLeader && JsonSerializer.Deserialize<LagSnapshot>(payload, Json) is { } snapshot)
        {
            store.Publish(snapshot);
            history.Append(snapshot.Latest);
        }
        return Task.CompletedTask;
    }

    /// <summary>Nothing to catch up: the next round comes within a sample interval.</summary>
    public Task ResynchronizeAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
