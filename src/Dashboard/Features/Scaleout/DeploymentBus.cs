using Dashboard.Data;
using Npgsql;

namespace Dashboard.Features.Scaleout;

/// <summary>Something an instance shares with every other instance of its deployment, on one channel of <see cref="DeploymentBus"/>.</summary>
public interface IDeploymentBusHandler
{
    /// <summary>The PostgreSQL notification channel (a plain identifier).</summary>
    string Channel { get; }

    /// <summary>Called on every instance but the sender, one notification at a time, in the order they were committed.</summary>
    Task HandleAsync(string payload, CancellationToken cancellationToken);

    /// <summary>Called after the listener (re)connected: notifications sent while it was away were missed.</summary>
    Task ResynchronizeAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Messages between the instances of one deployment, by PostgreSQL <c>NOTIFY</c>/<c>LISTEN</c> on the primary, which
/// every instance already reaches; no other service is needed, with one instance or ten. Chosen over the Redis
/// backplane for what instances must know (the leader's samples, an alert changed) because the primary is what the
/// leader's role already stands on: when it is away there is no heartbeat and no sample to share anyway, and a
/// deployment without Redis still works. The backplane carries only pushes to hub clients. Payloads stay under
/// PostgreSQL's 8,000 bytes; delivery is at commit, in order, at most once per listening session.
/// </summary>
public sealed class DeploymentBus(RegionDataSources sources, DashboardInstance instance)
{
    /// <summary>PostgreSQL's limit on a notification's payload is 8,000 bytes; keep room for the sender's id.</summary>
    public const int MaxPayloadBytes = 7_900;

    private const char Separator = '|';

    /// <summary>Sends <paramref name="payload"/> to every other instance listening on <paramref name="channel"/>.</summary>
    public async Task SendAsync(string channel, string payload, CancellationToken cancellationToken)
    {
        var message = $"{instance.Id:N}{Separator}{payload}";
        if (System.Text.Encoding.UTF8.GetByteCount(message) > MaxPayloadBytes)
        {
            throw new InvalidOperationException($"A {channel} message of {message.Length} characters is over PostgreSQL's notification limit.");
        }
        await using var command = sources.Primary.CreateCommand("SELECT pg_notify(@channel, @message)");
        command.Parameters.Add(new NpgsqlParameter<string>("channel", channel));
        command.Parameters.Add(new NpgsqlParameter<string>("message", message));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The payload of a notification another instance sent, or null for this instance's own.</summary>
    internal string? FromOthers(string message)
    {
        var at = message.IndexOf(Separator);
        if (at < 0)
        {
            return message;
        }
        return Guid.TryParseExact(message.AsSpan(0, at), "N", out var sender) && sender == instance.Id ? null : message[(at + 1)..];
    }
}
