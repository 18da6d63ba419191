using System.Net;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Client.Wallboard;

/// <summary>
/// Reconnects after 0, 1, 2, 5 and 10 s, then every 10 s forever, each plus a random share (up to 1 s, or half the
/// delay when that is more): a wallboard must come back by itself after a restart or an outage of any length, and when
/// an instance dies its hundreds of wallboards must not all knock on the next one in the same millisecond (the jitter
/// spreads the reconnect storm over a second). It gives up only when the server says the sign-in is over (401) or no
/// longer allowed (403): retrying cannot fix that, and the wallboard then reloads to go through sign-in.
/// </summary>
public sealed class ForeverRetryPolicy(Func<double>? random = null) : IRetryPolicy
{
    private static readonly TimeSpan[] Delays = [TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)];

    private readonly Func<double> _random = random ?? Random.Shared.NextDouble;

    public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
        IsSignInOver(retryContext.RetryReason) ? null : Delay(retryContext.PreviousRetryCount, _random());

    /// <summary>The delay before attempt <paramref name="previousRetryCount"/> + 1, with a random share.</summary>
    public static TimeSpan Delay(long previousRetryCount) => Delay(previousRetryCount, Random.Shared.NextDouble());

    /// <summary>The delay before attempt <paramref name="previousRetryCount"/> + 1: its step plus <paramref name="jitter"/> (0 to 1) of the spread.</summary>
    public static TimeSpan Delay(long previousRetryCount, double jitter)
    {
        var step = Delays[(int)Math.Min(previousRetryCount, Delays.Length - 1)];
        var spread = step / 2 > TimeSpan.FromSeconds(1) ? step / 2 : TimeSpan.FromSeconds(1);
        return step + spread * Math.Clamp(jitter, 0, 1);
    }

    public static bool IsSignInOver(Exception? reason) =>
        reason is HttpRequestException { StatusCode: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden };
}
