using Dashboard.Client.Live;
using Dashboard.Dns;
using Dashboard.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

/// <summary>Stops the primary's database with pages open; must not run beside other tests.</summary>
[Collection(StackMutatingCollection.Name)]
public sealed class PrimaryOutageTests(BrowserFixture fixture, EditingServices services)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Loaded = new() { Timeout = 30_000 };

    [Fact]
    public async Task PrimaryStopped_PageStaysSignedIn_SaysSo_RefusesApplyInWords_AndWorksAgainWithoutReload()
    {
        var primary = fixture.Stack.Primary.Name;
        await using var zone = await services.CreateZoneAsync();
        var apiKey = await ReadZonesKeyAsync();
        var page = await fixture.NewSignedInPageAsync(TestUsers.Operator);
        try
        {
            var ui = new ZonePageUi(page);
            await ui.OpenAsync(zone.Name);
            await ui.AddRecordAsync("outage", RecordType.A, new Dictionary<string, string> { ["address"] = "192.0.2.50" }, ttl: 30);
            await Expect(page.GetByTestId("changeset-count")).ToHaveTextAsync("(1)");
            var banner = page.GetByTestId("primary-unreachable");
            await Expect(banner).ToHaveCountAsync(0);
            // A wallboard left open in another tab (WebAssembly: its start-up is slow on a loaded machine).
            var wallboard = await page.Context.NewPageAsync();
            await wallboard.GotoAsync(DashboardUrls.WallboardPath);
            await Expect(wallboard.GetByTestId("wallboard-live")).ToBeVisibleAsync(new() { Timeout = 240_000 });

            await fixture.Stack.RunScriptAsync("db-stop", primary);
            try
            {
                await Expect(banner).ToBeVisibleAsync(Loaded);
                await Expect(banner).ToContainTextAsync($"The primary database ({primary}) is unreachable since");
                // A sign-in check ran and could not reach the primary: the page says so and stays signed in.
                await Expect(page.GetByTestId("session-unverified")).ToBeVisibleAsync(Loaded);

                await page.GetByTestId("changeset-apply").ClickAsync();

                await Expect(page.GetByTestId("changeset-error")).ToContainTextAsync("Nothing was written: the primary database is unreachable", new() { Timeout = 30_000 });
                await Expect(page.GetByTestId("changeset-count")).ToHaveTextAsync("(1)");
                await Expect(page.GetByTestId("user-name")).ToHaveTextAsync(TestUsers.Operator.UserName);
                await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(zone.Name)));

                // Another tab of the same browser: the sign-in page says why, instead of HTTP 500.
                var signIn = await page.Context.NewPageAsync();
                var response = await signIn.GotoAsync(DashboardUrls.SignInPath);
                response!.Status.ShouldBe(200);
                await Expect(signIn.GetByTestId("login-outage")).ToContainTextAsync("The primary database is unreachable");
                // The two-factor page too (a static page: without the database its session cannot be read, so it goes
                // to the sign-in page, which says why; a half-way sign-in gets the two-factor page's own words).
                var twoFactor = await signIn.GotoAsync(DashboardUrls.TwoFactorPath);
                twoFactor!.Status.ShouldBe(200);
                await Expect(signIn.Locator("[data-testid=two-factor-outage], [data-testid=login-outage]")).ToContainTextAsync("The primary database is unreachable");
                await signIn.CloseAsync();

                // A program using the API is told to come back (503, Retry-After), not that its key is wrong (401).
                using (var api = await ListZonesAsync(apiKey))
                {
                    ((int)api.StatusCode).ShouldBe(503, await api.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
                    api.Headers.RetryAfter.ShouldNotBeNull();
                    api.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
                }

                // The hub cannot check the sign-in now: it says "try again" (503), not "signed out" (401), so the
                // wallboard keeps retrying instead of leaving for the sign-in page.
                var negotiate = await wallboard.EvaluateAsync<int>(
                    $"async () => (await fetch('{LiveHubPaths.Hub}/negotiate?negotiateVersion=1', {{ method: 'POST' }})).status");
                negotiate.ShouldBe(503);
            }
            finally
            {
                await fixture.Stack.RunScriptAsync("db-start", primary);
                // The test's own pooled connections died with the server (57P01); cleaning up the zone needs new ones.
                services.Get<Dashboard.Data.RegionDataSources>().Primary.Clear();
            }

            // Back by itself, no reload: the banner goes and the same staged change applies everywhere.
            await Expect(banner).ToHaveCountAsync(0, new() { Timeout = 60_000 });
            await Expect(wallboard.GetByTestId("wallboard-live")).ToBeVisibleAsync(new() { Timeout = 120_000 });
            await Expect(wallboard).ToHaveURLAsync(new Regex(Regex.Escape(DashboardUrls.WallboardPath)));
            await ui.ApplyAsync();
            await RegionDns.ShouldServeAsync(fixture.Stack, zone.Fqdn("outage"), RecordType.A, 30, "192.0.2.50");
            using var back = await ListZonesAsync(apiKey);
            back.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>A key of the seed Operator that may read zones (made while the primary is up).</summary>
    private async Task<string> ReadZonesKeyAsync()
    {
        await using var command = services.Get<Dashboard.Data.RegionDataSources>().Primary.CreateCommand("""SELECT "Id" FROM dashboard."AspNetUsers" WHERE "UserName" = $1""");
        command.Parameters.AddWithValue(TestUsers.Operator.UserName);
        var owner = (string)(await command.ExecuteScalarAsync())!;
        var result = await services.Get<Dashboard.Features.ApiKeys.ApiKeyCommands>().CreateAsync(Dashboard.Features.Auth.Actor.System,
            new Dashboard.Features.ApiKeys.ApiKeyRequest($"outage-{Guid.NewGuid():N}"[..20], owner, [Dashboard.Features.Auth.Permission.ReadZones], [], DateTimeOffset.UtcNow.AddHours(1)));
        return result.ShouldBeOfType<Dashboard.Features.ApiKeys.ApiKeyResult.Created>().Key;
    }

    private async Task<HttpResponseMessage> ListZonesAsync(string key)
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, DashboardUrls.ApiV1Path + "/zones");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return await http.SendAsync(request);
    }
}
