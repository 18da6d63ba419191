using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Route53StandIn;

/// <summary>
/// A local stand-in for Amazon Route 53 (not AWS): Kestrel on 127.0.0.1 answering the part of the REST/XML API
/// 2013-04-01 the dashboard uses (ListHostedZones, ListResourceRecordSets, ChangeResourceRecordSets, GetChange) with
/// Route 53's documented shapes, orders and errors, so that the demo stack and the tests have something to talk to
/// where no Route 53 emulator installs. Every request must carry a SigV4 Authorization header of the right shape
/// (<see cref="SigV4ShapeCheck"/>; the signature itself is not verified), and past
/// <see cref="StandInOptions.MaxRequestsPerSecond"/> the stand-in answers Throttling. Used in-process by tests
/// (<see cref="StartAsync"/>) and as a program (Program.cs).
/// </summary>
public sealed class StandInServer : IAsyncDisposable
{
    public const string ApiVersion = "2013-04-01";

    private readonly WebApplication _app;
    private readonly StandInOptions _options;
    private readonly ZoneStore _store;
    private readonly Action<string> _log;
    private readonly Lock _rateGate = new();
    private long _rateSecond = long.MinValue;
    private int _rateCount;

    private StandInServer(WebApplication app, StandInOptions options, ZoneStore store)
    {
        _app = app;
        _options = options;
        _store = store;
        _log = options.Log ?? Console.WriteLine;
    }

    /// <summary>Where the stand-in listens: http://127.0.0.1:port/ (the API is under /2013-04-01/).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The served hosted zones' bare ids ("Z…") by canonical name ("example.test.").</summary>
    public IReadOnlyDictionary<string, string> ZoneIds => _store.Zones().ToDictionary(z => z.Name, z => z.Id, StringComparer.Ordinal);

    /// <summary>The bare id of the zone named <paramref name="zoneName"/> (with or without the trailing dot).</summary>
    public string ZoneId(string zoneName) =>
        ZoneIds.TryGetValue(DnsNames.Canonical(zoneName), out var id) ? id : throw new KeyNotFoundException($"The stand-in serves no zone {zoneName}.");

    /// <summary>The zone's record sets as they are now (canonical names, listing order), for a test to look at without going through HTTP.</summary>
    public IReadOnlyList<StandInRecordSet> RecordSets(string zoneId) =>
        _store.RecordSets(zoneId) ?? throw new KeyNotFoundException($"The stand-in serves no zone {zoneId}.");

