using Dashboard.Dns;
using Dashboard.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

/// <summary>Issue #7: staged changes are not lost (reload, second tab), Discard asks first, and a conflict can be re-staged in one click.</summary>
public sealed class StagedChangeSetTests
{
    private readonly BrowserFixture _fixture;
    private readonly EditingServices _services;

    public StagedChangeSetTests(BrowserFixture fixture, EditingServices services)
    {
        _fixture = fixture;
        _services = services;
        // Sized for a loaded 2-core machine (Playwright's default is 5 s); auto-waiting returns as soon as the state is there.
        SetDefaultExpectTimeout(30_000);
    }

    [Fact]
    public async Task StagedEdit_ReloadAndSecondTab_StillStaged_ThenApplies()
    {
        await using var zone = await _services.CreateZoneAsync();
        var www = zone.Fqdn("www");
        await _services.ApplyAsync(zone.Name, ("www", RecordType.A, "192.0.2.1", 30));
        var page = await _fixture.NewSignedInPageAsync(TestUsers.Operator);
        try
        {
            var dialogs = new List<string>();
            page.Dialog += (_, dialog) =>
            {
                dialogs.Add(dialog.Type);
                _ = dialog.AcceptAsync();
            };
            var ui = new ZonePageUi(page);
            await ui.OpenAsync(zone.Name);
            await ui.EditRRsetAsync(www, RecordType.A, new Dictionary<string, string> { ["address"] = "192.0.2.2" });
            var diff = page.GetByTestId($"diff-{www} A");
            await Expect(diff).ToContainTextAsync("192.0.2.2");

            // Reloading asks first (the browser's beforeunload), and the reloaded page shows the same staged set.
            await ui.ExpectLeaveGuardAsync(armed: true);
            await page.ReloadAsync();
            dialogs.ShouldBe(["beforeunload"]);
            await ui.ExpectStagedAsync(1);
            await Expect(diff).ToContainTextAsync("192.0.2.2");

            // So does a second tab of the same user.
            var second = new ZonePageUi(await page.Context.NewPageAsync());
            await second.OpenAsync(zone.Name);
            await second.ExpectStagedAsync(1);
            await Expect(second.Page.GetByTestId($"diff-{www} A")).ToContainTextAsync("192.0.2.2");
            await second.Page.CloseAsync();

            await ui.ApplyAsync();
            await RegionDns.ShouldServeAsync(_fixture.Stack, www, RecordType.A, 30, "192.0.2.2");
            (await StagedRowsAsync(zone.Name)).ShouldBe(0);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Discard_AsksFirst_CancelKeeps_ConfirmDropsForGood()
    {
        await using var zone = await _services.CreateZoneAsync();
        var page = await _fixture.NewSignedInPageAsync(TestUsers.Operator);
        try
        {
            var ui = new ZonePageUi(page);
            await ui.OpenAsync(zone.Name);
            await ui.AddRecordAsync("api", RecordType.A, new Dictionary<string, string> { ["address"] = "192.0.2.5" });
            await ui.ExpectStagedAsync(1);

            var dialog = ui.DiscardDialog;
            await page.GetByTestId("changeset-discard").ClickAsync();
            await Expect(dialog).ToContainTextAsync("Discard the 1 staged change(s)");
            await dialog.GetByTestId("discard-cancel").ClickAsync();
            await Expect(dialog).ToHaveCountAsync(0);
            await ui.ExpectStagedAsync(1);
            (await StagedRowsAsync(zone.Name)).ShouldBe(1);

            await ui.DiscardAsync();
            await ui.ExpectStagedAsync(0);
            (await StagedRowsAsync(zone.Name)).ShouldBe(0);

            // Discarded for good: a reload (no longer asking) shows nothing staged.
            await ui.ExpectLeaveGuardAsync(armed: false);
            await page.ReloadAsync();
            await Expect(page.GetByTestId("rrset-grid")).ToBeVisibleAsync();
            await ui.ExpectStagedAsync(0);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Conflict_ShowsStagedFromVsNow_OneClickRestage_ThenApplies()
    {
        await using var zone = await _services.CreateZoneAsync();
        var www = zone.Fqdn("www");
        await _services.ApplyAsync(zone.Name, ("www", RecordType.A, "192.0.2.1", 30));
        var page = await _fixture.NewSignedInPageAsync(TestUsers.Operator);
        try
        {
            var ui = new ZonePageUi(page);
            await ui.OpenAsync(zone.Name);
            // The operator adds a second address to www A...
            await ui.AddRecordAsync("www", RecordType.A, new Dictionary<string, string> { ["address"] = "192.0.2.2" });
            await ui.ExpectStagedAsync(1);

            // ...while the tunnel service rewrites the first one on the primary.
            await _services.RewriteUnderneathAsync(zone.Name, www, RecordType.A, "198.51.100.7");

            await page.GetByTestId("changeset-apply").ClickAsync();

            await Expect(page.GetByTestId("changeset-conflict")).ToContainTextAsync("Nothing was written");
            var conflict = page.GetByTestId($"conflict-{www} A");
            await Expect(conflict.GetByTestId("conflict-base")).ToContainTextAsync("192.0.2.1 (TTL 30)");
            await Expect(conflict.GetByTestId("conflict-base")).Not.ToContainTextAsync("198.51.100.7");
            await Expect(conflict.GetByTestId("conflict-now")).ToContainTextAsync("198.51.100.7 (TTL 30)");
            await Expect(conflict.GetByTestId("conflict-now")).Not.ToContainTextAsync("192.0.2.1");
            await Expect(conflict.GetByTestId("conflict-staged")).ToContainTextAsync("192.0.2.2 (TTL 30)");
            // The grid shows what is stored now.
            await Expect(ui.RRset(www, RecordType.A).GetByTestId("record")).ToHaveTextAsync(["198.51.100.7"]);

            await page.GetByTestId("changeset-rebase").ClickAsync();

            await Expect(page.GetByTestId("conflict-details")).ToHaveCountAsync(0);
            var diff = page.GetByTestId($"diff-{www} A");
            await Expect(diff.Locator("[data-kind=Added]")).ToHaveTextAsync([new System.Text.RegularExpressions.Regex("192\\.0\\.2\\.2")]);
            await Expect(diff.Locator("[data-kind=Removed]")).ToHaveCountAsync(0);
            await ui.ApplyAsync();
            await RegionDns.ShouldServeAsync(_fixture.Stack, www, RecordType.A, 30, "198.51.100.7", "192.0.2.2");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private Task<long> StagedRowsAsync(string zone) =>
        _services.ScalarAsync("SELECT count(*) FROM dashboard.staged_change_sets WHERE zone = @zone", ("zone", zone));
}
