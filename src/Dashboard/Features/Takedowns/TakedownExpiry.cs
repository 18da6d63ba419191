using Dashboard.Configuration;
using Dashboard.Data;
using Dashboard.Data.Configurations;
using Dashboard.Features.Audit;
using Dashboard.Features.Auth;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dashboard.Features.Takedowns;

/// <summary>
/// Ends takedowns whose hold has run out, on schedule: the hold row is deleted, the takedown marked expired and the
/// end audited as <c>takedown.expire</c> by the dashboard itself, in one transaction per takedown. The records stay
/// removed; the name is simply free again. (The trigger already stops refusing at <c>expires_at</c>, whether or not
/// this has run.) Safe with several instances: each takedown is claimed with <c>FOR UPDATE SKIP LOCKED</c>.
/// </summary>
public sealed class TakedownExpiry(RegionDataSources sources, AuditLog audit, IOptions<DashboardOptions> options, TimeProvider time, ILogger<TakedownExpiry> logger) : BackgroundService
{
    private const string Takedowns = $"{DashboardDbContext.Schema}.{TakedownConfiguration.Table}";

    /// <summary>Ends every expired takedown; returns how many.</summary>
    public async Task<int> ExpireDueAsync(CancellationToken cancellationToken)
    {
        var ended = 0;
        while (true)
        {
            await using var connection = await sources.Primary.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            long id;
            string zone, name;
            DateTimeOffset until;
            await using (var claim = new NpgsqlCommand($"""
                SELECT id, zone, name, hold_until FROM {Takedowns}
                WHERE status = 'Active' AND hold_until <= @now ORDER BY hold_until LIMIT 1 FOR UPDATE SKIP LOCKED
                """, connection, transaction))
            {
                claim.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", time.GetUtcNow()));
                await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
                if (!await reader.ReadAsync(cancellationToken))
                {
                    return ended;
                }
                (id, zone, name, until) = (reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3));
            }
            await using var batch = new NpgsqlBatch(connection, transaction);
            var lift = new NpgsqlBatchCommand("DELETE FROM public.name_holds WHERE name = @name AND takedown_id = @id");
            lift.Parameters.Add(new NpgsqlParameter<string>("name", name));
            lift.Parameters.Add(new NpgsqlParameter<long>("id", id));
            batch.BatchCommands.Add(lift);
            var end = new NpgsqlBatchCommand($"UPDATE {Takedowns} SET status = 'Expired', ended_at = now(), ended_by = 'system', end_reason = 'the hold ran out' WHERE id = @id");
            end.Parameters.Add(new NpgsqlParameter<long>("id", id));
            batch.BatchCommands.Add(end);
            batch.BatchCommands.Add(AuditLog.Insert(null, [audit.Create(Actor.System, AuditActions.TakedownExpire, zone, name, null, null,
                $"takedown #{id}: the hold ran out at {until.UtcDateTime:yyyy-MM-dd HH:mm} UTC; the name may be created again")]));
            await batch.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            ended++;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Takedowns.ExpiryInterval, time);
        do
        {
            try
            {
                if (await ExpireDueAsync(stoppingToken) is > 0 and var count)
                {
                    logger.LogInformation("Ended {Count} expired takedown(s)", count);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Could not end the expired takedowns; trying again at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
