using Microsoft.Extensions.Options;

namespace Dashboard.Features.Api;

/// <summary><c>Dashboard:Api</c>: the HTTP API's limits per key.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Dashboard:Api";

    /// <summary>Requests one API key may make per <see cref="RateLimitWindow"/>; more get 429 with Retry-After.</summary>
    public int RateLimitPermits { get; set; } = 300;

    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest a key may be made to last (its expiry is required, and at most this far ahead).</summary>
    public TimeSpan MaxKeyLifetime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>The expiry the Keys page proposes.</summary>
    public TimeSpan DefaultKeyLifetime { get; set; } = TimeSpan.FromDays(90);
}

public sealed class ValidateApiOptions : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var errors = new List<string>();
        if (options.RateLimitPermits < 1)
        {
            errors.Add($"{ApiOptions.SectionName}:RateLimitPermits must be at least 1.");
        }
        if (options.RateLimitWindow < TimeSpan.FromSeconds(1) || options.RateLimitWindow > TimeSpan.FromHours(1))
        {
            errors.Add($"{ApiOptions.SectionName}:RateLimitWindow must be from 1 second to 1 hour.");
        }
        if (options.MaxKeyLifetime < TimeSpan.FromDays(1) || options.MaxKeyLifetime > TimeSpan.FromDays(730))
        {
            errors.Add($"{ApiOptions.SectionName}:MaxKeyLifetime must be from 1 day to 730 days.");
        }
        if (options.DefaultKeyLifetime <= TimeSpan.Zero || options.DefaultKeyLifetime > options.MaxKeyLifetime)
        {
            errors.Add($"{ApiOptions.SectionName}:DefaultKeyLifetime must be positive and at most MaxKeyLifetime.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
