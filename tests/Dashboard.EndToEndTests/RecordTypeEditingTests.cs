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
    /// typed with their trailing dot: without it the editor reads them relative to the zone, as a zone file does.
    /// </summary>
    public sealed record TypeCase(
        string Name,
        RecordType Type,
        Dictionary<string, string> Add,
        string Served,
        Dictionary<string, string> Edit,
        string ServedAfterEdit,
        bool ReverseZone = false);

    private static readonly Dictionary<RecordType, TypeCase> Cases = new TypeCase[]
    {
        new("www", RecordType.A,
            new() { ["address"] = "192.0.2.10" }, "192.0.2.10",
            new() { ["address"] = "192.0.2.20" }, "192.0.2.20"),
        new("www", RecordType.AAAA,
            new() { ["address"] = "2001:db8::10" }, "2001:db8::10",
            new() { ["address"] = "2001:DB8:0:0::20" }, "2001:db8::20"),
        new("shop", RecordType.CNAME,
            new() { ["target"] = "shops.example.net." }, "shops.example.net",
            new() { ["target"] = "storefront.example.net." }, "storefront.example.net"),
        new("@", RecordType.MX,
            new() { ["preference"] = "10", ["exchange"] = "mx1.example.net." }, "10 mx1.example.net",
            new() { ["preference"] = "20", ["exchange"] = "mx2.example.net." }, "20 mx2.example.net"),
        new("_dmarc", RecordType.TXT,
            new() { ["text"] = "v=DMARC1; p=none" }, "v=DMARC1; p=none",
            new() { ["text"] = "v=DMARC1; p=reject; rua=mailto:dmarc@example.net" }, "v=DMARC1; p=reject; rua=mailto:dmarc@example.net"),
        new("_sip._tcp", RecordType.SRV,
            new() { ["priority"] = "10", ["weight"] = "5", ["port"] = "5060", ["target"] = "sip1.example.net." }, "10 5 5060 sip1.example.net",
            new() { ["priority"] = "20", ["weight"] = "0", ["port"] = "5061", ["target"] = "sip2.example.net." }, "20 0 5061 sip2.example.net"),
        new("@", RecordType.CAA,
            new() { ["flags"] = "0", ["tag"] = "issue", ["value"] = "letsencrypt.org" }, "0 issue letsencrypt.org",
            new() { ["flags"] = "128", ["tag"] = "issuewild", ["value"] = "pki.goog" }, "128 issuewild pki.goog"),
        // A delegation: the parent serves the child's NS set as a referral.
        new("customer", RecordType.NS,
            new() { ["target"] = "ns1.customer-dns.example.net." }, "ns1.customer-dns.example.net",
            new() { ["target"] = "ns2.customer-dns.example.net." }, "ns2.customer-dns.example.net"),
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
            await Expect(ui.RRset(fqdn, c.Type).GetByTestId("record")).ToHaveCountAsync(1);
            await RegionDns.ShouldServeAsync(fixture.Stack, fqdn, c.Type, 30, c.Served);

            // Edit content and TTL.
            await ui.EditRRsetAsync(fqdn, c.Type, c.Edit, ttl: 120);
            await ui.ApplyAsync();
            await Expect(ui.RRset(fqdn, c.Type)).ToContainTextAsync("120");
            await RegionDns.ShouldServeAsync(fixture.Stack, fqdn, c.Type, 120, c.ServedAfterEdit);

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
