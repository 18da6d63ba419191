using System.Net;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Client.Wallboard;

/// <summary>
/// Reconnects after 0, 1, 2, 5 and 10 s, then every 10 s forever: a wallboard must come back by itself after a
/// restart or an outage of any length. It gives up only when the server says the sign-in is over (401) or no longer
/// allowed (403): retrying cannot fix that, and the wallboard then reloads to go through sign-in.
/// </summary>
public sealed class ForeverRetryPolicy : IRetryPolicy
{
    private static readonly TimeSpan[] Delays = [TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)];

    public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
        IsSignInOver(retryContext.RetryReason) ? null : Delay(retryContext.PreviousRetryCount);

    public static TimeSpan Delay(long previousRetryCount) => Delays[(int)Math.Min(previousRetryCount, Delays.Length - 1)];

    public static bool IsSignInOver(Exception? reason) =>
        reason is HttpRequestException { StatusCode: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden };
}
