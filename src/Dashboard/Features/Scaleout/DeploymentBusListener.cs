using System.Threading.Channels;
using Dashboard.Configuration;
using Dashboard.Data;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dashboard.Features.Scaleout;

/// <summary>
/// Listens on every <see cref="IDeploymentBusHandler"/>'s channel on one dedicated session on the primary, and hands
/// each notification from another instance to its handler, in order, off the connection's thread. When the session
/// fails it reconnects every <see cref="RetryInterval"/>; after each (re)connection every handler resynchronizes, since
/// what was sent meanwhile is gone.
/// </summary>
public sealed class DeploymentBusListener(
    IEnumerable<IDeploymentBusHandler> handlers,
    DeploymentBus bus,
    SchemaState schema,
    IOptions<DashboardOptions> options,
    ILogger<DeploymentBusListener> logger) : BackgroundService
{
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(2);

    private readonly Dictionary<string, IDeploymentBusHandler> _handlers = handlers.ToDictionary(h => h.Channel, StringComparer.Ordinal);
    private int _listening;

    /// <summary>Whether the session is listening now (for tests and <c>/healthz</c>).</summary>
    public bool IsListening => Volatile.Read(ref _listening) == 1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_handlers.Count == 0)
        {
            return;
        }
        try
        {
            await schema.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        // A bounded queue between the connection's read loop and the handlers: a slow handler never stalls the session,
        // and a flood keeps only the newest (every handler's message stands alone or is a resynchronization hint).
        var inbox = Channel.CreateBounded<NpgsqlNotificationEventArgs>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var dispatch = DispatchAsync(inbox.Reader, stoppingToken);
        await using var source = DedicatedSession.Build(options.Value, "dashboard-bus");
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await source.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => inbox.Writer.TryWrite(e);
                foreach (var channel in _handlers.Keys)
                {
                    await using var listen = new NpgsqlCommand($"LISTEN {channel}", connection);
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                Volatile.Write(ref _listening, 1);
                if (failures > 0)
                {
                    logger.LogInformation("Listening to the other dashboard instances again after {Failures} failed attempt(s)", failures);
                }
                failures = 0;
                foreach (var handler in _handlers.Values)
                {
                    await TryAsync(() => handler.ResynchronizeAsync(stoppingToken), handler.Channel, "resynchronize");
                }
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                failures++;
                if (failures == 1 || failures % 30 == 0)
                {
                    logger.LogWarning(ex, "Listening to the other dashboard instances failed ({Failures} time(s) in a row); trying again", failures);
                }
            }
            finally
            {
                Volatile.Write(ref _listening, 0);
            }
            try
            {
                await Task.Delay(RetryInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        inbox.Writer.TryComplete();
        await dispatch;
    }

    private async Task DispatchAsync(ChannelReader<NpgsqlNotificationEventArgs> inbox, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var notification in inbox.ReadAllAsync(stoppingToken))
            {
                if (bus.FromOthers(notification.Payload) is { } payload && _handlers.TryGetValue(notification.Channel, out var handler))
                {
                    await TryAsync(() => handler.HandleAsync(payload, stoppingToken), notification.Channel, "handle a message");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task TryAsync(Func<Task> work, string channel, string what)
    {
        try
        {
            await work();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "The {Channel} channel could not {What}", channel, what);
        }
    }
}
