using System.Diagnostics;
using System.Runtime.InteropServices;
using Dashboard.Client.Live;
using Dashboard.Data;
using Dashboard.Features.Lag;
using Dashboard.Features.Regions;
using Dashboard.PowerDns;

namespace Dashboard.IntegrationTests;

/// <summary>
/// A hung (not dead) server: its processes paused with SIGSTOP, so connections are accepted and nothing answers.
/// Every call must end at its configured timeout and say so. Pauses the primary, a replica, PowerDNS; runs alone.
/// </summary>
[Collection(StackMutatingCollection.Name)]
public sealed class HungServiceTests(StackFixture fixture)
{
    private const int SigStop = 19;
    private const int SigCont = 18;

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Probe_PrimaryDatabasePaused_ReportsHungAfterTheProbeTimeout()
    {
        var probe = fixture.Get<IRegionProbe>();
        var primary = fixture.Stack.Primary;
        // A connection in the pool: the probe reaches the paused server, as a long-running dashboard would.
        (await probe.ProbeAsync(primary, Cancel)).Database.IsUp.ShouldBeTrue();

        DatabaseStatus paused;
        var started = Stopwatch.GetTimestamp();
        using (Pause(PostgresProcesses(primary.Name)))
        {
            paused = (await probe.ProbeAsync(primary, Cancel)).Database;
        }
        var took = Stopwatch.GetElapsedTime(started);
        TestContext.Current.SendDiagnosticMessage($"hung primary reported after {took.TotalSeconds:0.0} s: {paused.Error}");

        // The verdict comes at the probe timeout, not when Npgsql gives up cancelling the statements on the paused
        // server (the zone names read took the probe to 23 s before it was bounded). Five timeouts leave room for a
        // loaded machine and still fail that.
        took.ShouldBeLessThan(fixture.Stack.Options.ProbeTimeout * 5, "the whole probe of a hung primary ends near the probe timeout");

        paused.IsUp.ShouldBeFalse();
        paused.Error.ShouldBe($"hung: connected, but no answer to a query (timed out after {fixture.Stack.Options.ProbeTimeout.TotalSeconds:0.###} s)");
        (await probe.ProbeAsync(primary, Cancel)).Database.IsUp.ShouldBeTrue("resumed, the primary answers the next probe");
    }

    /// <summary>
    /// A hung replica database: the lag sampler's round ends at its reading timeout with that replica not answering and
    /// every other replica sampled, so one paused server cannot stop the live lag feed (the wallboard, the alerts) of
    /// every region while Npgsql tries to cancel its statement.
    /// </summary>
    [Fact]
    public async Task LagRound_ReplicaDatabasePaused_EndsAtTheReadingTimeout_ThatReplicaNotAnswering_OthersSampled()
    {
        var sampler = fixture.Get<LagSampler>();
        var paused = fixture.Stack.Replicas[^1];
        // A heartbeat to read (a fresh stack has none until a sampler has run), and connections in the pool: the
        // round reaches the paused server, as a long-running sampler would.
        await using (var beat = fixture.Get<RegionDataSources>().Primary.CreateCommand(LagDatabase.HeartbeatSql))
        {
            await beat.ExecuteNonQueryAsync(Cancel);
        }
        await WaitForACleanRoundAsync(sampler);

        IReadOnlyList<LagSampleDto> round;
        var started = Stopwatch.GetTimestamp();
        using (Pause(PostgresProcesses(paused.Name)))
        {
            round = await sampler.SampleRoundAsync(Cancel);
        }
        var took = Stopwatch.GetElapsedTime(started);
        TestContext.Current.SendDiagnosticMessage($"round with {paused.Name} paused took {took.TotalSeconds:0.0} s (reading timeout {sampler.ReadingTimeout.TotalSeconds:0.###} s)");

        var hung = round.Single(s => s.Region == paused.Name);
        hung.State.ShouldBe(ReplicaState.Unreachable);
        hung.Problem.ShouldBe($"database not answering: {LagDatabase.NoAnswer}");
        hung.HeartbeatLagMs.ShouldBeNull();
        foreach (var other in round.Where(s => s.Region != paused.Name))
        {
            other.Problem.ShouldBeNull($"{other.Region} is not paused");
        }
        // Five seconds past the timeout leave room for a loaded machine and still fail the ~20 s of a wait for Npgsql.
        took.ShouldBeLessThan(sampler.ReadingTimeout + TimeSpan.FromSeconds(5), "the round ends near its reading timeout");
    }

    /// <summary>Rounds until one has no problem in any replica (the heartbeat replayed, every replica streaming).</summary>
    private async Task WaitForACleanRoundAsync(LagSampler sampler)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 30;
        IReadOnlyList<LagSampleDto> round;
        while ((round = await sampler.SampleRoundAsync(Cancel)).Any(s => s.Problem != null))
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new ShouldAssertException("no round without a problem within 30 s before the pause; the last: "
                    + string.Join("; ", round.Select(s => $"{s.Region}: {s.Problem ?? "ok"}")));
            }
            await Task.Delay(200, Cancel);
        }
    }

    [Fact]
    public async Task PowerDnsApi_Paused_FailsAfterTheApiTimeoutSayingSo()
    {
        var api = fixture.Get<PowerDnsApiClient>();
        var primary = fixture.Stack.Primary;
        var pid = int.Parse(File.ReadAllText(Path.Combine(fixture.Stack.StackDir, "run", $"pdns-{primary.Name}.pid")).Trim());

        PowerDnsApiException error;
        using (Pause([pid]))
        {
            error = await Should.ThrowAsync<PowerDnsApiException>(() => api.GetServerAsync(primary, Cancel));
        }

        error.Message.ShouldBe($"PowerDNS API of {primary.Name} timed out after {fixture.Stack.Options.PowerDnsApiTimeout.TotalSeconds:0.#} s");
        (await api.GetServerAsync(primary, Cancel)).Version.ShouldNotBeNullOrEmpty();
    }

    /// <summary>The postmaster (first line of <c>postmaster.pid</c>) and every process it started (backends, WAL sender...).</summary>
    private int[] PostgresProcesses(string region)
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(fixture.Stack.StackDir, "pg", region, "postmaster.pid")).First().Trim());
        var children = File.ReadAllText($"/proc/{postmaster}/task/{postmaster}/children")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(int.Parse);
        return [postmaster, .. children];
    }

    /// <summary>SIGSTOPs the processes; disposing SIGCONTs them, whatever the test did meanwhile.</summary>
    private static Paused Pause(int[] pids)
    {
        foreach (var pid in pids)
        {
            if (Kill(pid, SigStop) != 0)
            {
                Resume(pids);
                throw new InvalidOperationException($"Could not pause process {pid} (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        return new Paused(pids);
    }

    private static void Resume(int[] pids)
    {
        foreach (var pid in pids)
        {
            Kill(pid, SigCont);
        }
    }

    private sealed class Paused(int[] pids) : IDisposable
    {
        public void Dispose() => Resume(pids);
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
