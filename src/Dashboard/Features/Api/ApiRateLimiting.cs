using System.Threading.RateLimiting;
using Dashboard.Features.ApiKeys;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Api;

/// <summary>
/// ASP.NET Core's rate limiter per API key: <see cref="ApiOptions.RateLimitPermits"/> per
/// <see cref="ApiOptions.RateLimitWindow"/> (a fixed window), partitioned by the key's id, so one busy key never slows
/// another. It runs after authorization (see <c>MapDashboard</c>), so the partition is a key that worked, never one
/// merely named by a caller: nobody can use up someone else's key by sending its id with a wrong secret. Past the
/// limit: 429 problem details with Retry-After.
/// </summary>
public sealed class ApiRateLimitPolicy(IOptions<ApiOptions> options) : IRateLimiterPolicy<string>
{
    public const string Name = "api-key";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = async (rejected, _) =>
    {
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? (int)Math.Ceiling(retryAfter.TotalSeconds)
            : (int)Math.Ceiling(rejected.HttpContext.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.RateLimitWindow.TotalSeconds);
        await ApiProblems.TooManyRequests(Math.Max(1, seconds)).ExecuteAsync(rejected.HttpContext);
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        // Authorization has run: only a request with a working key gets here.
        var key = httpContext.User.FindFirst(ApiKeyAuthentication.KeyIdClaimType)?.Value;
        if (key is null)
        {
            return RateLimitPartition.GetNoLimiter("");
        }
        var limits = options.Value;
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.RateLimitPermits,
            Window = limits.RateLimitWindow,
            QueueLimit = 0,
        });
    }
}
