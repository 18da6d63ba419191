using System.Diagnostics;
using Dashboard.Client.Live;
using Dashboard.Data;
using Dashboard.Features.Auth;
using Dashboard.Features.Lag;
using Dashboard.IntegrationTests.Auth;
using Npgsql;

namespace Dashboard.IntegrationTests.Lag;

/// <summary>The heartbeat writer and sampler against the real primary and replicas. Waits on state, never on speed.</summary>
[Collection(StackMutatingCollection.Name)]
public sealed class LagSamplerTests(StackFixture fixture)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(90);

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private string[] Replicas => fixture.Stack.Options.Regions.Where(r => r.Role == Dashboard.Configuration.RegionRole.Replica).Select(r => r.Name).ToArray();

    [Fact]
    public async Task Sample_500msApplyDelayOnOneReplica_ThatReplicaReads450To800AndAnotherStaysUnder250()
    {
        // A replica (the stack's last) is delayed; another (its first) is not.
        var delayedRegion = Replicas[^1];
        var other = Replicas.First(r => r != delayedRegion);
        await using var host = await LagHost.StartAsync(fixture.Stack, Cancel);
        await host.WaitForAsync(s => s.Latest.All(x => x.HeartbeatLagMs is not null), Long, "every replica's heartbeat lag");
        try
        {
            await StackSuperuser.SetApplyDelayAsync(fixture.Stack, delayedRegion, "500ms");
            await host.WaitForAsync(s => LagHost.Of(s, delayedRegion).HeartbeatLagMs >= 450, Long, $"{delayedRegion}'s lag to show the delay");

            var rounds = await host.NextRoundsAsync(7, Long);
            var delayed = rounds.Select(r => LagHost.Of(r, delayedRegion).HeartbeatLagMs!.Value).Order().ToList();
            var undelayed = rounds.Select(r => LagHost.Of(r, other).HeartbeatLagMs!.Value).Order().ToList();
            var seen = string.Join(" | ", rounds.Select(LagHost.Describe));
            // Medians: one round stalled by a saturated machine must not decide it, but a wrong figure still fails.
            delayed[3].ShouldBeInRange(450, 800, seen);
            undelayed[3].ShouldBeLessThan(250, seen);
            rounds.ShouldAllBe(r => LagHost.Of(r, delayedRegion).State == ReplicaState.Streaming, seen);
        }
        finally
        {
            await StackSuperuser.SetApplyDelayAsync(fixture.Stack, delayedRegion, null);
        }
        await host.WaitForAsync(s => LagHost.Of(s, delayedRegion).HeartbeatLagMs < 250, Long, $"{delayedRegion} back under 250 ms");
    }

    [Fact]
    public async Task Role_TwoHosts_ExactlyOneWritesTheHeartbeatAtTheConfiguredRateAndTheOtherTakesOver()
    {
        var interval = fixture.Stack.Options.Lag.HeartbeatInterval;
        await using var a = await LagHost.StartAsync(fixture.Stack, Cancel);
        await using var b = await LagHost.StartAsync(fixture.Stack, Cancel);
        await WaitAsync(() => a.Coordinator.IsHolder || b.Coordinator.IsHolder, "one host to take the role");

        // For a while, never both.
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(3))
        {
            (a.Coordinator.IsHolder && b.Coordinator.IsHolder).ShouldBeFalse("both hosts hold the role");
            (a.Coordinator.IsHolder || b.Coordinator.IsHolder).ShouldBeTrue("the role was dropped");
            await Task.Delay(50, Cancel);
        }
        var (holder, passive) = a.Coordinator.IsHolder ? (a, b) : (b, a);
        passive.Store.Current.Round.ShouldBe(0, "the passive host sampled");

        var (beats, elapsed) = await HeartbeatsOverAsync(TimeSpan.FromSeconds(5));
        var expected = elapsed / interval;
        // One writer: about one beat per interval (a loaded machine may skip ticks, never add them); two would double it.
        beats.ShouldBeLessThanOrEqualTo((long)Math.Ceiling(expected * 1.2) + 2, $"{beats} beats in {elapsed}");
        beats.ShouldBeGreaterThan((long)(expected * 0.3), $"{beats} beats in {elapsed}");

        await holder.StopAsync();
        holder.Coordinator.IsHolder.ShouldBeFalse();
        await WaitAsync(() => passive.Coordinator.IsHolder, "the other host to take over");
        var (after, _) = await HeartbeatsOverAsync(TimeSpan.FromSeconds(2));
        after.ShouldBeGreaterThan(0, "no heartbeat after the takeover");
        await passive.WaitForAsync(s => s.Round > 0, Long, "the new holder's first round");
    }

    [Fact]
    public async Task Minutes_WrittenByOneHost_ReadBackByANewHostAndOldOnesDeleted()
    {
        var primary = fixture.Get<RegionDataSources>().Primary;
        var old = DateTimeOffset.UtcNow.AddDays(-8);
        // An old minute of a configured replica (the stack's first), which retention must delete.
        await using (var insert = primary.CreateCommand($"INSERT INTO {LagDatabase.MinutesTable} (region, minute, samples, unknown) VALUES ($1, $2, 1, 1) ON CONFLICT DO NOTHING"))
        {
            insert.Parameters.AddWithValue(Replicas[0]);
            insert.Parameters.AddWithValue(LagDownsampling.MinuteOf(old));
            await insert.ExecuteNonQueryAsync(Cancel);
        }
        var from = LagDownsampling.MinuteOf(DateTimeOffset.UtcNow);
        await using (var host = await LagHost.StartAsync(fixture.Stack, Cancel))
        {
            await host.WaitForAsync(s => s.Round >= 3, Long, "three rounds");
        }

        await using var next = await LagHost.StartAsync(fixture.Stack, Cancel);
        var history = await next.App.Get<ILagMinuteHistory>().ReadAsync(from, DateTimeOffset.UtcNow.AddMinutes(1), Cancel);
        history.Select(s => s.Region).ShouldBe(Replicas);
        foreach (var series in history)
        {
            series.Minutes.ShouldNotBeEmpty($"{series.Region} has no minute");
            series.Minutes.Sum(m => m.Samples).ShouldBeGreaterThanOrEqualTo(3);
            series.Minutes.ShouldContain(m => m.MaxMs != null);
        }
        var ancient = await next.App.Get<ILagMinuteHistory>().ReadAsync(old.AddMinutes(-2), old.AddMinutes(2), Cancel);
        ancient.SelectMany(s => s.Minutes).ShouldBeEmpty("the 8-day-old minute outlived the 7-day retention");
    }

    [Fact]
    public async Task Sample_ReplicaDatabaseStopped_UnreachableAlertAtOnceOthersNormal_AckAudited()
    {
        // A replica (the stack's last) goes down.
        var stopped = Replicas[^1];
        await using var host = await LagHost.StartAsync(fixture.Stack, Cancel);
        await host.WaitForAsync(s => s.Latest.All(x => x.HeartbeatLagMs is not null), Long, "every replica sampled");
        var onCall = RoleMatrixTests.ActorFor(Roles.OnCall);
        AlertDto alert;
        try
        {
            await fixture.Stack.RunScriptAsync("db-stop", stopped);
            var snapshot = await host.WaitForAsync(s => LagHost.Of(s, stopped).State == ReplicaState.Unreachable, Long, $"{stopped} unreachable");
            var down = LagHost.Of(snapshot, stopped);
            down.HeartbeatLagMs.ShouldBeNull();
            down.Problem.ShouldNotBeNullOrEmpty();
            foreach (var other in snapshot.Latest.Where(s => s.Region != stopped))
            {
                other.State.ShouldBe(ReplicaState.Streaming, LagHost.Describe(snapshot));
                other.HeartbeatLagMs.ShouldNotBeNull();
            }
            alert = await WaitForAlertAsync(host, a => a.Region == stopped && a.Cause.Contains("unreachable"));
            alert.Severity.ShouldBe(AlertSeverity.Critical);

            // Acknowledged while it is still open: the replica stays down until then (started again, it could close first).
            var commands = host.App.Get<IAlertCommands>();
            await Should.ThrowAsync<AccessDeniedException>(() => commands.AcknowledgeAsync(RoleMatrixTests.ActorFor(Roles.Operator), alert.Id, "mine", Cancel));
            (await Should.ThrowAsync<AlertCommandException>(() => commands.AcknowledgeAsync(RoleMatrixTests.ActorFor(Roles.OnCall), alert.Id, "  ", Cancel))).Message.ShouldContain("required");
            (await Should.ThrowAsync<AlertCommandException>(() => commands.AcknowledgeAsync(RoleMatrixTests.ActorFor(Roles.OnCall), -1, "x", Cancel))).Message.ShouldContain("no alert -1");
            (await AuditCountAsync(alert.Id)).ShouldBe(0, "a refused acknowledgement wrote an audit entry");

            var acked = await commands.AcknowledgeAsync(onCall, alert.Id, $"  restarting {stopped}  ", Cancel);
            acked.AcknowledgedBy.ShouldBe(onCall.UserName);
            acked.AcknowledgeNote.ShouldBe($"restarting {stopped}");
            (await AuditCountAsync(alert.Id)).ShouldBe(1);
            host.Alerts.Current.ShouldContain(a => a.Id == alert.Id && a.AcknowledgedBy == onCall.UserName);
            await Should.ThrowAsync<AlertCommandException>(() => commands.AcknowledgeAsync(onCall, alert.Id, "again", Cancel));
        }
        finally
        {
            await fixture.Stack.RunScriptAsync("db-start", stopped);
        }

        // Back up: the alert closes after N good samples and leaves the open list; its row keeps the history.
        await host.WaitForAsync(s => LagHost.Of(s, stopped).State == ReplicaState.Streaming, Long, $"{stopped} streaming again");
        await WaitAsync(() => host.Alerts.Current.All(a => a.Id != alert.Id), $"alert {alert.Id} to close");
        var page = await host.App.Get<AlertQueries>().PageAsync(onCall, new AlertFilter(Region: stopped), 0, 50, Cancel);
        page.Alerts.Single(a => a.Id == alert.Id).ClosedAt.ShouldNotBeNull();
        (await host.App.Get<AlertQueries>().PageAsync(onCall, new AlertFilter(Region: stopped, OpenOnly: true), 0, 50, Cancel)).Alerts.ShouldNotContain(a => a.Id == alert.Id);
    }

    private async Task<long> AuditCountAsync(long alertId)
    {
        await using var command = fixture.Get<RegionDataSources>().Primary.CreateCommand(
            "SELECT count(*) FROM dashboard.audit_entries WHERE action = 'alert.acknowledge' AND before LIKE $1");
        command.Parameters.AddWithValue($"alert {alertId}:%");
        return (long)(await command.ExecuteScalarAsync(Cancel))!;
    }

    private static async Task<AlertDto> WaitForAlertAsync(LagHost host, Func<AlertDto, bool> match)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < Long)
        {
            if (host.Alerts.Current.FirstOrDefault(match) is { } alert)
            {
                return alert;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"No such alert; open: {string.Join("; ", host.Alerts.Current.Select(a => $"{a.Id} {a.Region} {a.Cause}"))}");
    }

    private static async Task WaitAsync(Func<bool> done, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!done())
        {
            watch.Elapsed.ShouldBeLessThan(Long, $"waited for {what}");
            await Task.Delay(100);
        }
    }

    /// <summary>How far the heartbeat's seq moved on the primary over about <paramref name="span"/>, and the time it took.</summary>
    private async Task<(long Beats, TimeSpan Elapsed)> HeartbeatsOverAsync(TimeSpan span)
    {
        var primary = fixture.Get<RegionDataSources>().Primary;
        async Task<long> SeqAsync()
        {
            await using var command = primary.CreateCommand($"SELECT seq FROM {LagDatabase.HeartbeatTable} WHERE id = 1");
            return (long)(await command.ExecuteScalarAsync(Cancel))!;
        }
        var first = await SeqAsync();
        var watch = Stopwatch.StartNew();
        await Task.Delay(span, Cancel);
        var last = await SeqAsync();
        return (last - first, watch.Elapsed);
    }
}
