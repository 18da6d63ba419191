using Microsoft.Extensions.Options;

namespace Dashboard.Route53;

/// <summary>How the dashboard reaches Route 53, bound from <c>Dashboard:Routing:Route53</c>. Holds no credentials: those come from the AWS SDK's chain.</summary>
public sealed class Route53Options
{
    public const string SectionName = "Dashboard:Routing:Route53";

    /// <summary>Route 53's API endpoint; another for the China partition or a local stand-in.</summary>
    public Uri Endpoint { get; set; } = new("https://route53.amazonaws.com");

    /// <summary>The region requests are signed for: Route 53 is global and signs with us-east-1 (cn-northwest-1 in China).</summary>
    public string SigningRegion { get; set; } = "us-east-1";

    /// <summary>
    /// Requests per second this client sends at most, all calls together. Route 53 allows five a second per account,
    /// shared with every other user of the account, and answers Throttling past that.
    /// </summary>
    public double MaxRequestsPerSecond { get; set; } = 5;

    /// <summary>Sends after the first for an answer Route 53 asks to retry (Throttling, PriorRequestNotComplete, 5xx); 0 retries none.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>The first retry waits up to this long (full jitter), each later one up to twice the one before.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>No retry waits longer than this.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long one HTTP request may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed class ValidateRoute53Options : IValidateOptions<Route53Options>
{
    public ValidateOptionsResult Validate(string? name, Route53Options options)
    {
        var errors = new List<string>();
        var section = Route53Options.SectionName;
        if (options.Endpoint is not { IsAbsoluteUri: true } endpoint || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add($"{section}:Endpoint must be an absolute http(s) URL (it is '{options.Endpoint}')");
        }
        if (string.IsNullOrWhiteSpace(options.SigningRegion))
        {
            errors.Add($"{section}:SigningRegion must name a region (us-east-1 for Route 53)");
        }
        if (!(options.MaxRequestsPerSecond is > 0 and <= 1000))
        {
            errors.Add($"{section}:MaxRequestsPerSecond must be above 0 and at most 1000 (it is {options.MaxRequestsPerSecond})");
        }
        if (options.MaxRetries is < 0 or > 20)
        {
            errors.Add($"{section}:MaxRetries must be from 0 to 20 (it is {options.MaxRetries})");
        }
        if (options.RetryBaseDelay < TimeSpan.Zero || options.RetryMaxDelay < options.RetryBaseDelay)
        {
            errors.Add($"{section}:RetryBaseDelay must be 0 or more and RetryMaxDelay at least as long (they are {options.RetryBaseDelay} and {options.RetryMaxDelay})");
        }
        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{section}:RequestTimeout must be positive (it is {options.RequestTimeout})");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
