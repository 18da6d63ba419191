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
                await signIn.CloseAsync();

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
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
