using System.Diagnostics;
using Dashboard.Configuration;
using Microsoft.Extensions.Configuration;

namespace Dashboard.TestSupport;

/// <summary>
/// The real local stack started by <c>./test.sh</c> (<c>scripts/stack.sh up</c>): its generated configuration and its
/// control script. Tests never start or mock the stack themselves; a missing stack fails loudly with how to start it.
/// </summary>
public sealed class TestStack
{
    private TestStack(string stackDir, DashboardOptions options)
    {
        StackDir = stackDir;
        Options = options;
    }

    public string StackDir { get; }
    public DashboardOptions Options { get; }
    public string ConfigFile => Path.Combine(StackDir, "dashboard.json");

    public RegionOptions Region(string name) => Options.Regions.Single(r => r.Name == name);
    public RegionOptions Primary => Options.Regions.Single(r => r.Role == RegionRole.Primary);

    /// <summary>The configured region names, in configuration order (the primary first on the local stack).</summary>
    public IReadOnlyList<string> RegionNames => Options.Regions.Select(r => r.Name).ToList();

    /// <summary>The configured replicas, in configuration order. Tests pick "a replica" from here instead of naming one.</summary>
    public IReadOnlyList<RegionOptions> Replicas => Options.Regions.Where(r => r.Role == RegionRole.Replica).ToList();

    /// <summary>
    /// The test stack, loaded once per process, for what must be known before a fixture exists (xunit member data over
    /// the configured regions).
    /// </summary>
    public static TestStack Current => _current.Value;

    private static readonly Lazy<TestStack> _current = new(Load);

    public static TestStack Load() => Load(RepoPaths.StackDir);

    /// <summary>The stack whose state is in <paramref name="stackDir"/> (another stack than the tests' own, e.g. a five-region one).</summary>
    public static TestStack Load(string stackDir)
    {
        var configFile = Path.Combine(stackDir, "dashboard.json");
        if (!File.Exists(configFile))
        {
            throw new InvalidOperationException(
                $"No stack configuration at {configFile}. Run ./test.sh, or start the test stack with: STACK_DIR={stackDir} STACK_BASE_PORT=25400 scripts/stack.sh up && STACK_DIR={stackDir} STACK_BASE_PORT=25400 scripts/stack.sh seed");
        }

        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepoPaths.Root, "src", "Dashboard", "appsettings.json"))
            .AddJsonFile(configFile)
            .Build();
        var options = new DashboardOptions();
        configuration.GetSection(DashboardOptions.SectionName).Bind(options);
        return new TestStack(stackDir, options);
    }

    /// <summary>Runs <c>scripts/stack.sh ARGS</c> against this stack and returns its output; throws if it fails.</summary>
    public async Task<string> RunScriptAsync(params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(RepoPaths.StackScript);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["STACK_DIR"] = StackDir;
        if (ReadStackEnv("STACK_BASE_PORT") is { } basePort)
        {
            start.Environment["STACK_BASE_PORT"] = basePort;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/stack.sh {string.Join(' ', args)} exited {process.ExitCode}:\n{output}");
        }
        if (args is ["db-start", var region, ..])
        {
            // Every pooled connection to that server died with it, and the next test to take one would fail with
            // 57P01 (seen twice in CI, in tests that ran after an outage test): drop them in this process.
            Npgsql.NpgsqlConnection.ClearAllPools();
            DatabaseStarted?.Invoke(region);
        }
        return output;
    }

    /// <summary>Raised after <c>db-start REGION</c>: owners of data sources (<see cref="AppServices"/>) drop their idle connections to it.</summary>
    public static event Action<string>? DatabaseStarted;

    private string? ReadStackEnv(string key)
    {
        var file = Path.Combine(StackDir, "stack.env");
        if (!File.Exists(file))
        {
            return null;
        }
        foreach (var line in File.ReadLines(file))
        {
            var trimmed = line.StartsWith("export ", StringComparison.Ordinal) ? line[7..] : line;
            if (trimmed.StartsWith(key + "=", StringComparison.Ordinal))
            {
                return trimmed[(key.Length + 1)..].Trim('"', '\'');
            }
        }
        return null;
    }
}