    /// <summary>Starts Kestrel on 127.0.0.1 (<see cref="StandInOptions.Port"/>, 0 for a free port) and returns once it listens.</summary>
    public static async Task<StandInServer> StartAsync(StandInOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.PendingFor < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PendingFor, "PendingFor must not be negative.");
        }
        var store = new ZoneStore(options.Zones, options.TimeProvider);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(StandInServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        // The host's own Ctrl-C handling would stop an in-process stand-in under a test runner; Program.cs handles signals.
        builder.Services.AddSingleton<IHostLifetime, NoSignalLifetime>();
        var app = builder.Build();
        var server = new StandInServer(app, options, store);
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString();
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        string? code = null;
        try
        {
            code = await RouteAsync(context, requestId);
        }
        catch (StandInRequestException ex)
        {
            code = await WriteErrorAsync(context, ex.Error, requestId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            code = await WriteErrorAsync(context, new StandInError(500, "InternalFailure", $"The Route 53 stand-in failed: {ex.GetType().Name}: {ex.Message}"), requestId);
        }
        finally
        {
            _log($"{Now():yyyy-MM-ddTHH:mm:ss.fffZ} route53-standin {context.Request.Method} {context.Request.Path}{context.Request.QueryString} {context.Response.StatusCode}{(code is null ? "" : " " + code)}");
        }
    }

    private DateTimeOffset Now() => _options.TimeProvider.GetUtcNow();

    /// <summary>Answers the request; returns the error code answered, if any (for the log line).</summary>
    private async Task<string?> RouteAsync(HttpContext context, string requestId)
    {
        var request = context.Request;
        if (SigV4ShapeCheck.Check(request, Now()) is { } authError)
        {
            return await WriteErrorAsync(context, authError, requestId);
        }
        if (!TryTakeRequestSlot())
        {
            return await WriteErrorAsync(context, new StandInError(400, "Throttling", "Rate exceeded"), requestId);
        }
        if (_options.Failures?.Take(new StandInRequest(request.Method, request.Path.Value ?? "")) is { } injected)
        {
            return await WriteErrorAsync(context, injected, requestId);
        }

        var segments = (request.Path.Value ?? "").Trim('/').Split('/');
        if (segments.Length >= 2 && segments[0] == ApiVersion)
        {
            var method = request.Method;
            switch (segments[1..])
            {
                case ["hostedzone"] when HttpMethods.IsGet(method):
                    return await ListHostedZonesAsync(context);
                case ["hostedzone", var zoneId, "rrset"] when HttpMethods.IsGet(method):
                    return await ListResourceRecordSetsAsync(context, zoneId, requestId);
                case ["hostedzone", var zoneId, "rrset"] when HttpMethods.IsPost(method):
                    return await ChangeResourceRecordSetsAsync(context, zoneId, requestId);
                case ["change", var changeId] when HttpMethods.IsGet(method):
                    return await GetChangeAsync(context, changeId, requestId);
            }
        }
        return await WriteErrorAsync(context, new StandInError(404, "UnknownOperationException",
            $"The Route 53 stand-in does not implement {request.Method} {request.Path} (it serves ListHostedZones, ListResourceRecordSets, ChangeResourceRecordSets and GetChange)."), requestId);
    }

    /// <summary>A fixed window of whole seconds of <see cref="StandInOptions.TimeProvider"/> time.</summary>
    private bool TryTakeRequestSlot()
    {
        if (_options.MaxRequestsPerSecond <= 0)
        {
            return true;
        }
        var second = Now().ToUnixTimeSeconds();
        lock (_rateGate)
        {
            if (second != _rateSecond)
            {
                _rateSecond = second;
                _rateCount = 0;
            }
            if (_rateCount >= _options.MaxRequestsPerSecond)
            {
                return false;
            }
            _rateCount++;
            return true;
        }
    }

    // GET /2013-04-01/hostedzone[?marker=Z…&maxitems=N]
    private async Task<string?> ListHostedZonesAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var maxItems = ParseMaxItems(query["maxitems"], 100, "maxitems");
        var zones = _store.Zones();
        var start = 0;
        if (query["marker"].ToString() is { Length: > 0 } marker)
        {
            start = zones.ToList().FindIndex(z => z.Id == BareId(marker, "hostedzone"));
            if (start < 0)
            {
                throw StandInRequestException.InvalidInput($"The marker '{marker}' is not a hosted zone id.");
            }
        }
        var page = zones.Skip(start).Take(maxItems).ToList();
        var next = zones.Skip(start + maxItems).FirstOrDefault();
        var body = Route53Xml.Element("ListHostedZonesResponse",
            Route53Xml.Element("HostedZones", page.Select(z => Route53Xml.Element("HostedZone",
                Route53Xml.Element("Id", "/hostedzone/" + z.Id),
                Route53Xml.Element("Name", z.Name),
                Route53Xml.Element("CallerReference", z.CallerReference),
                Route53Xml.Element("Config",
                    Route53Xml.Element("Comment", "Served by the Route 53 stand-in (not AWS)"),
                    Route53Xml.Element("PrivateZone", "false")),
                Route53Xml.Element("ResourceRecordSetCount", z.RecordSetCount.ToString(CultureInfo.InvariantCulture))))),
            query["marker"].ToString() is { Length: > 0 } m ? Route53Xml.Element("Marker", m) : null,
            Route53Xml.Element("IsTruncated", next is null ? "false" : "true"),
            next is null ? null : Route53Xml.Element("NextMarker", next.Id),
            Route53Xml.Element("MaxItems", maxItems.ToString(CultureInfo.InvariantCulture)));
        await WriteAsync(context, 200, body);
        return null;
    }

    // GET /2013-04-01/hostedzone/{Id}/rrset[?name=&type=&identifier=&maxitems=]
    private async Task<string?> ListResourceRecordSetsAsync(HttpContext context, string zoneId, string requestId)
    {
        var query = context.Request.Query;
        var name = Optional(query["name"]);
        var type = Optional(query["type"]);
        var identifier = Optional(query["identifier"]);
        if (type is not null && name is null)
        {
            throw StandInRequestException.InvalidInput("The input is not valid: type was given without name.");
        }
        if (identifier is not null && type is null)
        {
            throw StandInRequestException.InvalidInput("The input is not valid: identifier was given without name and type.");
        }
        if (type is not null && !Route53Xml.RecordTypes.Contains(type))
        {
            throw StandInRequestException.InvalidInput($"1 validation error detected: Value '{type}' at 'startRecordType' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", Route53Xml.RecordTypes)}]");
        }
        // Route 53 answers at most 300 a page, whatever maxitems asks for.
        var maxItems = Math.Min(ParseMaxItems(query["maxitems"], 300, "maxitems"), 300);
        var page = _store.List(BareId(zoneId, "hostedzone"), name, type, identifier, maxItems);
        if (page is null)
        {
            return await NoSuchHostedZoneAsync(context, zoneId, requestId);
        }
        var next = page.Next;
        var body = Route53Xml.Element("ListResourceRecordSetsResponse",
            Route53Xml.Element("ResourceRecordSets", page.Sets.Select(Route53Xml.RecordSet)),
            Route53Xml.Element("IsTruncated", next is null ? "false" : "true"),
            Route53Xml.Element("MaxItems", maxItems.ToString(CultureInfo.InvariantCulture)),
            next is null ? null : Route53Xml.Element("NextRecordName", next.Name),
            next is null ? null : Route53Xml.Element("NextRecordType", next.Type),
            next?.SetIdentifier is null ? null : Route53Xml.Element("NextRecordIdentifier", next.SetIdentifier));
        await WriteAsync(context, 200, body);
        return null;
    }

    // POST /2013-04-01/hostedzone/{Id}/rrset[/]
    private async Task<string?> ChangeResourceRecordSetsAsync(HttpContext context, string zoneId, string requestId)
    {
        var bareId = BareId(zoneId, "hostedzone");
        if (!_store.HasZone(bareId))
        {
            return await NoSuchHostedZoneAsync(context, zoneId, requestId);
        }
        string text;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            text = await reader.ReadToEndAsync(context.RequestAborted);
        }
        var batch = Route53Xml.ParseChangeRequest(text);
        var outcome = _store.Apply(bareId, batch);
        if (outcome is null)
        {
            return await NoSuchHostedZoneAsync(context, zoneId, requestId);
        }
        if (outcome.Change is null)
        {
            await WriteAsync(context, 400, Route53Xml.InvalidChangeBatch(outcome.Messages, requestId));
            return "InvalidChangeBatch";
        }
        await WriteAsync(context, 200, Route53Xml.Element("ChangeResourceRecordSetsResponse", Route53Xml.ChangeInfo(outcome.Change, "PENDING")));
        return null;
    }

    // GET /2013-04-01/change/{Id}
    private async Task<string?> GetChangeAsync(HttpContext context, string changeId, string requestId)
    {
        var change = _store.Change(BareId(changeId, "change"));
        if (change is null)
        {
            return await WriteErrorAsync(context, new StandInError(404, "NoSuchChange", $"A change with the specified change ID does not exist: {changeId}"), requestId);
        }
        var status = Now() - change.SubmittedAt >= _options.PendingFor ? "INSYNC" : "PENDING";
        await WriteAsync(context, 200, Route53Xml.Element("GetChangeResponse", Route53Xml.ChangeInfo(change, status)));
        return null;
    }

    private static Task<string?> NoSuchHostedZoneAsync(HttpContext context, string zoneId, string requestId) =>
        WriteErrorAsync(context, new StandInError(404, "NoSuchHostedZone", $"No hosted zone found with ID: {zoneId}"), requestId);

    private static string? Optional(Microsoft.Extensions.Primitives.StringValues value) => value.Count == 0 || value.ToString().Length == 0 ? null : value.ToString();

    /// <summary>Takes "Z123" as well as "/hostedzone/Z123" (URL-decoded), as clients vary in what they put in the path.</summary>
    private static string BareId(string id, string prefix)
    {
        var trimmed = Uri.UnescapeDataString(id).Trim('/');
        return trimmed.StartsWith(prefix + "/", StringComparison.Ordinal) ? trimmed[(prefix.Length + 1)..] : trimmed;
    }

    private static int ParseMaxItems(Microsoft.Extensions.Primitives.StringValues value, int defaultValue, string parameter)
    {
        if (value.Count == 0 || value.ToString().Length == 0)
        {
            return defaultValue;
        }
        if (!int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
        {
            throw StandInRequestException.InvalidInput($"The value of {parameter} must be a positive whole number, not '{value}'.");
        }
        return parsed;
    }

    private static async Task<string?> WriteErrorAsync(HttpContext context, StandInError error, string requestId)
    {
        await WriteAsync(context, error.StatusCode, Route53Xml.ErrorResponse(error, requestId));
        return error.Code;
    }

    private static async Task WriteAsync(HttpContext context, int status, XElement body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml";
        await context.Response.WriteAsync(Route53Xml.Document(body), Encoding.UTF8, context.RequestAborted);
    }

    /// <summary>No Ctrl-C/SIGTERM handling in the host: an in-process stand-in must not stop with its test runner's signals.</summary>
    private sealed class NoSignalLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
