using Dashboard.Client.Live;
using Dashboard.Data;
using Dashboard.Data.Configurations;
using Npgsql;
using NpgsqlTypes;

namespace Dashboard.Features.Lag;

/// <summary>
/// Every SQL statement of the lag feature: the readings on the primary and the replicas (on the regions' probe pools,
/// which page loads and sign-ins cannot exhaust), and the role holder's writes of minutes and alerts. Singleton,
/// stateless; callers own cancellation.
/// </summary>
public sealed class LagDatabase(RegionDataSources sources, TimeProvider time)
{
    private const string Schema = DashboardDbContext.Schema;
    public const string HeartbeatTable = $"{Schema}.{LagHeartbeatConfiguration.Table}";
    public const string MinutesTable = $"{Schema}.{LagMinuteConfiguration.Table}";
    public const string AlertsTable = $"{Schema}.{LagAlertConfiguration.Table}";

    /// <summary>Bumps the heartbeat (row <see cref="LagHeartbeatRow.SingletonId"/>: seq + 1, the primary's clock now); the row is made on first use.</summary>
    public const string HeartbeatSql = $"""
        INSERT INTO {HeartbeatTable} (id, seq, at) VALUES (1, 1, clock_timestamp())
        ON CONFLICT (id) DO UPDATE SET seq = {HeartbeatTable}.seq + 1, at = clock_timestamp()
        """;

