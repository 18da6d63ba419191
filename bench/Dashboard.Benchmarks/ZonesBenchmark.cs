using System.Diagnostics;
using Dashboard.Data;
using Dashboard.Dns;
using Dashboard.Features.Zones;
using Dashboard.PowerDns;
using Dashboard.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dashboard.Benchmarks;

/// <summary>
/// The zone page on a 1,000,000-record free zone (<see cref="BigZone"/>): server time of the grid's queries (first page,
/// prefix, substring) called on <see cref="RecordQueries"/> directly, beside PowerDNS's own zone GET (what PowerDNS-Admin
/// does per page view); the streamed export; navigation-to-rows in Chromium; the dashboard's RSS with the zone in 5 tabs.
/// </summary>
public sealed class ZonesBenchmark : IBenchmark
{
    private static readonly Dashboard.Features.Auth.Actor Reader = new("bench", "bench", new HashSet<string> { Dashboard.Features.Auth.Roles.OnCall });

    private const int Runs = 60;
    private const int ApiRuns = 3;
    // Seeding never changes an existing account, so the bench user's password must be the same on every run (a fresh
    // one per run locked the benchmark out of every stack it had already run on). Bench-only, local stacks only.
    private const string UserName = "zones-bench-operator";
    private const string Password = "zones-bench-local-password";

    public string Name => "zones";
    public string Description => $"zone grid queries on a {BigZone.Records:N0}-record zone vs PowerDNS's zone GET; export; Chromium page load and RSS";

    public async Task<IReadOnlyList<Measurement>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var results = new List<Measurement>();
        // The dashboard applies its schema migrations at start-up; BigZone needs dashboard.zone_tiers.
        await using var server = await DashboardServer.StartAsync(context.Stack, new Dictionary<string, string>
        {
            ["Dashboard__SeedUsers__0__UserName"] = UserName,
            ["Dashboard__SeedUsers__0__Password"] = Password,
            ["Dashboard__SeedUsers__0__Roles__0"] = "Operator",
        }, cancellationToken);
        await using var services = AppServices.Build(context.Stack);
        await WaitForSchemaAsync(services.GetRequiredService<RegionDataSources>(), cancellationToken);
        var zone = await BigZone.EnsureAsync(context, cancellationToken);
        var records = services.GetRequiredService<RecordQueries>();
        var names = await SampleNamesAsync(services.GetRequiredService<RegionDataSources>(), zone, Runs, cancellationToken);

        // Warm-up: the first calls pay for connection setup and cold buffers, which a page view on a running dashboard does not.
        for (var i = 0; i < 5; i++)
        {
            await records.GetPageAsync(Reader, zone, new RRsetFilter(), cancellationToken);
        }

        var firstPage = await TimeAsync(Runs, i => records.GetPageAsync(Reader, zone, new RRsetFilter(), cancellationToken));
        // Prefixes as an operator types them: the start of a tunnel name ("swift-otter-3").
        var prefix = await TimeAsync(Runs, i => records.GetPageAsync(Reader, zone, new RRsetFilter(Prefix: names[i][..(names[i].IndexOf('-', names[i].IndexOf('-') + 1) + 2)]), cancellationToken));
        // Substrings as an operator pastes them: part of a tunnel id ("4f3a9c").
        var substring = await TimeAsync(Runs, i => records.GetPageAsync(Reader, zone, new RRsetFilter(Contains: TunnelId(names[i])[1..7]), cancellationToken));
        // A broad substring (one animal: about 1 name in 50 matches): no target, reported for honesty.
        string[] animals = ["otter", "falcon", "wolf", "zebra", "panda"];
        var broad = await TimeAsync(10, i => records.GetPageAsync(Reader, zone, new RRsetFilter(Contains: "-" + animals[i % animals.Length] + "-"), cancellationToken));
        AddPercentiles(results, "first_page", firstPage);
        AddPercentiles(results, "prefix_filter", prefix);
        AddPercentiles(results, "substring_filter", substring);
        results.Add(new("substring_filter_broad_p95", Statistics.Percentile(broad, 95), "ms"));

        var api = await PowerDnsZoneGetAsync(context, zone, cancellationToken);
        results.Add(new("pdns_api_zone_get_mean", api.Average(), "s"));
        results.Add(new("pdns_api_vs_first_page_ratio", api.Average() * 1000 / Statistics.Percentile(firstPage, 50), "x", LowerIsBetter: false));

        var (exportSeconds, exportBytes) = await ExportAsync(cancellationToken);
        results.Add(new("export_1m_seconds", exportSeconds, "s"));
        results.Add(new("export_1m_size", exportBytes / 1024.0 / 1024.0, "MiB"));

