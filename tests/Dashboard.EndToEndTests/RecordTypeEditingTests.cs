using Dashboard.Dns;
using Dashboard.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

/// <summary>
/// Issue #4's "done means", per record type: an operator adds, edits (content and TTL) and deletes a record through the
/// zone page, applies each, and every region's PowerDNS serves the result as soon as the page reports it applied.
/// </summary>
public sealed class RecordTypeEditingTests(BrowserFixture fixture, EditingServices services)
{
    /// <summary>
    /// One type's journey: where the record lives, what is typed, and what DNS must answer. Names outside the zone are
    /// typed with their trailing dot: without it the editor reads them relative to the zone, as a zone file does
    /// ({zone} in what is served stands for the zone's name).
    /// </summary>
    public sealed record TypeCase(
        string Name,
        RecordType Type,
        Dictionary<string, string> Add,
        string Served,
        Dictionary<string, string> Edit,
        string ServedAfterEdit,
        bool ReverseZone = false);

    /// <summary>
    /// The journeys walked in the browser: the plainest form (A), the form with the most fields and a name in its data
    /// (SRV), and a reverse zone (PTR). Every other type's form is filled and round-tripped in bUnit
    /// (RecordEditorDialogTests.EveryType_AddThenEdit_...) and served by every region in ChangeSetApplyTests; a browser
    /// journey per type cost about 18 s each of a 15-minute suite on a loaded machine.
    /// </summary>
    private static readonly Dictionary<RecordType, TypeCase> Cases = new TypeCase[]
    {
        new("www", RecordType.A,
            new() { ["address"] = "192.0.2.10" }, "192.0.2.10",
            new() { ["address"] = "192.0.2.20" }, "192.0.2.20"),
        new("_sip._tcp", RecordType.SRV,
            new() { ["priority"] = "10", ["weight"] = "5", ["port"] = "5060", ["target"] = "sip1.example.net." }, "10 5 5060 sip1.example.net",
            new() { ["priority"] = "20", ["weight"] = "0", ["port"] = "5061", ["target"] = "sip2" }, "20 0 5061 sip2.{zone}"),
        // 10.<b>.<a>.10.in-addr.arpa PTR in a reverse zone of its own.
        new("10", RecordType.PTR,
            new() { ["target"] = "host-10.example.net." }, "host-10.example.net",
            new() { ["target"] = "mail.example.net." }, "mail.example.net",
            ReverseZone: true),
    }.ToDictionary(c => c.Type);

    public static TheoryData<string> Types => new(Cases.Keys.Select(k => k.ToString()));

    [Theory]
    [MemberData(nameof(Types))]
    public async Task ZonePage_AddEditDelete_EachServedByEveryRegion(string typeName)
    {
        var c = Cases[Enum.Parse<RecordType>(typeName)];
        await using var zone = c.ReverseZone ? await services.CreateReverseZoneAsync() : await services.CreateZoneAsync();
        var fqdn = zone.Fqdn(c.Name);
        var page = await fixture.NewSignedInPageAsync(TestUsers.Operator);
        try
        {
            var ui = new ZonePageUi(page);
            await ui.OpenAsync(zone.Name);

            // Add, at the tier's default TTL (free: 30 s).
            await ui.AddRecordAsync(c.Name, c.Type, c.Add);
            await Expect(page.GetByTestId($"diff-{fqdn} {c.Type}")).ToContainTextAsync(c.Served.Split(' ')[^1]);
            await ui.ApplyAsync();
            await page.GetByTestId("changeset-applied").ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, $"propagation-{c.Type}.png") });
            await Expect(ui.RRset(fqdn, c.Type).GetByTestId("record")).ToHaveCountAsync(1);
            await RegionDns.ShouldServeAsync(fixture.Stack, fqdn, c.Type, 30, c.Served);

            // Edit content and TTL.
            await ui.EditRRsetAsync(fqdn, c.Type, c.Edit, ttl: 120);
            await ui.ApplyAsync();
            await Expect(ui.RRset(fqdn, c.Type)).ToContainTextAsync("120");
            await RegionDns.ShouldServeAsync(fixture.Stack, fqdn, c.Type, 120, c.ServedAfterEdit.Replace("{zone}", zone.Name, StringComparison.Ordinal));

            // Delete.
            await ui.StageDeleteAsync(fqdn, c.Type);
            await ui.ApplyAsync();
            await Expect(ui.RRset(fqdn, c.Type)).ToHaveCountAsync(0);
            await RegionDns.ShouldNotServeAsync(fixture.Stack, fqdn, c.Type);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
