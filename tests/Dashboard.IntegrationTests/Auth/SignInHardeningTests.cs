using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Dashboard.Features.Account;
using Dashboard.TestSupport;

namespace Dashboard.IntegrationTests.Auth;

/// <summary>A real dashboard process with a low sign-in rate limit and two accounts of its own to fail against.</summary>
public sealed class SignInServerFixture : IAsyncLifetime
{
    public const int RateLimitPermits = 7;
    public static readonly TestUsers.TestUser VictimA = new("victim-a", "victim-a-password", "OnCall");
    public static readonly TestUsers.TestUser VictimB = new("victim-b", "victim-b-password", "OnCall");

    public DashboardServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var env = new Dictionary<string, string> { ["Dashboard__SignIn__RateLimitPermits"] = RateLimitPermits.ToString() };
        var first = TestUsers.All.Count;
        foreach (var (user, i) in new[] { VictimA, VictimB }.Select((u, i) => (u, first + i)))
        {
            env[$"Dashboard__SeedUsers__{i}__UserName"] = user.UserName;
            env[$"Dashboard__SeedUsers__{i}__Password"] = user.Password;
            env[$"Dashboard__SeedUsers__{i}__Roles__0"] = user.Role;
        }
        Server = await DashboardServer.StartAsync(TestStack.Load(), env);
    }

    public ValueTask DisposeAsync() => Server?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>
/// The sign-in form over real HTTP, each client on its own loopback address (127.0.0.x, which the kernel routes to
/// the server on 127.0.0.1): answers that do not tell which accounts exist, failures throttled per (name, client) and
/// not per account, and the per-client rate limit. No timing is asserted here; it is measured, not tested.
/// </summary>
public sealed partial class SignInHardeningTests(SignInServerFixture fixture) : IClassFixture<SignInServerFixture>
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignIn_UnknownNameAndWrongPassword_GetTheSameMessage()
    {
        using var client = Client(11);

        var unknown = await client.PostAsync($"nobody-{Guid.NewGuid():N}"[..20], "whatever-password", Cancel);
        var wrong = await client.PostAsync(SignInServerFixture.VictimA.UserName, "not-the-password", Cancel);

        unknown.Error.ShouldBe(LoginPage.RefusedMessage);
        wrong.Error.ShouldBe(unknown.Error);
    }

    [Fact]
    public async Task SignIn_RepeatedFailures_KnownAndUnknownNameGetTheSameAnswers()
    {
        using var known = Client(12);
        using var unknown = Client(13);
        var unknownName = $"nobody-{Guid.NewGuid():N}"[..20];

        var knownAnswers = new List<string?>();
        var unknownAnswers = new List<string?>();
        for (var i = 0; i < 6; i++)
        {
            knownAnswers.Add((await known.PostAsync(SignInServerFixture.VictimB.UserName, $"wrong-{i}-password", Cancel)).Error);
            unknownAnswers.Add((await unknown.PostAsync(unknownName, $"wrong-{i}-password", Cancel)).Error);
        }

        knownAnswers.ShouldBe(unknownAnswers);
        knownAnswers[^1].ShouldBe(LoginPage.ThrottledMessage);
    }

    [Fact]
    public async Task SignIn_FailuresFromOneAddress_DoNotLockTheAccountForAnother()
    {
        using var attacker = Client(14);
        using var owner = Client(15);
        var victim = SignInServerFixture.VictimA;
        for (var i = 0; i < 6; i++)
        {
            await attacker.PostAsync(victim.UserName, $"guess-{i}-password", Cancel);
        }

        var attackerWithTheRightPassword = await attacker.PostAsync(victim.UserName, victim.Password, Cancel);
        var ownerSignIn = await owner.PostAsync(victim.UserName, victim.Password, Cancel);

        attackerWithTheRightPassword.Error.ShouldBe(LoginPage.ThrottledMessage);
        ownerSignIn.SignedIn.ShouldBeTrue(ownerSignIn.Error);
    }

    [Fact]
    public async Task SignIn_TooManyPostsFromOneClient_Get429WithAMessage()
    {
        using var client = Client(16);
        for (var i = 0; i < SignInServerFixture.RateLimitPermits; i++)
        {
            (await client.PostAsync($"nobody-{i}", "whatever-password", Cancel)).Status.ShouldBe(HttpStatusCode.OK);
        }

        var limited = await client.PostAsync("nobody-x", "whatever-password", Cancel);
        using var other = Client(17);
        var otherClient = await other.PostAsync("nobody-y", "whatever-password", Cancel);

        limited.Status.ShouldBe(HttpStatusCode.TooManyRequests);
        limited.Body.ShouldContain("Too many sign-in attempts from your address");
        limited.RetryAfter.ShouldNotBeNull();
        otherClient.Status.ShouldBe(HttpStatusCode.OK);
    }

    private SignInClient Client(int lastOctet) => new(fixture.Server.BaseAddress, IPAddress.Parse($"127.0.0.{lastOctet}"));

    private sealed record Answer(HttpStatusCode Status, bool SignedIn, string? Error, string Body, string? RetryAfter);

    /// <summary>One browser-like client: its own cookies, its own source address.</summary>
    private sealed partial class SignInClient : IDisposable
    {
        private readonly HttpClient _http;

        public SignInClient(Uri baseAddress, IPAddress local)
        {
            var handler = new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                CookieContainer = new CookieContainer(),
                ConnectCallback = async (context, cancellationToken) =>
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    try
                    {
                        socket.Bind(new IPEndPoint(local, 0));
                        await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                },
            };
            _http = new HttpClient(handler) { BaseAddress = baseAddress };
        }

        public async Task<Answer> PostAsync(string userName, string password, CancellationToken cancellationToken)
        {
            var form = await _http.GetStringAsync(DashboardUrls.SignInPath, cancellationToken);
            var token = WebUtility.HtmlDecode(TokenPattern().Match(form).Groups[1].Value);
            using var response = await _http.PostAsync(DashboardUrls.SignInPath, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["_handler"] = "login",
                ["Input.UserName"] = userName,
                ["Input.Password"] = password,
            }), cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var signedIn = response.StatusCode == HttpStatusCode.Redirect
                && response.Headers.Location?.OriginalString.Contains(DashboardUrls.SignInPath, StringComparison.Ordinal) != true;
            var error = ErrorPattern().Match(body) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value).Trim() : null;
            return new Answer(response.StatusCode, signedIn, error, body, response.Headers.RetryAfter?.ToString());
        }

        public void Dispose() => _http.Dispose();

        [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
        private static partial Regex TokenPattern();

        [GeneratedRegex("data-testid=\"login-error\">([^<]*)<")]
        private static partial Regex ErrorPattern();
    }
}
