using Dashboard.Dns;
using Dashboard.Features.Zones;
using Dashboard.TestSupport;
using DnsClient;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

/// <summary>Zone create and delete on the Zones page, and which roles see the editing controls at all.</summary>
public sealed class ZoneAdminTests(BrowserFixture fixture, EditingServices services)
{
    [Fact]
    public async Task ZonesPage_CreateThenDeleteByTypingTheName_EveryRegionAnswersThenForgets()
    {
        var name = $"e2e-{Guid.NewGuid():N}"[..12] + ".test";
        var page = await fixture.NewSignedInPageAsync(TestUsers.Operator);
        var dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };
        try
        {
            await page.GotoAsync(DashboardUrls.ZonesPath);
            await Expect(page.GetByTestId("zones-table")).ToBeVisibleAsync();

            // Create: a hostile name is refused (as text), then the real one in the pro tier.
            await page.GetByTestId("create-zone-open").ClickAsync();
            var zoneName = page.GetByTestId("zone-name");
            await zoneName.FillAsync("<img src=x onerror=alert(1)>.test");
            await Expect(page.Locator(".mud-input-control:has([data-testid='zone-name']) .mud-input-helper-text.mud-input-error")).ToContainTextAsync("<img");
            await Expect(page.GetByTestId("create-zone")).ToBeDisabledAsync();
            await zoneName.FillAsync(name);
            await page.GetByTestId("zone-tier").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item").GetByText("Pro", new() { Exact = true }).ClickAsync();
            await page.GetByTestId("create-zone").ClickAsync();
            await Expect(page.GetByTestId("create-zone-dialog")).ToHaveCountAsync(0);
            await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync($"{name}: done, answering in every region.");

            // The list reloaded with the new zone, from the pro template.
            var row = page.Locator($"tr:has([data-testid=zone][data-zone='{name}'])");
            await Expect(row).ToContainTextAsync("pro");
            foreach (var region in RegionDns.Regions)
            {
                var response = await StackDns.For(fixture.Stack.Region(region)).QueryAsync(name, QueryType.SOA, cancellationToken: TestContext.Current.CancellationToken);
                response.Header.ResponseCode.ShouldBe(DnsHeaderResponseCode.NoError, region);
                var soa = response.Answers.SoaRecords().Single();
                DnsName.Normalize(soa.MName.Value).ShouldBe("ns1.tunnel.test", region);
                // Served from PowerDNS's caches the TTL counts down from the template's 300, for at most their cache-ttl.
                soa.TimeToLive.ShouldBeInRange(300 - RegionDns.CacheTtl + 1, 300, region);
            }
            await RegionDns.ShouldServeAsync(fixture.Stack, name, RecordType.NS, 300, "ns1.tunnel.test", "ns2.tunnel.test");

            // Delete: the button stays disabled until the name is typed exactly.
            await page.Locator($"[data-testid=zone-actions][data-zone='{name}']").GetByTestId("delete-zone-open").ClickAsync();
            var confirm = page.GetByTestId("delete-zone");
            await Expect(confirm).ToBeDisabledAsync();
            await page.GetByTestId("delete-zone-typed").FillAsync(name[..^1]);
            await Expect(confirm).ToBeDisabledAsync();
            await page.GetByTestId("delete-zone-typed").FillAsync(name.ToUpperInvariant());
            await Expect(confirm).ToBeDisabledAsync();
            await page.GetByTestId("delete-zone-typed").FillAsync(name);
            await Expect(confirm).ToBeEnabledAsync();
            await confirm.ClickAsync();
            await Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync($"Deleted {name}.");
            await Expect(row).ToHaveCountAsync(0);
            foreach (var region in RegionDns.Regions)
            {
                var response = await StackDns.For(fixture.Stack.Region(region)).QueryAsync(name, QueryType.SOA, cancellationToken: TestContext.Current.CancellationToken);
                response.Header.ResponseCode.ShouldBe(DnsHeaderResponseCode.Refused, region);
            }
            (await page.Locator("img[src=x]").CountAsync()).ShouldBe(0);
            dialogs.ShouldBe(0);
        }
        finally
        {
            await page.Context.CloseAsync();
            // Whatever happened above, leave no zone behind (NotFound when the test deleted it).
            await services.DeleteZoneAsync(name);
        }
    }

    [Theory]
    [InlineData("Operator", true)]
    [InlineData("Admin", true)]
    [InlineData("OnCall", false)]
    [InlineData("Abuse", false)]
    public async Task ZonePages_EditingControls_ShownOnlyToRolesThatMayEditDns(string role, bool shown)
    {
        const string zone = "free.tunnel.test";
        var page = await fixture.NewSignedInPageAsync(TestUsers.ForRole(role), DashboardUrls.ZonesPath);
        try
        {
            var count = shown ? 1 : 0;
            var actions = page.Locator($"[data-testid=zone-actions][data-zone='{zone}']");
            await Expect(actions).ToBeAttachedAsync();
            await Expect(page.GetByTestId("create-zone-open")).ToHaveCountAsync(count);
            await Expect(actions.GetByTestId("delete-zone-open")).ToHaveCountAsync(count);

            await page.GotoAsync(DashboardUrls.ZoneUrl(zone, new RRsetFilter(Type: RecordType.NS)));
            var apexNs = page.Locator($"[data-testid=rrset][data-name='{zone}'][data-type='NS']");
            await Expect(apexNs).ToBeVisibleAsync();
            foreach (var control in new[] { "add-record", "import", "edit-soa", "changeset-panel" })
            {
                await Expect(page.GetByTestId(control)).ToHaveCountAsync(count);
            }
            await Expect(apexNs.GetByTestId("edit-rrset")).ToHaveCountAsync(count);
            foreach (var control in new[] { "delete-record", "toggle-record" })
            {
                if (shown)
                {
                    await Expect(apexNs.GetByTestId(control).First).ToBeVisibleAsync();
                }
                else
                {
                    await Expect(page.GetByTestId(control)).ToHaveCountAsync(0);
                }
            }
            await Expect(page.GetByTestId("export")).ToBeVisibleAsync();
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
    /// <summary>
    /// The seeded free zone has thousands of RRsets: the page shows their exact count (not "10,000+"), and "Go to page"
    /// with Enter jumps there, in the URL too.
    /// </summary>
    [Fact]
    public async Task ZonePage_LargeZone_ExactRRsetCount_GoToPageJumpsThere()
    {
        const string zone = "free.tunnel.test";
        long expected;
        await using (var connection = new Npgsql.NpgsqlConnection(fixture.Stack.Primary.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new Npgsql.NpgsqlCommand(
                "SELECT count(*) FROM (SELECT DISTINCT r.name, r.type FROM records r JOIN domains d ON d.id = r.domain_id WHERE d.name = $1 AND r.type IS NOT NULL) k", connection);
            command.Parameters.AddWithValue(zone);
            expected = (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
        }
        expected.ShouldBeGreaterThan(1_000, "the seeded free zone is large");
        var page = await fixture.NewSignedInPageAsync(TestUsers.OnCall);
        try
        {
            await page.GotoAsync(DashboardUrls.ZoneUrl(zone));

            await Expect(page.GetByTestId("rrset-total")).ToHaveTextAsync($"{expected:N0} RRsets");
            var firstOnPage1 = await page.GetByTestId("rrset").First.GetAttributeAsync("data-name");
            await page.GetByTestId("go-to-page").FillAsync("3");
            await page.GetByTestId("go-to-page").PressAsync("Enter");

            await Expect(page).ToHaveURLAsync(new Regex(@"[?&]page=3(&|$)"));
            await Expect(page.GetByTestId("rrset").First).Not.ToHaveAttributeAsync("data-name", firstOnPage1!);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