        results.AddRange(await BrowserAsync(server, zone, cancellationToken));
        results.AddRange(await ChangeSetApplyMeasurement.RunAsync(context, zone, cancellationToken));
        return results;
    }

    private static void AddPercentiles(List<Measurement> results, string metric, IReadOnlyList<double> samples)
    {
        results.Add(new($"{metric}_p50", Statistics.Percentile(samples, 50), "ms"));
        results.Add(new($"{metric}_p95", Statistics.Percentile(samples, 95), "ms", "<= 50", 50));
    }

    private static async Task<List<double>> TimeAsync(int runs, Func<int, Task<RRsetPage>> query)
    {
        var samples = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var page = await query(i);
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (page.Items.Count > RRsetFilter.DefaultPageSize)
            {
                throw new InvalidOperationException($"A page held {page.Items.Count} RRsets");
            }
        }
        return samples;
    }

    private static string TunnelId(string name) => name.Split('.')[0].Split('-')[^1];

    private static async Task<List<string>> SampleNamesAsync(RegionDataSources sources, string zone, int count, CancellationToken cancellationToken)
    {
        await using var command = sources.Primary.CreateCommand(
            "SELECT name FROM records WHERE domain_id = (SELECT id FROM domains WHERE name = $1) AND type = 'CNAME' ORDER BY md5(name) LIMIT $2");
        command.Parameters.AddWithValue(zone);
        command.Parameters.AddWithValue(count);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }

    private static async Task WaitForSchemaAsync(RegionDataSources sources, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            await using var command = sources.Primary.CreateCommand("SELECT to_regclass('dashboard.zone_tiers') IS NOT NULL");
            if ((bool)(await command.ExecuteScalarAsync(cancellationToken))!)
            {
                return;
            }
            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException("The dashboard did not migrate its schema within 60 s.");
            }
            await Task.Delay(250, cancellationToken);
        }
    }

    /// <summary>What PowerDNS-Admin does on every page view: GET the whole zone from the primary's PowerDNS API.</summary>
    private static async Task<List<double>> PowerDnsZoneGetAsync(BenchmarkContext context, string zone, CancellationToken cancellationToken)
    {
        var primary = context.Stack.Primary;
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Add("X-API-Key", primary.PowerDnsApiKey);
        var samples = new List<double>();
        for (var i = 0; i < ApiRuns; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync($"{primary.PowerDnsApiUrl.TrimEnd('/')}/api/v1/servers/localhost/zones/{zone}.", HttpCompletionOption.ResponseContentRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            samples.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        return samples;
    }

    private static async Task<(double Seconds, long Bytes)> ExportAsync(CancellationToken cancellationToken)
    {
        // The export streams from ZoneExporter; timed in-process here (the endpoint only adds the HTTP response around it).
        await using var services = AppServices.Build(TestStack.Load());
        var exporter = services.GetRequiredService<ZoneExporter>();
        var started = Stopwatch.GetTimestamp();
        var counting = new CountingStream();
        await using (var writer = new StreamWriter(counting, new System.Text.UTF8Encoding(false), 64 * 1024))
        {
            await exporter.WriteAsync(Reader, BigZone.Name, writer, cancellationToken);
        }
        return (Stopwatch.GetElapsedTime(started).TotalSeconds, counting.Length);
    }

    private static async Task<List<Measurement>> BrowserAsync(DashboardServer server, string zone, CancellationToken cancellationToken)
    {
        await using var browser = await BenchmarkBrowser.LaunchAsync(server);
        var signIn = await browser.SignedInPageAsync(UserName, Password);
        var browserContext = signIn.Context;

        string[] zoneUrls = [DashboardUrls.ZoneUrl(zone), DashboardUrls.ZoneFilteredTo(zone, "swift-")];
        var samples = new List<double>();
        for (var i = 0; i < 6; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await signIn.GotoAsync(zoneUrls[i % 2]);
            await signIn.WaitForSelectorAsync("[data-testid=rrset]");
            if (i > 0)
            {
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        var tabs = new List<IPage> { signIn };
        for (var i = 0; i < 4; i++)
        {
            var tab = await browserContext.NewPageAsync();
            await tab.GotoAsync(zoneUrls[0]);
            await tab.WaitForSelectorAsync("[data-testid=rrset]");
            tabs.Add(tab);
        }
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        var rss = DashboardProcess.RssMegabytes(DashboardProcess.Find(server));
        return
        [
            new("navigation_to_rows_p50", Statistics.Percentile(samples, 50), "ms"),
            new("navigation_to_rows_max", samples.Max(), "ms", "<= 1000", 1000),
            new("dashboard_rss_5_tabs", rss, "MB", "<= 400", 400),
        ];
    }

    private sealed class CountingStream : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        private long _length;
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
