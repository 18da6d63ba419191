using System.Runtime.InteropServices;
using Route53StandIn;

const string Usage = """
    usage: Route53StandIn [--port 0] [--pending 60s] [--rate 5] [--zone example.test.]...
                          [--record "a.example.test.|A|us|us-east-1|60|192.0.2.10"]... [--seed-file zones.json]
      A local stand-in for Amazon Route 53's REST/XML API 2013-04-01 (not AWS). Listens on 127.0.0.1.
      --port       0 picks a free port (printed on start)
      --pending    how long a change reports PENDING before INSYNC: 60s, 500ms, 2m (default 60s)
      --rate       requests a second before it answers Throttling; 0 for no limit (default 5)
      --zone       a hosted zone to serve (repeatable); it gets a default SOA and NS
      --record     name|type|set-identifier|region|ttl|value[,value...] (repeatable; set-identifier and region empty
                   for a simple record); goes into the longest --zone it is in
      --seed-file  JSON: {"zones":[{"name":"example.test.","id":"Z…","records":[{"name":…,"type":"A","ttl":60,
                   "values":["192.0.2.10"],"setIdentifier":"us","region":"us-east-1"}]}]}
    Every request needs a SigV4 Authorization header of the right shape; the signature is not verified.
    Runs until Ctrl-C or SIGTERM.
    """;

StandInOptions options;
try
{
    options = CommandLine.Parse(args);
}
catch (HelpRequestedException)
{
    Console.WriteLine(Usage);
    return 0;
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException or IOException or System.Text.Json.JsonException)
{
    Console.Error.WriteLine($"route 53 stand-in: {ex.Message}");
    Console.Error.WriteLine(Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

await using var server = await StandInServer.StartAsync(options, stop.Token);
Console.WriteLine($"Route 53 stand-in (not AWS) listening on {server.BaseAddress.GetLeftPart(UriPartial.Authority)}");
foreach (var (name, id) in server.ZoneIds)
{
    Console.WriteLine($"  hosted zone {name} id {id}");
}
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    Console.WriteLine("Route 53 stand-in stopping");
}
return 0;
