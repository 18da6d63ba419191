using Dashboard.Dns;
using Dashboard.Features.Zones;
using Dashboard.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

/// <summary>
/// Issue #3's rule on the zone pages: whatever an operator typed (TXT contents, names, filters, zone files) is shown as
/// literal text in the grid, the diff, error messages and the audit page, and never runs.
/// </summary>
public sealed class HostileZoneTextTests(BrowserFixture fixture, EditingServices services)
{
    private const string Script = "<script>window.__pwned=1</script>";
    private const string ImgTag = "v=1 \"><img src=x onerror=\"window.__pwned=2\">";
    private const string JavascriptUrl = "javascript:alert(1)";

    /// <summary>
    /// Any script that runs (on any page this context loads) and sets <c>window.__pwned</c> reports it here, so a
    /// navigation cannot hide it.
    /// </summary>
    private static async Task<List<string>> TrapAsync(IPage page)
    {
        var pwned = new List<string>();
        await page.ExposeFunctionAsync("__reportPwned", (string value) => pwned.Add(value));
        await page.AddInitScriptAsync(
            "(() => { let v; Object.defineProperty(window, '__pwned', { get: () => v, set: x => { v = x; window.__reportPwned(String(x)); } }); })()");
        return pwned;
    }

    private static async Task ShouldNotHaveRunAsync(IPage page, List<string> pwned, Func<int> dialogs)
    {
        (await page.EvaluateAsync<object?>("() => window.__pwned ?? null")).ShouldBeNull();
        (await page.Locator("img[src=x]").CountAsync()).ShouldBe(0);
        (await page.Locator("a[href^='javascript:']").CountAsync()).ShouldBe(0);
        pwned.ShouldBeEmpty();
        dialogs().ShouldBe(0);
    }

    [Fact]
    public async Task HostileTxtNamesFiltersAndZoneFiles_ShownAsText_NeverRun()
    {
        await using var zone = await services.CreateZoneAsync();
        var page = await fixture.NewSignedInPageAsync(TestUsers.Operator);
        try
        {
            var dialogs = 0;
            page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };
            var pwned = await TrapAsync(page);
            var ui = new ZonePageUi(page);
            await ui.OpenAsync(zone.Name);

            // A hostile owner name is refused next to the field, its text shown as typed.
            await ui.FillNewRecordAsync("\"><img src=x onerror=\"window.__pwned=3\">", RecordType.TXT, new Dictionary<string, string> { ["text"] = "x" });
            await Expect(ui.Editor.Locator(".mud-input-control:has([data-testid='field-name']) .mud-input-helper-text.mud-input-error"))
                .ToContainTextAsync("<img src=x onerror=");
            await page.Keyboard.PressAsync("Escape");
            await Expect(ui.Editor).ToHaveCountAsync(0);

            // Three hostile TXT records, staged: the diff shows them as text.
            await ui.AddRecordAsync("xss1", RecordType.TXT, new Dictionary<string, string> { ["text"] = Script });
            await ui.AddRecordAsync("xss2", RecordType.TXT, new Dictionary<string, string> { ["text"] = ImgTag });
            await ui.AddRecordAsync("xss3", RecordType.TXT, new Dictionary<string, string> { ["text"] = JavascriptUrl });
            await Expect(page.GetByTestId($"diff-{zone.Fqdn("xss1")} TXT")).ToContainTextAsync(Script);
            await Expect(page.GetByTestId($"diff-{zone.Fqdn("xss2")} TXT")).ToContainTextAsync("\\\"><img src=x onerror=\\\"window.__pwned=2\\\">");
            await Expect(page.GetByTestId($"diff-{zone.Fqdn("xss3")} TXT")).ToContainTextAsync(JavascriptUrl);
            await ShouldNotHaveRunAsync(page, pwned, () => dialogs);

            // Applied: the grid shows them as text, and DNS serves exactly what was typed.
            await ui.ApplyAsync();
            await Expect(ui.RRset(zone.Fqdn("xss1"), RecordType.TXT).GetByTestId("record")).ToContainTextAsync(Script);
            await Expect(ui.RRset(zone.Fqdn("xss2"), RecordType.TXT).GetByTestId("record")).ToContainTextAsync("<img src=x onerror=");
            await Expect(ui.RRset(zone.Fqdn("xss3"), RecordType.TXT).GetByTestId("record")).ToContainTextAsync(JavascriptUrl);
            await RegionDns.ShouldServeAsync(fixture.Stack, zone.Fqdn("xss1"), RecordType.TXT, 30, Script);
            await RegionDns.ShouldServeAsync(fixture.Stack, zone.Fqdn("xss2"), RecordType.TXT, 30, ImgTag);
            await ShouldNotHaveRunAsync(page, pwned, () => dialogs);

            // A zone file whose errors quote hostile text.
            await ui.OpenImportAsync();
            await ui.ImportTextAsync($"www IN <img src=x onerror=\"window.__pwned=4\"> 192.0.2.1\n");
            await Expect(page.GetByTestId("import-errors")).ToContainTextAsync("line 1: record type '<img' is not supported");
            await ShouldNotHaveRunAsync(page, pwned, () => dialogs);
            await page.Keyboard.PressAsync("Escape");

            // Filters come from the URL and are echoed back into the page.
            await page.GotoAsync(DashboardUrls.ZoneUrl(zone.Name, new RRsetFilter(Prefix: ImgTag, Contains: Script)));
            await Expect(page.GetByTestId("filter-contains")).ToHaveValueAsync(Script);
            await Expect(page.GetByTestId("rrset-empty")).ToBeVisibleAsync();
            await ShouldNotHaveRunAsync(page, pwned, () => dialogs);

            // A zone name in the path is echoed when there is no such zone.
            await page.GotoAsync(DashboardUrls.ZoneUrl("\"><img src=x onerror=\"window.__pwned=5\">"));
            await Expect(page.GetByTestId("zone-missing")).ToContainTextAsync("<img src=x onerror=");
            await ShouldNotHaveRunAsync(page, pwned, () => dialogs);

            // The audit trail shows what was added, as text.
            await page.GotoAsync(DashboardUrls.AuditUrl(zone: zone.Name));
            await Expect(page.Locator($"tr:has([data-testid=audit-name]:text-is('{zone.Fqdn("xss1")}'))")).ToContainTextAsync(Script);
            await Expect(page.Locator($"tr:has([data-testid=audit-name]:text-is('{zone.Fqdn("xss2")}'))")).ToContainTextAsync("<img src=x onerror=");
            await Expect(page.Locator($"tr:has([data-testid=audit-name]:text-is('{zone.Fqdn("xss3")}'))")).ToContainTextAsync(JavascriptUrl);
            await ShouldNotHaveRunAsync(page, pwned, () => dialogs);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
