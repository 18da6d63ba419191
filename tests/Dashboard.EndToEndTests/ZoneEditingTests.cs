using Dashboard.Dns;
using Dashboard.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

/// <summary>Issue #4's conflict, invalid input and import, applied through the zone page.</summary>
public sealed class ZoneEditingTests(BrowserFixture fixture, EditingServices services)
{
    [Fact]
    public async Task Apply_RRsetChangedUnderneath_ShowsConflictNamingIt_WritesNothing()
    {
        await using var zone = await services.CreateZoneAsync();
        var www = zone.Fqdn("www");
        await services.ApplyAsync(zone.Name, ("www", RecordType.A, "192.0.2.1", 30));
        var page = await fixture.NewSignedInPageAsync(TestUsers.Operator);
        try
        {
            var ui = new ZonePageUi(page);
            await ui.OpenAsync(zone.Name);

            // The operator stages an edit of www A...
            await ui.EditRRsetAsync(www, RecordType.A, new Dictionary<string, string> { ["address"] = "192.0.2.2" });
            await ui.ExpectStagedAsync(1);

            // ...while the tunnel service rewrites the same RRset on the primary.
            await services.RewriteUnderneathAsync(zone.Name, www, RecordType.A, "198.51.100.7");
            var serialBefore = await RegionDns.SerialAsync(fixture.Stack, fixture.Stack.Primary.Name, zone.Name);
            var auditBefore = await AuditCountAsync(zone.Name);

            await page.GetByTestId("changeset-apply").ClickAsync();

            var conflict = page.GetByTestId("changeset-conflict");
            await Expect(conflict).ToBeVisibleAsync();
            await Expect(conflict).ToContainTextAsync("Nothing was written");
            await Expect(conflict.Locator("li")).ToHaveTextAsync($"{www} A");
            await Expect(page.GetByTestId("changeset-applied")).ToHaveCountAsync(0);
            // The staged change is kept for the operator to discard and redo; nothing was written.
            await ui.ExpectStagedAsync(1);
            await RegionDns.ShouldServeAsync(fixture.Stack, www, RecordType.A, 30, "198.51.100.7");
            foreach (var region in RegionDns.Regions)
            {
                (await RegionDns.SerialAsync(fixture.Stack, region, zone.Name)).ShouldBe(serialBefore, region);
            }
            (await AuditCountAsync(zone.Name)).ShouldBe(auditBefore);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task RecordEditor_InvalidInputs_ErrorNextToField_NothingStagedOrWritten()
    {
        await using var zone = await services.CreateZoneAsync();
        var www = zone.Fqdn("www");
        await services.ApplyAsync(zone.Name, ("www", RecordType.A, "192.0.2.1", 30));
        var rowsBefore = await RowCountAsync(zone.Name);
        var serialBefore = await RegionDns.SerialAsync(fixture.Stack, fixture.Stack.Primary.Name, zone.Name);
        var page = await fixture.NewSignedInPageAsync(TestUsers.Operator);
        try
        {
            var ui = new ZonePageUi(page);
            await ui.OpenAsync(zone.Name);

            // An IPv4 address with a part above 255.
            await ui.FillNewRecordAsync("api", RecordType.A, new Dictionary<string, string> { ["address"] = "300.1.2.3" });
            await ExpectStageRefusedAsync(ui, FieldError(ui, "field-address-0"), "IPv4 address '300.1.2.3' is not valid: each part must be 0-255");

            // A TTL below the free tier's minimum of 10 s.
            await ui.FillFieldsAsync(0, new Dictionary<string, string> { ["address"] = "192.0.2.3" });
            await ui.Editor.GetByTestId("field-ttl").FillAsync("5");
            await ExpectStageRefusedAsync(ui, FieldError(ui, "field-ttl"), "TTL 5 is below this zone's minimum of 10 seconds (free tier)");

            // A name outside the zone.
            await ui.Editor.GetByTestId("field-ttl").FillAsync("30");
            await ui.Editor.GetByTestId("field-name").FillAsync("www.example.com.");
            await ExpectStageRefusedAsync(ui, FieldError(ui, "field-name"), "not inside");
            await page.Keyboard.PressAsync("Escape");
            await Expect(ui.Editor).ToHaveCountAsync(0);

            // A value longer than any record holds (70,000 characters, pasted): it reaches the server whole and is
            // refused in words. Over the circuit's old 32 KB message limit any field over about 16 K characters was
            // dropped on the way, and the editor said "must not be empty" beside a full field.
            await ui.FillNewRecordAsync("long", RecordType.TXT, new Dictionary<string, string> { ["text"] = new string('x', 70_000) });
            await ExpectStageRefusedAsync(ui, FieldError(ui, "field-text-0"), "TXT content is 70275 bytes long; a record may hold at most 65535 bytes");
            // 20,000 characters fit, and are staged whole: the diff ends with the value's last characters.
            await ui.FillFieldsAsync(0, new Dictionary<string, string> { ["text"] = new string('y', 19_990) + "0123456789" });
            await ui.StageAsync();
            await Expect(page.GetByTestId($"diff-{zone.Fqdn("long")} TXT")).ToContainTextAsync("0123456789");
            await ui.DiscardAsync();
            await ui.ExpectStagedAsync(0);

            // A CNAME at a name that has an A record. The record editor only knows the RRset it edits, so today this is
            // staged and refused at apply (with nothing written); refusing it in the editor, next to the name, is better
            // and accepted here too.
            await ui.FillNewRecordAsync("www", RecordType.CNAME, new Dictionary<string, string> { ["target"] = "elsewhere.example.net." });
            await ui.Editor.GetByTestId("record-stage").ClickAsync();
            const string cnameError = "a CNAME cannot coexist with other records (A) at the same name";
            var refusedInEditor = ui.Editor.GetByText(cnameError);
            var staged = page.GetByTestId($"diff-{www} CNAME");
            await Expect(refusedInEditor.Or(staged)).ToBeVisibleAsync();
            if (await staged.IsVisibleAsync())
            {
                await page.GetByTestId("changeset-apply").ClickAsync();
                await Expect(page.GetByTestId("changeset-invalid")).ToContainTextAsync($"{www} CNAME: {cnameError}");
                await Expect(page.GetByTestId("changeset-invalid")).ToContainTextAsync("Nothing was written");
                await ui.DiscardAsync();
            }
            else
            {
                await page.Keyboard.PressAsync("Escape");
            }
            await ui.ExpectStagedAsync(0);

            (await RowCountAsync(zone.Name)).ShouldBe(rowsBefore);
            (await RegionDns.SerialAsync(fixture.Stack, fixture.Stack.Primary.Name, zone.Name)).ShouldBe(serialBefore);
            await RegionDns.ShouldNotServeAsync(fixture.Stack, zone.Fqdn("api"), RecordType.A);
            await RegionDns.ShouldServeAsync(fixture.Stack, www, RecordType.A, 30, "192.0.2.1");
            await RegionDns.ShouldNotServeAsync(fixture.Stack, www, RecordType.CNAME);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Import_BindFile_ShowsDiff_AppliesAndEveryRegionServesIt_BadFileNamesTheLine()
    {
        await using var zone = await services.CreateZoneAsync();
        var page = await fixture.NewSignedInPageAsync(TestUsers.Operator);
        try
        {
            var ui = new ZonePageUi(page);
            await ui.OpenAsync(zone.Name);
            await ui.OpenImportAsync();

            // A bad file: nothing staged, the error names its line.
            await ui.ImportTextAsync($"$ORIGIN {zone.Name}.\n$TTL 300\n; a comment\nwww IN A 192.0.2.50\napi IN A 300.1.2.3\n");
            await Expect(page.GetByTestId("import-errors")).ToContainTextAsync("line 5:");
            await Expect(page.GetByTestId("import-errors")).ToContainTextAsync("300.1.2.3");
            await ui.ExpectStagedAsync(0);

            // A good one: $ORIGIN, $TTL, relative names, a repeated owner, a multi-line SOA and comments.
            var file = $"""
                $ORIGIN {zone.Name}.
                $TTL 300
                ; exported from the old provider
                @       IN SOA ns1.tunnel.test. hostmaster.tunnel.test. (
                                1          ; serial (lower than the zone's: it is kept and bumped)
                                7200       ; refresh
                                3600       ; retry
                                604800     ; expire
                                10 )       ; minimum
                @    30 IN NS   ns1.tunnel.test.   ; as the zone has them: not staged
                @    30 IN NS   ns2.tunnel.test.
                @       IN MX   10 mail        ; relative exchange
                www     IN A    192.0.2.50
                        IN AAAA 2001:db8::50   ; same owner as above
                mail    600 IN A 192.0.2.25
                """;
            await ui.ImportTextAsync(file);
            await Expect(ui.ImportText).ToHaveCountAsync(0);

            // The diff before anything is written.
            await Expect(page.GetByTestId($"diff-{zone.Fqdn("www")} A")).ToContainTextAsync("192.0.2.50");
            await Expect(page.GetByTestId($"diff-{zone.Fqdn("www")} AAAA")).ToContainTextAsync("2001:db8::50");
            await Expect(page.GetByTestId($"diff-{zone.Fqdn("mail")} A")).ToContainTextAsync("TTL 600");
            await Expect(page.GetByTestId($"diff-{zone.Name} MX")).ToContainTextAsync($"10 {zone.Fqdn("mail")}");
            await Expect(page.GetByTestId($"diff-{zone.Name} SOA")).ToContainTextAsync("7200");
            await Expect(page.GetByTestId($"diff-{zone.Name} NS")).ToHaveCountAsync(0); // unchanged
            var serialBefore = await RegionDns.SerialAsync(fixture.Stack, fixture.Stack.Primary.Name, zone.Name);

            await ui.ApplyAsync();

            await RegionDns.ShouldServeAsync(fixture.Stack, zone.Fqdn("www"), RecordType.A, 300, "192.0.2.50");
            await RegionDns.ShouldServeAsync(fixture.Stack, zone.Fqdn("www"), RecordType.AAAA, 300, "2001:db8::50");
            await RegionDns.ShouldServeAsync(fixture.Stack, zone.Fqdn("mail"), RecordType.A, 600, "192.0.2.25");
            await RegionDns.ShouldServeAsync(fixture.Stack, zone.Name, RecordType.MX, 300, $"10 {zone.Fqdn("mail")}");
            foreach (var region in RegionDns.Regions)
            {
                var soa = (await StackDns.For(fixture.Stack.Region(region)).QueryAsync(zone.Name, DnsClient.QueryType.SOA, cancellationToken: TestContext.Current.CancellationToken)).Answers.SoaRecords().Single();
                soa.Refresh.ShouldBe(7200u, region);
                soa.Serial.ShouldBeGreaterThan(serialBefore, region);
            }
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task ZonePage_SoaRow_OffersNoDeleteOrDisable_EditOpensSoaEditor()
    {
        await using var zone = await services.CreateZoneAsync();
        var page = await fixture.NewSignedInPageAsync(TestUsers.Operator);
        try
        {
            var ui = new ZonePageUi(page);
            await ui.OpenAsync(zone.Name);
            var soa = ui.RRset(zone.Name, RecordType.SOA);

            await Expect(soa.GetByTestId("edit-rrset")).ToBeVisibleAsync();
            await Expect(soa.GetByTestId("delete-record")).ToHaveCountAsync(0);
            await Expect(soa.GetByTestId("toggle-record")).ToHaveCountAsync(0);
            await ui.ExpectStagedAsync(0);
            await Expect(page.GetByTestId("changeset-apply")).ToBeDisabledAsync();

            await soa.GetByTestId("edit-rrset").ClickAsync();
            await Expect(page.GetByTestId("soa-editor")).ToBeVisibleAsync();
            await Expect(ui.Editor).ToHaveCountAsync(0);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>The error text MudBlazor shows under one input (its helper line), found from the input's data-testid.</summary>
    private static ILocator FieldError(ZonePageUi ui, string testId) =>
        ui.Editor.Locator($".mud-input-control:has([data-testid='{testId}']) .mud-input-helper-text.mud-input-error");

    private static async Task ExpectStageRefusedAsync(ZonePageUi ui, ILocator error, string message)
    {
        await Expect(error).ToContainTextAsync(message);
        await ui.Editor.GetByTestId("record-stage").ClickAsync();
        await Expect(error).ToContainTextAsync(message);
        await Expect(ui.Editor).ToHaveCountAsync(1);
        await ui.ExpectStagedAsync(0);
    }

    private Task<long> RowCountAsync(string zone) =>
        services.ScalarAsync("SELECT count(*) FROM records r JOIN domains d ON d.id = r.domain_id WHERE d.name = @zone", ("zone", zone));

    private Task<long> AuditCountAsync(string zone) =>
        services.ScalarAsync("SELECT count(*) FROM dashboard.audit_entries WHERE zone = @zone", ("zone", zone));
}