    public async Task<PrimaryReading> ReadPrimaryAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        try
        {
            await using var connection = await sources.ProbeFor(sources.PrimaryName).OpenConnectionAsync(cancellationToken);
            // The clock is read in the same statement as the rows; a LEFT JOIN so that no replica at all still gives it.
            await using var command = new NpgsqlCommand("""
                SELECT c.now, r.application_name, s.slot_name, r.state, r.replay_lag, r.write_lag, r.flush_lag,
                       pg_wal_lsn_diff(pg_current_wal_lsn(), r.replay_lsn)::bigint
                FROM (SELECT clock_timestamp() AS now) c
                LEFT JOIN pg_stat_replication r ON true
                LEFT JOIN pg_replication_slots s ON s.active_pid = r.pid
                """, connection);
            var queryStart = time.GetTimestamp();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<ReplicationRow>();
            DateTimeOffset? clock = null;
            while (await reader.ReadAsync(cancellationToken))
            {
                clock = reader.GetFieldValue<DateTimeOffset>(0);
                if (reader.IsDBNull(1) && reader.IsDBNull(2))
                {
                    continue;
                }
                rows.Add(new ReplicationRow(
                    reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetFieldValue<TimeSpan>(4),
                    reader.IsDBNull(5) ? null : reader.GetFieldValue<TimeSpan>(5),
                    reader.IsDBNull(6) ? null : reader.GetFieldValue<TimeSpan>(6),
                    reader.IsDBNull(7) ? null : reader.GetInt64(7)));
            }
            return new PrimaryReading(clock, Midpoint(queryStart, time.GetTimestamp()), rows, null);
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return new PrimaryReading(null, started, [], Describe(ex, cancellationToken));
        }
    }

    public async Task<ReplicaReading> ReadReplicaAsync(string region, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        try
        {
            await using var connection = await sources.ProbeFor(region).OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"""
                SELECT (SELECT at FROM {HeartbeatTable} WHERE id = {LagHeartbeatRow.SingletonId}),
                       pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())::bigint,
                       (SELECT status FROM pg_stat_wal_receiver LIMIT 1)
                """, connection);
            var queryStart = time.GetTimestamp();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var readAt = Midpoint(queryStart, time.GetTimestamp());
            return new ReplicaReading(
                region,
                reader.IsDBNull(0) ? null : reader.GetFieldValue<DateTimeOffset>(0),
                readAt,
                reader.IsDBNull(1) ? null : reader.GetInt64(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                null);
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return new ReplicaReading(region, null, started, null, null, Describe(ex, cancellationToken));
        }
    }

    private static long Midpoint(long start, long end) => start + (end - start) / 2;

    /// <summary>What a reading says that did not end within its bound.</summary>
    public const string NoAnswer = "no answer in time";

    private static string Describe(Exception ex, CancellationToken cancellationToken) =>
        ex is OperationCanceledException || cancellationToken.IsCancellationRequested
            ? NoAnswer
            : ex.Message;

    /// <summary>
    /// Stores one replica's minute. A minute already there (a role taken over mid-minute) is merged: counts add up,
    /// min and max combine, the mean is weighted; the p95 kept is the larger of the two (an upper bound).
    /// </summary>
    public async Task WriteMinuteAsync(string region, LagMinute minute, CancellationToken cancellationToken)
    {
        await using var command = sources.Primary.CreateCommand($"""
            INSERT INTO {MinutesTable} AS m (region, minute, min_ms, mean_ms, max_ms, p95_ms, samples, unknown)
            VALUES (@region, @minute, @min, @mean, @max, @p95, @samples, @unknown)
            ON CONFLICT (region, minute) DO UPDATE SET
                min_ms = LEAST(m.min_ms, excluded.min_ms),
                max_ms = GREATEST(m.max_ms, excluded.max_ms),
                p95_ms = GREATEST(m.p95_ms, excluded.p95_ms),
                mean_ms = CASE
                    WHEN m.mean_ms IS NULL THEN excluded.mean_ms
                    WHEN excluded.mean_ms IS NULL THEN m.mean_ms
                    ELSE (m.mean_ms * (m.samples - m.unknown) + excluded.mean_ms * (excluded.samples - excluded.unknown))
                         / NULLIF((m.samples - m.unknown) + (excluded.samples - excluded.unknown), 0) END,
                samples = m.samples + excluded.samples,
                unknown = m.unknown + excluded.unknown
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("region", region));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("minute", minute.Minute));
        command.Parameters.Add(Nullable("min", minute.MinMs));
        command.Parameters.Add(Nullable("mean", minute.MeanMs));
        command.Parameters.Add(Nullable("max", minute.MaxMs));
        command.Parameters.Add(Nullable("p95", minute.P95Ms));
        command.Parameters.Add(new NpgsqlParameter<int>("samples", minute.Samples));
        command.Parameters.Add(new NpgsqlParameter<int>("unknown", minute.Unknown));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlParameter Nullable(string name, double? value) =>
        new(name, NpgsqlDbType.Double) { Value = value.HasValue ? value.Value : DBNull.Value };

    /// <summary>Deletes minutes before <paramref name="cutOff"/>; returns how many.</summary>
    public async Task<int> DeleteMinutesBeforeAsync(DateTimeOffset cutOff, CancellationToken cancellationToken)
    {
        await using var command = sources.Primary.CreateCommand($"DELETE FROM {MinutesTable} WHERE minute < @cut");
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("cut", cutOff));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The open alerts, newest first: of one kind, or (null) of every kind.</summary>
    public async Task<IReadOnlyList<LagAlertRow>> ReadOpenAlertsAsync(AlertKind? kind, CancellationToken cancellationToken)
    {
        await using var command = sources.Primary.CreateCommand($"""
            SELECT id, region, severity, cause, opened_at, closed_at, peak_lag_ms, acknowledged_by, acknowledged_at, acknowledge_note, kind
            FROM {AlertsTable} WHERE closed_at IS NULL AND (@kind IS NULL OR kind = @kind) ORDER BY opened_at DESC, id DESC
            """);
        command.Parameters.Add(new NpgsqlParameter("kind", NpgsqlDbType.Text) { Value = kind?.ToString() ?? (object)DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var alerts = new List<LagAlertRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            alerts.Add(ReadAlert(reader));
        }
        return alerts;
    }

    internal static LagAlertRow ReadAlert(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        Region = reader.GetString(1),
        Severity = Enum.Parse<AlertSeverity>(reader.GetString(2)),
        Cause = reader.GetString(3),
        OpenedAt = reader.GetFieldValue<DateTimeOffset>(4),
        ClosedAt = reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
        PeakLagMs = reader.IsDBNull(6) ? null : reader.GetDouble(6),
        AcknowledgedBy = reader.IsDBNull(7) ? null : reader.GetString(7),
        AcknowledgedAt = reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
        AcknowledgeNote = reader.IsDBNull(9) ? null : reader.GetString(9),
        Kind = Enum.Parse<AlertKind>(reader.GetString(10)),
    };

    /// <summary>
    /// Inserts an opened alert and returns its id. For <see cref="AlertKind.Propagation"/>, an alert of that kind already
    /// open on the region (another instance's) is joined instead: it takes this alert's severity and cause, keeps its
    /// opening time, and its id is returned.
    /// </summary>
    public async Task<long> InsertAlertAsync(string region, TrackedAlert alert, CancellationToken cancellationToken, AlertKind kind = AlertKind.Lag)
    {
        await using var command = sources.Primary.CreateCommand(kind == AlertKind.Lag
            ? $"""
              INSERT INTO {AlertsTable} (region, severity, cause, opened_at, peak_lag_ms, kind)
              VALUES (@region, @severity, @cause, @opened, @peak, @kind) RETURNING id
              """
            : $"""
              INSERT INTO {AlertsTable} (region, severity, cause, opened_at, peak_lag_ms, kind)
              VALUES (@region, @severity, @cause, @opened, @peak, @kind)
              ON CONFLICT (region, kind) WHERE closed_at IS NULL DO UPDATE SET severity = EXCLUDED.severity, cause = EXCLUDED.cause
              RETURNING id
              """);
        command.Parameters.Add(new NpgsqlParameter<string>("kind", kind.ToString()));
        command.Parameters.Add(new NpgsqlParameter<string>("region", region));
        command.Parameters.Add(new NpgsqlParameter<string>("severity", alert.Severity.ToString()));
        command.Parameters.Add(new NpgsqlParameter<string>("cause", Cut(alert.Cause)));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("opened", alert.OpenedAt));
        command.Parameters.Add(Nullable("peak", alert.PeakLagMs));
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Writes an open alert's severity, cause and peak, and its close time once closed.</summary>
    /// <param name="onlyIfOpen">
    /// Writes only while the row is still open, and says whether it was: with several instances, another may have
    /// closed it meanwhile, and writing this instance's view (closed_at NULL) would open a closed alert again.
    /// </param>
    /// <returns>Whether a row was written.</returns>
    public async Task<bool> UpdateAlertAsync(long id, TrackedAlert alert, CancellationToken cancellationToken, bool onlyIfOpen = false)
    {
        await using var command = sources.Primary.CreateCommand($"""
            UPDATE {AlertsTable} SET severity = @severity, cause = @cause, peak_lag_ms = @peak, closed_at = @closed
            WHERE id = @id{(onlyIfOpen ? " AND closed_at IS NULL" : "")}
            """);
        command.Parameters.Add(new NpgsqlParameter<long>("id", id));
        command.Parameters.Add(new NpgsqlParameter<string>("severity", alert.Severity.ToString()));
        command.Parameters.Add(new NpgsqlParameter<string>("cause", Cut(alert.Cause)));
        command.Parameters.Add(Nullable("peak", alert.PeakLagMs));
        command.Parameters.Add(new NpgsqlParameter("closed", NpgsqlDbType.TimestampTz) { Value = alert.ClosedAt.HasValue ? alert.ClosedAt.Value : DBNull.Value });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private static string Cut(string cause) => cause.Length <= 1000 ? cause : cause[..997] + "...";
}
