using System.Diagnostics;
using System.Text;
using Dashboard.Features.Zones;
using Dashboard.TestSupport;
using Microsoft.Playwright;
using Npgsql;

namespace Dashboard.Benchmarks;

/// <summary>
/// Whether closed circuits give their memory back (issue #7: 317 MB grew to 1.17 GB during large imports and stayed).
/// Opens <see cref="Tabs"/> zone pages, each staging a large zone file through the import dialog, closes them all, and
/// reads the dashboard's resident memory from /proc: idle before, with the tabs open, and at intervals after closing.
/// The dashboard runs with its shipped GC settings; set DOTNET_gcServer etc. in the environment to compare others.
/// </summary>
public sealed class CircuitsBenchmark : IBenchmark
{
    private const int Tabs = 4;
    private const int Records = 5_000;
    private const string Zone = "free.tunnel.test";
    private const string UserName = "circuits-bench-operator";
    private const string Password = "circuits-bench-local-password";

    public string Name => "circuits";
    public string Description => $"dashboard RSS before, with {Tabs} zone pages each staging a {Records:N0}-record import, and after closing them";

    public async Task<IReadOnlyList<Measurement>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        await using var server = await DashboardServer.StartAsync(context.Stack, new Dictionary<string, string>
        {
            ["Dashboard__SeedUsers__0__UserName"] = UserName,
            ["Dashboard__SeedUsers__0__Password"] = Password,
            ["Dashboard__SeedUsers__0__Roles__0"] = "Operator",
        }, cancellationToken);
        var pid = DashboardProcess.Find(server);
        var file = Path.Combine(Path.GetTempPath(), $"circuits-bench-{Environment.ProcessId}.zone");
        await File.WriteAllTextAsync(file, ZoneFile(), cancellationToken);
        try
        {
            await DiscardStagedAsync(context.Stack, cancellationToken);
            await using var browser = await BenchmarkBrowser.LaunchAsync(server);
            var first = await browser.SignedInPageAsync(UserName, Password);
            await OpenZoneAsync(first);
            await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
            var idle = DashboardProcess.RssMegabytes(pid);
            Console.WriteLine($"  idle with one zone page open: {idle:F0} MB");

            var pages = new List<IPage> { first };
            var peak = idle;
            for (var i = 0; i < Tabs; i++)
            {
                var page = i == 0 ? first : await first.Context.NewPageAsync();
                if (i > 0)
                {
                    pages.Add(page);
                    await OpenZoneAsync(page);
                }
                await page.GetByTestId("import").ClickAsync();
                await page.GetByTestId("import-file").SetInputFilesAsync(file);
                await page.GetByTestId("import-stage").ClickAsync();
                await page.GetByTestId("changeset-count").Filter(new() { HasText = $"({Records})" }).WaitForAsync(new() { Timeout = 180_000 });
                // Each tab keeps its own copy; the saved row is removed so the next tab stages the same file afresh.
                await DiscardStagedAsync(context.Stack, cancellationToken);
                peak = Math.Max(peak, DashboardProcess.RssMegabytes(pid));
                Console.WriteLine($"  tab {i + 1} staged {Records:N0} records: {DashboardProcess.RssMegabytes(pid):F0} MB");
            }

            await first.Context.CloseAsync();
            var closed = Stopwatch.GetTimestamp();
            var after = new List<(int Seconds, double Rss)>();
            // Blazor keeps a disconnected circuit for 3 minutes (DisconnectedCircuitRetentionPeriod) in case the page reconnects,
            // so the last reading is taken after that.
            foreach (var seconds in new[] { 15, 60, 240 })
            {
                var wait = TimeSpan.FromSeconds(seconds) - Stopwatch.GetElapsedTime(closed);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }
                after.Add((seconds, DashboardProcess.RssMegabytes(pid)));
                Console.WriteLine($"  {seconds} s after closing every tab: {after[^1].Rss:F0} MB");
            }
            return
            [
                new("rss_idle", idle, "MB"),
                new($"rss_peak_{Tabs}_tabs_staging", peak, "MB"),
                .. after.Select(a => new Measurement($"rss_{a.Seconds}s_after_close", a.Rss, "MB")),
                new("rss_retained_240s_after_close", after[^1].Rss - idle, "MB", "<= 100", 100),
            ];
        }
        finally
        {
            File.Delete(file);
            await DiscardStagedAsync(context.Stack, CancellationToken.None);
        }
    }

    private static async Task OpenZoneAsync(IPage page)
    {
        await page.GotoAsync(DashboardUrls.ZoneUrl(Zone));
        await page.GetByTestId("rrset-grid").WaitForAsync();
    }

    private static string ZoneFile()
    {
        var text = new StringBuilder($"$ORIGIN {Zone}.\n$TTL 300\n");
        for (var i = 0; i < Records; i++)
        {
            text.Append($"circuits-bench-{i:D6} IN A 198.51.{i / 250 % 250}.{i % 250 + 1}\n");
        }
        return text.ToString();
    }

    private static async Task DiscardStagedAsync(TestStack stack, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(stack.Primary.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """DELETE FROM dashboard.staged_change_sets WHERE user_id = (SELECT "Id" FROM dashboard."AspNetUsers" WHERE "UserName" = $1)""", connection);
        command.Parameters.AddWithValue(UserName);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
