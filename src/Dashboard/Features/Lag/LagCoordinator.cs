using Dashboard.Client.Live;
using Dashboard.Configuration;
using Dashboard.Data;
using Dashboard.Features.Scaleout;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dashboard.Features.Lag;

/// <summary>
/// The one heartbeat writer and sampler of a deployment, however many dashboard instances run. Each instance tries to
/// take a session-level advisory lock (<see cref="LockKey"/>) on the primary, on a dedicated unpooled connection; the
/// holder writes the heartbeat on that same connection, samples every replica, and writes minutes and alerts; the
/// others ask again every <see cref="RetryInterval"/> on their own open session. When the connection fails (a heartbeat
/// fails) the role is lost: everything stops and the instance goes back to trying on a new session. Closing the connection releases the lock, so a stopped or crashed
/// holder hands the role over within the retry interval (a half-open TCP session holds it until the server notices).
/// </summary>
public sealed class LagCoordinator(
    LagSampler sampler,
    SchemaState schema,
    DashboardInstance instance,
    IOptions<DashboardOptions> options,
    TimeProvider time,
    ILogger<LagCoordinator> logger) : BackgroundService
{
    /// <summary>pg_try_advisory_lock key: "lagrole" in ASCII. No other feature takes this key.</summary>
    public const long LockKey = 0x6C6167726F6C65;

    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    private int _isHolder;
    private long _terms;

    /// <summary>Whether this instance writes the heartbeat and samples now.</summary>
    public bool IsHolder => Volatile.Read(ref _isHolder) == 1;

    /// <summary>How many times this instance took the role.</summary>
    public long Terms => Interlocked.Read(ref _terms);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The heartbeat and history tables come with the migrations: trying before they ran only logs failures.
        try
        {
            await schema.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        var lockSource = DedicatedSession.Build(options.Value, "dashboard-lag-role");
        await using (lockSource)
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    // One session for the whole wait: a passive instance asks again every RetryInterval on it, rather
                    // than paying a connection and its SCRAM handshake every time (most of a passive instance's CPU).
                    await using var connection = await lockSource.OpenConnectionAsync(stoppingToken);
                    await using var take = new NpgsqlCommand($"SELECT pg_try_advisory_lock({LockKey})", connection);
                    while (!(bool)(await take.ExecuteScalarAsync(stoppingToken))!)
                    {
                        await Task.Delay(RetryInterval, time, stoppingToken);
                    }
                    Interlocked.Increment(ref _terms);
                    Volatile.Write(ref _isHolder, 1);
                    instance.SetLeader(true);
                    logger.LogInformation("Took the lag sampler role (heartbeat writer and sampler of this deployment)");
                    await HoldAsync(connection, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "Lag sampler role: {State}", IsHolder ? "lost" : "could not try to take it");
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                finally
                {
                    if (Interlocked.Exchange(ref _isHolder, 0) == 1)
                    {
                        instance.SetLeader(false);
                        logger.LogInformation("Gave up the lag sampler role");
                    }
                }
                try
                {
                    await Task.Delay(RetryInterval, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Runs the heartbeat and the sampler until either fails or the host stops; the heartbeat's failure is the role's end.</summary>
    private async Task HoldAsync(NpgsqlConnection connection, CancellationToken stoppingToken)
    {
        using var role = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var firstBeat = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var heartbeat = HeartbeatAsync(connection, firstBeat, role.Token);
        var sampling = sampler.RunAsync(firstBeat.Task, role.Token);
        var ended = await Task.WhenAny(heartbeat, sampling);
        await role.CancelAsync();
        firstBeat.TrySetCanceled();
        try
        {
            await Task.WhenAll(heartbeat, sampling);
        }
        catch (OperationCanceledException) when (role.IsCancellationRequested && !ended.IsFaulted)
        {
        }
        await ended; // rethrows what ended the role (a failed heartbeat), for the log
    }

    private async Task HeartbeatAsync(NpgsqlConnection connection, TaskCompletionSource firstBeat, CancellationToken cancellationToken)
    {
        await using var beat = new NpgsqlCommand(LagDatabase.HeartbeatSql, connection);
        using var timer = new PeriodicTimer(options.Value.Lag.HeartbeatInterval, time);
        do
        {
            await beat.ExecuteNonQueryAsync(cancellationToken);
            firstBeat.TrySetResult();
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }
}
