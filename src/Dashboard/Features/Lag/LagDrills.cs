using System.Text.RegularExpressions;
using Dashboard.Configuration;
using Dashboard.Data;
using Dashboard.Features.Audit;
using Dashboard.Features.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dashboard.Features.Lag;

/// <summary>A replica's drill: the replay delay it is running with (null when none, or when it could not be read).</summary>
public sealed record LagDrillStatus(string Region, TimeSpan? Delay, string? Error)
{
    public bool IsOn => Delay is { } d && d > TimeSpan.Zero;
}

/// <summary>Lag drills (see <see cref="LagDrills"/>).</summary>
public interface ILagDrills
{
    Task<IReadOnlyList<LagDrillStatus>> ReadAsync(CancellationToken cancellationToken);
    Task StartAsync(Actor actor, string region, TimeSpan delay, CancellationToken cancellationToken);
    Task StopAsync(Actor actor, string region, CancellationToken cancellationToken);
}

/// <summary>
/// Lag drills: an Admin makes a replica apply WAL late on purpose (PostgreSQL's <c>recovery_min_apply_delay</c>, set
/// with ALTER SYSTEM on that replica; grants in <c>db/004_lag_drill_grants.sql</c>), to see the lag page, the alerts
/// and the wallboard react before a real incident does. Same effect as <c>scripts/stack.sh lag REGION DURATION|off</c>.
/// Each start and stop is audited: the entry is written in a transaction on the primary that commits only after the
/// replica took the setting; if that commit fails, the setting is put back.
/// </summary>
public sealed partial class LagDrills(
    RegionDataSources sources,
    IDbContextFactory<DashboardDbContext> contexts,
    AuditLog audit,
    IOptions<DashboardOptions> options) : ILagDrills
{
    /// <summary>The longest drill delay: long enough to trip any threshold, short enough that WAL kept on the replica stays small.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(5);

    private IEnumerable<string> Replicas => options.Value.Regions.Where(r => r.Role == RegionRole.Replica).Select(r => r.Name);

    /// <summary>Every replica's current drill, read from the replica itself (a replica that does not answer says so).</summary>
    public async Task<IReadOnlyList<LagDrillStatus>> ReadAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(Replicas.Select(async region =>
        {
            try
            {
                await using var connection = await sources.For(region).OpenConnectionAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SELECT setting::bigint FROM pg_settings WHERE name = 'recovery_min_apply_delay'", connection);
                var ms = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
                return new LagDrillStatus(region, TimeSpan.FromMilliseconds(ms), null);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                return new LagDrillStatus(region, null, ex.Message);
            }
        }));

    /// <summary>Starts (or changes) a drill: <paramref name="region"/> applies WAL <paramref name="delay"/> late until stopped.</summary>
    public Task StartAsync(Actor actor, string region, TimeSpan delay, CancellationToken cancellationToken)
    {
        actor.Demand(Permission.RunLagDrills);
        if (delay <= TimeSpan.Zero || delay > MaxDelay)
        {
            throw new LagDrillException($"A drill delay is between 1 ms and {MaxDelay.TotalMinutes:0} min; {delay.TotalMilliseconds:0} ms is not.");
        }
        return SetAsync(actor, ReplicaNamed(region), delay, AuditActions.LagDrillStart, cancellationToken);
    }

    /// <summary>Stops the drill on <paramref name="region"/>: it applies WAL as soon as it arrives again.</summary>
    public Task StopAsync(Actor actor, string region, CancellationToken cancellationToken)
    {
        actor.Demand(Permission.RunLagDrills);
        return SetAsync(actor, ReplicaNamed(region), null, AuditActions.LagDrillStop, cancellationToken);
    }

    /// <summary>Reads "500ms", "2s", "1min" (PostgreSQL's own units for this setting); null when it is not one.</summary>
    public static TimeSpan? ParseDelay(string? text)
    {
        var match = DelayPattern().Match(text?.Trim() ?? "");
        if (!match.Success || !long.TryParse(match.Groups[1].Value, out var n))
        {
            return null;
        }
        return match.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(n),
            "s" => TimeSpan.FromSeconds(n),
            _ => TimeSpan.FromMinutes(n),
        };
    }

    [GeneratedRegex("^([0-9]{1,6})(ms|s|min)$")]
    private static partial Regex DelayPattern();

    private string ReplicaNamed(string region) =>
        Replicas.FirstOrDefault(r => string.Equals(r, region, StringComparison.OrdinalIgnoreCase))
        ?? throw new LagDrillException(options.Value.Regions.Any(r => string.Equals(r.Name, region, StringComparison.OrdinalIgnoreCase))
            ? $"{region} is the primary: it has no replay to delay."
            : $"There is no region named '{region}'.");

    private async Task SetAsync(Actor actor, string region, TimeSpan? delay, string action, CancellationToken cancellationToken)
    {
        var before = (await ReadAsync(cancellationToken)).Single(s => s.Region == region);
        if (before.Error is { } error)
        {
            throw new LagDrillException($"{region}'s database does not answer, so its drill cannot be changed: {error}");
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await audit.WriteAsync(db, actor, action, name: region,
            before: Describe(before.Delay), after: Describe(delay), cancellationToken: cancellationToken);
        await ApplyAsync(region, delay, cancellationToken);
        await WaitUntilInEffectAsync(region, delay, cancellationToken);
        try
        {
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            // No audit entry, so no drill: put the replica back as it was.
            await ApplyAsync(region, before.Delay, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// pg_reload_conf() only signals the server; its sessions take the new setting a moment later. Waits (up to 5 s) until
    /// a new session on the replica reports it, so that what the page reads back right after is the drill's real state.
    /// </summary>
    private async Task WaitUntilInEffectAsync(string region, TimeSpan? delay, CancellationToken cancellationToken)
    {
        var expected = delay ?? TimeSpan.Zero;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var status = (await ReadAsync(cancellationToken)).Single(s => s.Region == region);
            if (status.Delay == expected)
            {
                return;
            }
            await Task.Delay(100, cancellationToken);
        }
        throw new LagDrillException($"{region} took the setting but did not report it in effect within 5 s; check it with scripts/stack.sh status.");
    }

    private static string Describe(TimeSpan? delay) =>
        delay is { } d && d > TimeSpan.Zero ? $"replay delay {(long)d.TotalMilliseconds} ms" : "no replay delay";

    private async Task ApplyAsync(string region, TimeSpan? delay, CancellationToken cancellationToken)
    {
        // ALTER SYSTEM takes no parameters; the value is a whole number of milliseconds formatted here, never user text.
        var sql = delay is { } d && d > TimeSpan.Zero
            ? $"ALTER SYSTEM SET recovery_min_apply_delay = '{(long)d.TotalMilliseconds}ms'"
            : "ALTER SYSTEM RESET recovery_min_apply_delay";
        try
        {
            await using var connection = await sources.For(region).OpenConnectionAsync(cancellationToken);
            // Two round trips, not a batch: a batch runs as one implicit transaction block, and ALTER SYSTEM refuses those.
            await using (var alter = new NpgsqlCommand(sql, connection))
            {
                await alter.ExecuteNonQueryAsync(cancellationToken);
            }
            await using var reload = new NpgsqlCommand("SELECT pg_reload_conf()", connection);
            await reload.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new LagDrillException($"{region} refused: {ex.MessageText}. Apply db/004_lag_drill_grants.sql on the primary (README, \"Provisioning a database\").");
        }
    }
}

/// <summary>A drill that was refused, with the reason in words.</summary>
public sealed class LagDrillException(string message) : Exception(message);
