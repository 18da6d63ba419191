namespace Dashboard.Configuration;

/// <summary>
/// Running several dashboard instances behind a load balancer (<c>Dashboard:Scaleout</c>). Nothing here is needed for
/// one instance: data-protection keys and sessions are in PostgreSQL either way, and the instance holding the lag role
/// is the deployment's leader either way.
/// </summary>
public sealed class ScaleoutOptions
{
    /// <summary>
    /// The Redis server of the live hub's backplane (a StackExchange.Redis configuration string, e.g.
    /// <c>127.0.0.1:6379</c>). Set it on every instance when more than one runs: then a push to hub clients reaches the
    /// clients of every instance, and deployment-wide streams (regions, lag, alerts) are sent by the leader alone.
    /// Unset: one instance, each pushing to its own clients.
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>How this instance names itself in <c>/healthz</c>, <c>/metrics</c> and logs; host name and process id when unset.</summary>
    public string? InstanceName { get; set; }

    /// <summary>
    /// Addresses of the load balancers in front of the instances, whose <c>X-Forwarded-For</c> and
    /// <c>X-Forwarded-Proto</c> are believed: the client address then counts for sign-in limits and for <c>/metrics</c>'
    /// loopback rule. Loopback is always trusted (a proxy on the same machine); from any other address the headers are
    /// ignored, so nobody can claim to be someone else by sending them.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    public bool HasBackplane => !string.IsNullOrWhiteSpace(Redis);
}
