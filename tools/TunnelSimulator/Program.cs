using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Npgsql;
using TunnelSimulator;

const string Usage = """
    usage: TunnelSimulator [--config DASHBOARD_JSON | --connection CONNSTRING] [--rate 20] [--zone free.tunnel.test]
                           [--max-live 500] [--ttl 30]
      --config      a dashboard.json (scripts/stack.sh writes $STACK_DIR/dashboard.json): the primary region's ConnectionString
      --connection  an Npgsql connection string to the primary (else env TUNNEL_SIM_CONNECTION)
      --rate        changes (tunnel creates + removes) per second; fractions allowed; 0 exits at once
      --max-live    at most this many live tunnels: below it the simulator creates, at it it removes
    Stops on Ctrl-C or SIGTERM after the current transaction. Logs a status line every 10 s.
    """;

string? config = null, connection = null;
var options = new SimulatorOptions();
try
{
    for (var i = 0; i < args.Length; i++)
    {
        string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        switch (args[i])
        {
            case "--config": config = Value(); break;
            case "--connection": connection = Value(); break;
            case "--zone": options = options with { Zone = Value().TrimEnd('.').ToLowerInvariant() }; break;
            case "--rate": options = options with { Rate = double.Parse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture) }; break;
            case "--max-live": options = options with { MaxLive = int.Parse(Value(), CultureInfo.InvariantCulture) }; break;
            case "--ttl": options = options with { Ttl = int.Parse(Value(), CultureInfo.InvariantCulture) }; break;
            case "-h" or "--help": Console.WriteLine(Usage); return 0;
            default: throw new ArgumentException($"unknown argument '{args[i]}'");
        }
    }
    if (options.Rate < 0 || double.IsNaN(options.Rate) || double.IsInfinity(options.Rate)) throw new ArgumentException("--rate must be 0 or more");
    if (options.MaxLive < 1) throw new ArgumentException("--max-live must be at least 1");
    if (options.Ttl < 0) throw new ArgumentException("--ttl must be 0 or more");
    connection ??= Environment.GetEnvironmentVariable("TUNNEL_SIM_CONNECTION") is { Length: > 0 } fromEnv ? fromEnv : null;
    if (connection is null && config is not null)
    {
        connection = PrimaryConnectionString(config);
    }
    if (connection is null) throw new ArgumentException("no database: give --config, --connection or TUNNEL_SIM_CONNECTION");
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException or IOException or JsonException or InvalidOperationException)
{
    Console.Error.WriteLine($"tunnel simulator: {ex.Message}");
    Console.Error.WriteLine(Usage);
    return 2;
}

void Log(string line) => Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {line}");

if (options.Rate == 0)
{
    Log("tunnel simulator: rate 0, nothing to do");
    return 0;
}

var builder = new NpgsqlConnectionStringBuilder(connection) { ApplicationName = "tunnel-simulator" };
// Fail fast when the primary is away (then back off), and bound one statement: a stop waits for the current transaction.
builder.Timeout = Math.Min(builder.Timeout, 5);
builder.CommandTimeout = Math.Min(builder.CommandTimeout, 10);
await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);

using var stop = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    if (!stop.IsCancellationRequested)
    {
        Log($"{context.Signal}: stopping after the current transaction");
        stop.Cancel();
    }
}
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

await new Simulator(options, dataSource, Log).RunAsync(stop.Token);
return 0;

static string PrimaryConnectionString(string configFile)
{
    using var json = JsonDocument.Parse(File.ReadAllText(configFile));
    if (json.RootElement.TryGetProperty("Dashboard", out var dashboard) && dashboard.TryGetProperty("Regions", out var regions))
    {
        foreach (var region in regions.EnumerateArray())
        {
            if (region.TryGetProperty("Role", out var role) && role.GetString() == "Primary"
                && region.TryGetProperty("ConnectionString", out var cs) && cs.GetString() is { Length: > 0 } value)
            {
                return value;
            }
        }
    }
    throw new InvalidOperationException($"{configFile}: no Dashboard:Regions entry with Role Primary and a ConnectionString");
}
