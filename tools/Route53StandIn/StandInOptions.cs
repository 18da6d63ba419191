namespace Route53StandIn;

/// <summary>
/// How the Route 53 stand-in behaves: which hosted zones it serves, how long a change stays PENDING, how many
/// requests a second it takes before answering Throttling, the clock it reads, and failures to inject. A test builds
/// one with a FakeTimeProvider so that PENDING turns INSYNC (and the rate window moves on) without sleeping.
/// </summary>
public sealed record StandInOptions
{
    /// <summary>The port on 127.0.0.1 to listen on; 0 picks a free one (read it from <see cref="StandInServer.BaseAddress"/>).</summary>
    public int Port { get; init; }

    /// <summary>
    /// How long after its submission a change reports PENDING before INSYNC. Route 53 usually takes well under a minute;
    /// the demo uses 60 s so that the dashboard's waiting is visible, tests use a few seconds of fake time.
    /// </summary>
    public TimeSpan PendingFor { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Requests taken in one second of <see cref="TimeProvider"/> time (a fixed window, whole seconds); past it the
    /// stand-in answers 400 Throttling "Rate exceeded", as Route 53 does past its five requests a second per account.
    /// 0 or less: no limit.
    /// </summary>
    public int MaxRequestsPerSecond { get; init; } = 5;

    /// <summary>The hosted zones served, with their initial record sets. A zone given without SOA or NS at its apex gets default ones.</summary>
    public IReadOnlyList<StandInZone> Zones { get; init; } = [];

    /// <summary>The clock for PENDING/INSYNC, the rate window, SubmittedAt and the SigV4 date check.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Failures to answer instead of the real outcome (after the signature check and the rate limit); null: none.</summary>
    public StandInFailures? Failures { get; init; }

    /// <summary>Where the one-line request log goes; null: standard output.</summary>
    public Action<string>? Log { get; init; }
}

/// <summary>
/// A hosted zone to serve. <see cref="Id"/> is the bare id ("Z…"); null derives a stable one from the name, so that a
/// demo configuration can name the zone's id before the stand-in starts.
/// </summary>
public sealed record StandInZone(string Name, IReadOnlyList<StandInRecordSet> RecordSets, string? Id = null, string? CallerReference = null)
{
    public StandInZone(string name, params StandInRecordSet[] recordSets) : this(name, (IReadOnlyList<StandInRecordSet>)recordSets)
    {
    }
}

/// <summary>
/// A resource record set as the stand-in keeps it: absolute name, type, and either <see cref="Values"/> with
/// <see cref="Ttl"/> or an <see cref="AliasTarget"/>. A latency record has <see cref="SetIdentifier"/> and
/// <see cref="Region"/>. Only simple and latency routing are supported.
/// </summary>
public sealed record StandInRecordSet(
    string Name,
    string Type,
    long? Ttl,
    IReadOnlyList<string> Values,
    string? SetIdentifier = null,
    string? Region = null,
    string? HealthCheckId = null,
    StandInAliasTarget? AliasTarget = null)
{
    /// <summary>A latency record set: one value set per region, told apart by <paramref name="setIdentifier"/>.</summary>
    public static StandInRecordSet Latency(string name, string type, string setIdentifier, string region, long ttl, params string[] values) =>
        new(name, type, ttl, values, setIdentifier, region);

    /// <summary>A simple record set (no routing policy).</summary>
    public static StandInRecordSet Simple(string name, string type, long ttl, params string[] values) => new(name, type, ttl, values);
}

/// <summary>An alias record set's target.</summary>
public sealed record StandInAliasTarget(string HostedZoneId, string DnsName, bool EvaluateTargetHealth);

/// <summary>An error to answer in Route 53's ErrorResponse shape.</summary>
public sealed record StandInError(int StatusCode, string Code, string Message);

/// <summary>What a failure rule sees of a request.</summary>
public sealed record StandInRequest(string Method, string Path);

/// <summary>
/// Failures to inject, to test a client's retrying: <see cref="FailNext"/> queues answers for the next requests
/// (PriorRequestNotComplete by default, the error Route 53 gives while it is still applying an earlier change), and
/// <see cref="Rule"/> can decide per request. Thread-safe; a test keeps the instance it put in the options.
/// </summary>
public sealed class StandInFailures
{
    public const string PriorRequestNotCompleteMessage =
        "The request was rejected because Route 53 was still processing a prior request.";

    private readonly Lock _gate = new();
    private readonly List<(StandInError Error, string? Method)> _next = [];

    /// <summary>Decides per request (after the queued failures); null answers normally.</summary>
    public Func<StandInRequest, StandInError?>? Rule { get; set; }

    /// <summary>
    /// The next <paramref name="count"/> requests (those with <paramref name="method"/>, when given: "POST" to fail only
    /// changes) are answered with this error instead.
    /// </summary>
    public void FailNext(int count, string code = "PriorRequestNotComplete", string? message = null, int statusCode = 400, string? method = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var error = new StandInError(statusCode, code, message ?? (code == "PriorRequestNotComplete" ? PriorRequestNotCompleteMessage : code));
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                _next.Add((error, method));
            }
        }
    }

    /// <summary>How many queued failures are left.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _next.Count;
            }
        }
    }

    internal StandInError? Take(StandInRequest request)
    {
        lock (_gate)
        {
            var index = _next.FindIndex(f => f.Method is null || string.Equals(f.Method, request.Method, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                var error = _next[index].Error;
                _next.RemoveAt(index);
                return error;
            }
        }
        return Rule?.Invoke(request);
    }
}
