namespace Dashboard.Configuration;

/// <summary>
/// Route 53 latency routing of the client entry names (<c>Dashboard:Routing</c>). The Route 53 endpoint, signing and
/// throttling are in <c>Dashboard:Routing:Route53</c>; credentials come from the AWS SDK's own chain (environment,
/// shared profile, instance role), never from configuration files.
/// </summary>
public sealed class RoutingOptions
{
    /// <summary>The hosted zone that holds the entry names, by name ("tunnel.test."); its id is looked up once.</summary>
    public string? HostedZone { get; set; }

    /// <summary>The hosted zone's id ("Z1D633PJN98FT9"), when known: then nothing is looked up.</summary>
    public string? HostedZoneId { get; set; }

    /// <summary>The names clients resolve to find their nearest edge ("a.tunnel.test."), each with one latency record per region.</summary>
    public List<string> EntryNames { get; set; } = [];

    /// <summary>Which AWS region each platform region's latency record names ("eu": "eu-west-1"), to show each region's health beside its record.</summary>
    public Dictionary<string, string> AwsRegions { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when the endpoint is the local Route 53 stand-in (tools/Route53StandIn), not AWS: the page says so.</summary>
    public bool StandIn { get; set; }

    /// <summary>How often submitted changes that are still PENDING are looked at (each one with its own backoff).</summary>
    public TimeSpan WatchInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The first GetChange of a change comes this long after it was submitted; each later one twice as late, up to <see cref="MaxPoll"/>.</summary>
    public TimeSpan FirstPoll { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxPoll { get; set; } = TimeSpan.FromSeconds(5);

    public bool IsConfigured => (!string.IsNullOrWhiteSpace(HostedZone) || !string.IsNullOrWhiteSpace(HostedZoneId)) && EntryNames.Count > 0;
}
