using System.Diagnostics;
using System.Net;
using Dashboard.TestSupport;

namespace Dashboard.Benchmarks;

/// <summary>
/// What the sign-in form gives away and what a burst of it costs the rest of the dashboard:
/// <list type="bullet">
/// <item>the time a wrong password for an existing account takes against an unknown account (a difference tells an
/// attacker which names exist), interleaved so both see the same load;</item>
/// <item>200 sign-ins posted at once while <c>/healthz</c> is asked every 250 ms: how many of those answers said a region
/// was down, and how long they took.</item>
/// </list>
/// The per-client rate limit and the (name, address) block are raised for the run: every post here comes from one
/// address, and the point is to time the hashing path, not the refusals (tests cover those).
/// </summary>
public sealed class SignInBenchmark : IBenchmark
{
    private const int Rounds = 60;
    private const int Burst = 200;

    public string Name => "signin";

    public string Description => "wrong password vs unknown user (median, same load); 200 parallel sign-ins vs /healthz";

    public async Task<IReadOnlyList<Measurement>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        await using var server = await DashboardServer.StartAsync(context.Stack, new Dictionary<string, string>
        {
            ["Dashboard__SignIn__RateLimitPermits"] = "1000000",
            ["Dashboard__SignIn__MaxFailures"] = "1000000",
        }, cancellationToken);
        var known = TestUsers.Operator.UserName;

        // Warm-up: the first posts pay for JIT and the first database connections.
        for (var i = 0; i < 5; i++)
        {
            await TimeSignInAsync(server.BaseAddress, known, cancellationToken);
            await TimeSignInAsync(server.BaseAddress, UnknownName(), cancellationToken);
        }

        var wrongPassword = new List<double>();
        var unknownUser = new List<double>();
        for (var i = 0; i < Rounds; i++)
        {
            wrongPassword.Add(await TimeSignInAsync(server.BaseAddress, known, cancellationToken));
            unknownUser.Add(await TimeSignInAsync(server.BaseAddress, UnknownName(), cancellationToken));
        }
        var knownMedian = Statistics.Percentile(wrongPassword, 50);
        var unknownMedian = Statistics.Percentile(unknownUser, 50);

        var (healthAnswers, healthNot200, healthP95, busy) = await BurstAsync(server.BaseAddress, known, cancellationToken);
        return
        [
            new("wrong password, existing user: median", knownMedian, "ms"),
            new("unknown user: median", unknownMedian, "ms"),
            new("existing vs unknown: median difference", Math.Abs(knownMedian - unknownMedian), "ms", "<= 25", 25),
            new($"/healthz answers during {Burst} parallel sign-ins", healthAnswers, "answers"),
            new("/healthz answers reporting a region down (503)", healthNot200, "answers", "0", 0),
            new("/healthz p95 during the burst", healthP95, "ms"),
            new($"sign-ins of the {Burst} told the server is busy", busy, "answers"),
        ];
    }

    private static string UnknownName() => $"nobody-{Guid.NewGuid():N}"[..16];

    /// <summary>Fetches the form (not timed), then times the POST of a wrong password until its answer arrives.</summary>
    private static async Task<double> TimeSignInAsync(Uri baseAddress, string userName, CancellationToken cancellationToken) =>
        (await SignInAsync(baseAddress, userName, cancellationToken)).Milliseconds;

    private static async Task<(double Milliseconds, bool Busy)> SignInAsync(Uri baseAddress, string userName, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        var started = 0L;
        using var response = await HttpSignIn.PostAsync(http, userName, "not-the-password-" + Guid.NewGuid().ToString("N"), _ => started = Stopwatch.GetTimestamp(), cancellationToken);
        var page = await response.Content.ReadAsStringAsync(cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"A wrong password for {userName} answered {(int)response.StatusCode}, not the form again.");
        }
        return (elapsed, page.Contains(WebUtility.HtmlEncode(Dashboard.Features.Account.LoginPage.BusyMessage), StringComparison.Ordinal));
    }

    private static async Task<(int Answers, int Down, double P95, int Busy)> BurstAsync(Uri baseAddress, string known, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var health = Task.Run(async () =>
        {
            using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
            var times = new List<double>();
            var down = 0;
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.GetAsync(DashboardUrls.HealthzPath, stop.Token);
                    times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        down++;
                        // Which region and part said so, for the reader of the numbers.
                        Console.WriteLine($"/healthz {(int)response.StatusCode} after {times[^1]:F0} ms: {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }
                await Task.Delay(250, CancellationToken.None);
            }
            return (times, down);
        }, CancellationToken.None);

        var signIns = await Task.WhenAll(Enumerable.Range(0, Burst).Select(i => SignInAsync(baseAddress, i % 2 == 0 ? known : UnknownName(), cancellationToken)));
        await stop.CancelAsync();
        var (times, down) = await health;
        return (times.Count, down, times.Count == 0 ? double.NaN : Statistics.Percentile(times, 95), signIns.Count(s => s.Busy));
    }
}
