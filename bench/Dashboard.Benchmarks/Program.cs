using Dashboard.Benchmarks;
using Dashboard.TestSupport;

IBenchmark[] benchmarks =
[
    new RegionProbeBenchmark(),
    new PropagationBenchmark(),
    new ZonesBenchmark(),
    new SignInBenchmark(),
    new SessionsBenchmark(),
    new CircuitsBenchmark(),
    new LagBenchmark(),
    new ChecksBenchmark(),
    new WallboardBenchmark(),
    new TakedownsBenchmark(),
    new ScaleoutBenchmark(),
    new ApiBenchmark(),
];

var name = args.FirstOrDefault() ?? "list";
if (name is "list" or "--help" or "-h")
{
    Console.WriteLine("Benchmarks (run as ./bench.sh NAME, or ./bench.sh all):");
    foreach (var b in benchmarks)
    {
        Console.WriteLine($"  {b.Name,-14} {b.Description}");
    }
    return 0;
}

var selected = name == "all" ? benchmarks : benchmarks.Where(b => b.Name == name).ToArray();
if (selected.Length == 0)
{
    Console.Error.WriteLine($"No benchmark named '{name}'. ./bench.sh list names them.");
    return 2;
}

var context = new BenchmarkContext(TestStack.Load());
// The dashboard's own schema, as the dashboard would migrate it at start: a stack that only ./bench.sh brought up has none yet.
await Dashboard.Data.SchemaMigrator.MigrateAsync(context.Stack.Options.Database.MigrationConnectionString, CancellationToken.None);
var log = new BenchmarkLog(Path.Combine(RepoPaths.Root, "docs"));
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
foreach (var benchmark in selected)
{
    var results = await benchmark.RunAsync(context, cancel.Token);
    Console.WriteLine(BenchmarkLog.RenderTable(benchmark.Name, results));
    if (!context.Quick)
    {
        log.Record(benchmark.Name, results, DateTimeOffset.UtcNow);
    }
}
Console.WriteLine(context.Quick ? "BENCH_QUICK: a shortened development run, not recorded" : $"Recorded in {log.JsonPath} and {log.MarkdownPath}");
return 0;
