using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Auth;

/// <summary>
/// ASP.NET Core's rate limiter on the sign-in forms' POSTs only (password, code, two-factor enrolment): <see cref="SignInOptions.RateLimitPermits"/> per
/// <see cref="SignInOptions.RateLimitWindow"/> per client address (see <see cref="PasswordSignIn.ClientKey"/>). Past
/// that the client gets HTTP 429 with a page saying why and when to try again; nothing is checked or counted.
/// </summary>
public static class SignInRateLimiting
{
    public static IServiceCollection AddSignInRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SignInOptions>>((limiter, signIn) =>
        {
            var options = signIn.Value;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                IsSignInPost(context)
                    ? RateLimitPartition.GetFixedWindowLimiter(
                        PasswordSignIn.ClientKey(context.Connection.RemoteIpAddress),
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = options.RateLimitPermits, Window = options.RateLimitWindow, QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter(""));
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (rejected, cancellationToken) => new ValueTask(WriteRejectionAsync(rejected.HttpContext, options.RateLimitWindow, cancellationToken));
        });
        return services;
    }

    private static bool IsSignInPost(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method)
        && (context.Request.Path.StartsWithSegments(DashboardUrls.SignInPath, StringComparison.OrdinalIgnoreCase) // the code page too
            || context.Request.Path.StartsWithSegments(DashboardUrls.TwoFactorPath, StringComparison.OrdinalIgnoreCase));

    private static Task WriteRejectionAsync(HttpContext context, TimeSpan window, CancellationToken cancellationToken)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(window.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        context.Response.ContentType = "text/html; charset=utf-8";
        var wait = seconds >= 120 ? $"{seconds / 60} minutes" : $"{seconds} seconds";
        return context.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Too many sign-in attempts · DNS Dashboard</title></head>
            <body>
            <h1>Too many sign-in attempts</h1>
            <p data-testid="rate-limited">Too many sign-in attempts from your address. Wait {wait}, then try again.</p>
            <p><a href="{DashboardUrls.SignInPath}">Back to sign-in</a></p>
            </body></html>
            """, cancellationToken);
    }
}
