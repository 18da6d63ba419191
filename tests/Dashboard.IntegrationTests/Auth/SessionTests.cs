using System.Net;
using Dashboard.Data;
using Dashboard.Features.Auth;
using Dashboard.Features.TwoFactor;
using Dashboard.TestSupport;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Dashboard.IntegrationTests.Auth;

/// <summary>A real dashboard process for the session tests of this class.</summary>
public sealed class SessionServerFixture : IAsyncLifetime
{
    public DashboardServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await DashboardServer.StartAsync(TestStack.Load());

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

/// <summary>Server-side sessions: what ends them, and how often a signed-in request writes them.</summary>
public sealed class SessionTests(StackFixture stack, SessionServerFixture fixture) : IClassFixture<SessionServerFixture>
{
    private const string Password = "a-long-enough-password";
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignedInRequests_StaticFilesIncluded_RewriteNoSessionRowAndReissueNoCookie()
    {
        var user = await CreateUserAsync();
        var cookie = await HttpSignIn.CookieAsync(fixture.Server.BaseAddress, user, Cancel);
        var rowVersion = await SessionRowVersionAsync(user.UserName);
        string[] paths = [DashboardUrls.RegionsPath, DashboardUrls.ZonesPath, "/favicon.png", "/_content/MudBlazor/MudBlazor.min.css", "/app.css"];

        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = fixture.Server.BaseAddress };
        var reissued = 0;
        const int Requests = 20;
        for (var i = 0; i < Requests; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, paths[i % paths.Length]);
            request.Headers.Add("Cookie", cookie);
            using var response = await http.SendAsync(request, Cancel);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, request.RequestUri!.ToString());
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies) && setCookies.Any(c => c.StartsWith("dashboard.auth=", StringComparison.Ordinal)))
            {
                reissued++;
            }
        }

        TestContext.Current.SendDiagnosticMessage($"{Requests} signed-in requests: cookie re-issued {reissued} times");
        reissued.ShouldBe(0);
        // xmin changes whenever PostgreSQL writes a new version of the row.
        (await SessionRowVersionAsync(user.UserName)).ShouldBe(rowVersion, "the session row was rewritten");
    }

    [Fact]
    public async Task SignOut_EndsThatSessionForEveryCircuitAndCommand_NotTheUsersOtherSessions()
    {
        await using var app = await AppServices.StartAsync(stack.Stack, Cancel);
        var user = await CreateUserAsync(app);
        var store = app.Get<DatabaseTicketStore>();
        var resolver = app.Get<ActorResolver>();
        var identity = await app.Get<UserManager<DashboardUser>>().FindByNameAsync(user.UserName);
        // Two tabs of one session share its key; another browser has a session of its own.
        var signedOut = await SignInAsync(app, identity!);
        var otherBrowser = await SignInAsync(app, identity!);
        var tab = (await store.RetrieveAsync(signedOut)).ShouldNotBeNull().Principal;
        var other = (await store.RetrieveAsync(otherBrowser)).ShouldNotBeNull().Principal;
        (await resolver.ResolveAsync(tab, Cancel)).ShouldNotBeNull();

        await store.RemoveAsync(signedOut);

        // What every circuit's periodic check and every command (ICurrentActor) asks: this session is over...
        (await resolver.ResolveAsync(tab, Cancel)).ShouldBeNull();
        // ...and the user's session in another browser is not.
        (await resolver.ResolveAsync(other, Cancel)).ShouldNotBeNull();
    }

    [Fact]
    public async Task ResetPassword_EndsEverySessionOfTheUser()
    {
        await using var app = await AppServices.StartAsync(stack.Stack, Cancel);
        var user = await CreateUserAsync(app);
        var identity = (await app.Get<UserManager<DashboardUser>>().FindByNameAsync(user.UserName))!;
        var key = await SignInAsync(app, identity);

        (await app.Get<UserCommands>().ResetPasswordAsync(Actor.System, identity.Id, "another-long-password", Cancel)).Succeeded.ShouldBeTrue();

        (await app.Get<DatabaseTicketStore>().RetrieveAsync(key)).ShouldBeNull();
    }

    /// <summary>
    /// Issue #7: an open circuit of a revoked user waited for its periodic check (10 s, and longer whenever a page did
    /// not react to it). Each revoking command now tells the user's circuits on this instance to check at once; the
    /// circuit here has a one-hour interval, so only that signal can sign it out within the wait.
    /// </summary>
    [Theory]
    [InlineData("disable")]
    [InlineData("roles")]
    [InlineData("password")]
    [InlineData("everywhere")]
    public async Task RevokingCommand_OpenCircuitOfTheUser_SignsOutWithoutWaitingForItsInterval(string command)
    {
        await using var app = await AppServices.StartAsync(stack.Stack, Cancel);
        var user = await CreateUserAsync(app);
        var identity = (await app.Get<UserManager<DashboardUser>>().FindByNameAsync(user.UserName))!;
        var principal = (await app.Get<DatabaseTicketStore>().RetrieveAsync(await SignInAsync(app, identity))).ShouldNotBeNull().Principal;
        await using var circuit = app.Services.CreateAsyncScope();
        var provider = Circuit(circuit.ServiceProvider, principal, TimeSpan.FromHours(1));
        var signedOut = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.AuthenticationStateChanged += async state => signedOut.TrySetResult((await state).User.Identity?.IsAuthenticated == true);
        var commands = app.Get<UserCommands>();

        var result = command switch
        {
            "disable" => await commands.DisableAsync(Actor.System, identity.Id, "left", Cancel),
            "roles" => await commands.SetRolesAsync(Actor.System, identity.Id, [], Cancel),
            "password" => await commands.ResetPasswordAsync(Actor.System, identity.Id, "another-long-password", Cancel),
            _ => await commands.SignOutEverywhereAsync(Actor.System, identity.Id, "lost laptop", Cancel),
        };
        result.Succeeded.ShouldBeTrue();

        // Generous for a loaded machine; the interval it must beat is an hour.
        (await signedOut.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancel)).ShouldBeFalse("the circuit is signed out");
        (await app.Get<ActorResolver>().ResolveAsync(principal, Cancel)).ShouldBeNull("commands refuse the old sign-in at once");
    }

    [Fact]
    public async Task RevocationOfAnotherUser_LeavesTheCircuitSignedIn_AndAClosedCircuitStopsListening()
    {
        await using var app = await AppServices.StartAsync(stack.Stack, Cancel);
        var user = await CreateUserAsync(app);
        var other = await CreateUserAsync(app);
        var users = app.Get<UserManager<DashboardUser>>();
        var identity = (await users.FindByNameAsync(user.UserName))!;
        var principal = (await app.Get<DatabaseTicketStore>().RetrieveAsync(await SignInAsync(app, identity))).ShouldNotBeNull().Principal;
        var revocations = app.Get<SessionRevocations>();
        var circuit = app.Services.CreateAsyncScope();
        var provider = Circuit(circuit.ServiceProvider, principal, TimeSpan.FromHours(1));
        var changes = 0;
        provider.AuthenticationStateChanged += _ => Interlocked.Increment(ref changes);

        (await app.Get<UserCommands>().DisableAsync(Actor.System, (await users.FindByNameAsync(other.UserName))!.Id, null, Cancel)).Succeeded.ShouldBeTrue();
        revocations.Revoked(identity.Id);
        (await provider.CheckAsync(new(principal), Cancel)).ShouldBeTrue("nothing about this user changed");
        changes.ShouldBe(0);

        revocations.WatchedUsers.ShouldBeGreaterThan(0);
        await circuit.DisposeAsync();
        revocations.WatchedUsers.ShouldBe(0, "a closed circuit must not stay reachable from the singleton");
    }

    /// <summary>The circuit's provider, as Blazor sets it up when a circuit starts: host state from the connection's user.</summary>
    private static RevalidatingActorStateProvider Circuit(IServiceProvider scope, System.Security.Claims.ClaimsPrincipal principal, TimeSpan interval)
    {
        scope.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthOptions>>().Value.RevalidationInterval = interval;
        var provider = (RevalidatingActorStateProvider)scope.GetRequiredService<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider>();
        provider.SetAuthenticationState(Task.FromResult(new Microsoft.AspNetCore.Components.Authorization.AuthenticationState(principal)));
        return provider;
    }

    private static async Task<string> SignInAsync(AppServices app, DashboardUser user)
    {
        // What the cookie handler does at sign-in: the principal Identity builds, stored as a session row.
        var principal = await app.Get<IUserClaimsPrincipalFactory<DashboardUser>>().CreateAsync(user);
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) }, IdentityConstants.ApplicationScheme);
        return await app.Get<DatabaseTicketStore>().StoreAsync(ticket);
    }

    /// <summary>
    /// A browser signed in as A that posted the sign-in form as B had B's ticket written into A's session row (the
    /// cookie handler renews the session it authenticated with): B signed in under A's session, listed and ended as A's.
    /// Now the page says who is signed in and signs nobody else in until A signs out.
    /// </summary>
    [Fact]
    public async Task SignInForm_PostedAsAnotherUserWhileSignedIn_SignsNobodyIn_AndTheSessionStaysTheFirstUsers()
    {
        await using var app = await AppServices.StartAsync(stack.Stack, Cancel);
        var (first, second) = (await CreateUserAsync(app), await CreateUserAsync(app));
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = fixture.Server.BaseAddress };
        using (var signedIn = await HttpSignIn.PostAsync(http, first.UserName, first.Password, _ => { }, Cancel))
        {
            signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        using var posted = await HttpSignIn.PostAsync(http, second.UserName, second.Password, _ => { }, Cancel);

        (await SessionCountAsync(second.UserName)).ShouldBe(0, "the second user's ticket was written into the first one's session");
        (await SessionCountAsync(first.UserName)).ShouldBe(1);
        // No sign-in, so no redirect (the page has no sign-in form to post to while signed in: 400).
        posted.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var page = await http.GetStringAsync(DashboardUrls.SignInPath, Cancel);
        page.ShouldContain("data-testid=\"signed-in-as\"");
        page.ShouldNotContain("data-testid=\"username\"");
        using var regions = await http.GetAsync(DashboardUrls.RegionsPath, Cancel);
        regions.StatusCode.ShouldBe(HttpStatusCode.OK, "the first user's session goes on");
    }

    /// <summary>
    /// A sign-in left at the code step, then another user signed in in the same browser: finishing the first with its
    /// code would have written its session into the second user's, as above. The code step is void once signed in.
    /// </summary>
    [Fact]
    public async Task CodeStep_AfterAnotherUserSignedInInTheSameBrowser_IsVoid_AndSignsNobodyIn()
    {
        await using var app = await AppServices.StartAsync(stack.Stack, Cancel);
        var (signedIn, pending) = (await CreateUserAsync(app), await CreateUserAsync(app));
        var account = (await app.Get<UserManager<DashboardUser>>().FindByNameAsync(pending.UserName)).ShouldNotBeNull();
        var self = new Actor(account.Id, pending.UserName, new HashSet<string> { pending.Role });
        var key = (await app.Get<TwoFactorCommands>().SetupAsync(self, Cancel)).Key.ShouldNotBeNull();
        var now = DateTimeOffset.UtcNow;
        (await app.Get<TwoFactorCommands>().EnableAsync(self, TotpCodes.At(key, now), Cancel)).Succeeded.ShouldBeTrue();
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = fixture.Server.BaseAddress };
        using (var password = await HttpSignIn.PostAsync(http, pending.UserName, pending.Password, _ => { }, Cancel))
        {
            password.Headers.Location?.OriginalString.ShouldContain(DashboardUrls.SignInCodePath);
        }
        using (var other = await HttpSignIn.PostAsync(http, signedIn.UserName, signedIn.Password, _ => { }, Cancel))
        {
            other.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            other.Headers.Location?.OriginalString.ShouldNotContain(DashboardUrls.SignInPath);
        }

        var codePage = await http.GetStringAsync(DashboardUrls.SignInCodePath, Cancel);
        // The code posted anyway, with this browser's antiforgery token (from the sign-out form).
        var token = HttpSignIn.AntiforgeryToken(await http.GetStringAsync(DashboardUrls.SignInPath, Cancel)).ShouldNotBeNull();
        using var posted = await http.PostAsync(DashboardUrls.SignInCodePath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "two-factor-code",
            ["Input.Code"] = TotpCodes.At(key, now.AddSeconds(Totp.StepSeconds)),
        }), Cancel);

        (await SessionCountAsync(pending.UserName)).ShouldBe(0, "the pending user's ticket was written into the signed-in user's session");
        (await SessionCountAsync(signedIn.UserName)).ShouldBe(1);
        codePage.ShouldContain(Dashboard.Features.Account.TwoFactorCodePage.ExpiredMessage);
        posted.StatusCode.ShouldNotBe(HttpStatusCode.Redirect);
    }

    private async Task<long> SessionCountAsync(string userName)
    {
        await using var connection = new NpgsqlConnection(stack.Stack.Primary.ConnectionString);
        await connection.OpenAsync(Cancel);
        // A row whose ticket holds another user's name counts for that user too: it is theirs, whatever user_id says.
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*) FROM dashboard.auth_sessions s JOIN dashboard."AspNetUsers" u ON u."Id" = s.user_id
            WHERE u."UserName" = @name OR position(convert_to(@name, 'UTF8') in s.ticket) > 0
            """, connection);
        command.Parameters.AddWithValue("name", userName);
        return (long)(await command.ExecuteScalarAsync(Cancel))!;
    }

    private async Task<TestUsers.TestUser> CreateUserAsync()
    {
        await using var app = await AppServices.StartAsync(stack.Stack, Cancel);
        return await CreateUserAsync(app);
    }

    private async Task<TestUsers.TestUser> CreateUserAsync(AppServices app)
    {
        var name = $"session-{Guid.NewGuid():N}"[..20];
        (await app.Get<UserCommands>().CreateAsync(Actor.System, name, Password, [Roles.Operator], Cancel)).Succeeded.ShouldBeTrue();
        return new TestUsers.TestUser(name, Password, Roles.Operator);
    }

    private async Task<string> SessionRowVersionAsync(string userName)
    {
        await using var connection = new NpgsqlConnection(stack.Stack.Primary.ConnectionString);
        await connection.OpenAsync(Cancel);
        await using var command = new NpgsqlCommand(
            """SELECT s.xmin::text FROM dashboard.auth_sessions s JOIN dashboard."AspNetUsers" u ON u."Id" = s.user_id WHERE u."UserName" = @name""", connection);
        command.Parameters.AddWithValue("name", userName);
        var versions = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        while (await reader.ReadAsync(Cancel))
        {
            versions.Add(reader.GetString(0));
        }
        return versions.ShouldHaveSingleItem("one session for a user who signed in once");
    }
}
