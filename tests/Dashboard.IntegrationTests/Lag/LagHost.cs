using System.Diagnostics;
using Dashboard.Client.Live;
using Dashboard.Data;
using Dashboard.Features.Lag;
using Dashboard.TestSupport;
using Npgsql;

namespace Dashboard.IntegrationTests.Lag;

/// <summary>One dashboard instance's lag services on the test stack, with its role coordinator and alert refresher running.</summary>
internal sealed class LagHost : IAsyncDisposable
{
    private readonly AppServices _app;
    private bool _stopped;

    private LagHost(AppServices app) => _app = app;

    public LagCoordinator Coordinator => _app.Get<LagCoordinator>();
    public LagStore Store => _app.Get<LagStore>();
    public AlertStore Alerts => _app.Get<AlertStore>();
    public AppServices App => _app;

    public static async Task<LagHost> StartAsync(TestStack stack, CancellationToken cancellationToken)
    {
        var host = new LagHost(AppServices.Build(stack));
        // The schema is migrated before the suite runs; nothing here runs the migrator that would say so.
        host._app.Get<SchemaState>().MarkReady("migrated by the test suite's set-up");
        await host.Coordinator.StartAsync(cancellationToken);
        await host._app.Get<AlertStoreRefresher>().StartAsync(cancellationToken);
        return host;
    }

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        await Coordinator.StopAsync(CancellationToken.None);
        await _app.Get<AlertStoreRefresher>().StopAsync(CancellationToken.None);
    }

    /// <summary>Waits for a round after which <paramref name="done"/> holds; returns that snapshot.</summary>
    public async Task<LagSnapshot> WaitForAsync(Func<LagSnapshot, bool> done, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            var snapshot = Store.Current;
            if (snapshot.Round > 0 && done(snapshot))
            {
                return snapshot;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Waited {timeout} for {what}; last round {Store.Current.Round}: {Describe(Store.Current)}");
    }

    /// <summary>The next <paramref name="count"/> rounds' snapshots.</summary>
    public async Task<IReadOnlyList<LagSnapshot>> NextRoundsAsync(int count, TimeSpan timeout)
    {
        var rounds = new List<LagSnapshot>();
        var last = Store.Current.Round;
        var watch = Stopwatch.StartNew();
        while (rounds.Count < count)
        {
            watch.Elapsed.ShouldBeLessThan(timeout, $"only {rounds.Count} of {count} rounds came");
            var snapshot = Store.Current;
            if (snapshot.Round > last)
            {
                rounds.Add(snapshot);
                last = snapshot.Round;
            }
            await Task.Delay(50);
        }
        return rounds;
    }

    public static string Describe(LagSnapshot snapshot) =>
        string.Join("; ", snapshot.Latest.Select(s => $"{s.Region} {s.State} hb={s.HeartbeatLagMs?.ToString("0") ?? "null"} {s.Problem}"));

    public static LagSampleDto Of(LagSnapshot snapshot, string region) => snapshot.Latest.Single(s => s.Region == region);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>The stack's PostgreSQL as its superuser (the postgres OS user over the region's socket), as stack.sh runs it.</summary>
internal static class StackSuperuser
{
    public static async Task<string> PsqlAsync(TestStack stack, string region, string sql)
    {
        var port = new NpgsqlConnectionStringBuilder(stack.Region(region).ConnectionString).Port;
        var start = new ProcessStartInfo("runuser") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var arg in new[] { "-u", "postgres", "--", "/usr/lib/postgresql/15/bin/psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
                     "-h", Path.Combine(stack.StackDir, "sock", region), "-p", port.ToString(), "-d", "postgres", "-c", sql })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"psql on {region} exited {process.ExitCode}: {await stderr}");
        }
        return (await stdout).Trim();
    }

    /// <summary>Sets (or with null, resets) the replica's apply delay and reloads its configuration.</summary>
    public static async Task SetApplyDelayAsync(TestStack stack, string region, string? delay)
    {
        await PsqlAsync(stack, region, delay is null
            ? "ALTER SYSTEM RESET recovery_min_apply_delay"
            : $"ALTER SYSTEM SET recovery_min_apply_delay = '{delay}'");
        await PsqlAsync(stack, region, "SELECT pg_reload_conf()");
    }
}
