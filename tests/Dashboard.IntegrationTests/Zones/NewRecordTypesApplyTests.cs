using System.Diagnostics;
using System.Net.Http.Json;
using Dashboard.Configuration;
using Dashboard.Data;
using Dashboard.Dns;
using Dashboard.Features.Zones;
using Dashboard.PowerDns;

namespace Dashboard.IntegrationTests.Zones;

/// <summary>
/// One RRset of each newer type applied through the product's change set: stored exactly as PowerDNS 4.7.3's own API
/// stores the same records, <c>pdnsutil check-zone</c> clean (0 errors, 0 warnings), and served by every region.
/// </summary>
public sealed class NewRecordTypesApplyTests(StackFixture fixture)
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>(relative name, type, content as stored, answer as dig prints it; null for the delegation's NS, answered as a referral).</summary>
    private static readonly (string Name, RecordType Type, string Content, string? Dig)[] Records =
    [
        ("ptr", RecordType.PTR, "host.example.net", "host.example.net."),
        ("old", RecordType.DNAME, "new.example.net", "new.example.net."),
        ("sub", RecordType.NS, "ns1.example.net", null),
        ("sub", RecordType.DS, "60485 5 1 2bb183af5f22588179a53b0a98631fad1a292118", "60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118"),
        ("sip", RecordType.NAPTR, "100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.example.net", "100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.example.net."),
        ("www", RecordType.A, "192.0.2.80", "192.0.2.80"),
        ("_443._tcp.www", RecordType.TLSA, "3 1 1 0c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6",
            "3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B566 64C5D3D6"),
        ("host", RecordType.SSHFP, "4 2 123456789abcdef67890123456789abcdef67890123456789abcdef123456789",
            "4 2 123456789ABCDEF67890123456789ABCDEF67890123456789ABCDEF1 23456789"),
        ("svc", RecordType.SVCB, "1 pool.example.net alpn=h2", "1 pool.example.net. alpn=\"h2\""),
        ("@", RecordType.HTTPS, "1 . alpn=h3,h2 port=443 ipv4hint=192.0.2.1", "1 . alpn=\"h3,h2\" port=443 ipv4hint=192.0.2.1"),
        ("geo", RecordType.LOC, "52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000.00m 10.00m", "52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m"),
        ("x", (RecordType)65534, @"\# 3 abcdef", @"\# 3 ABCDEF"),
    ];

    [Fact]
    public async Task ApplyAsync_EveryNewType_StoredAsPowerDnsApiStoresItCheckZoneCleanAndServedByEveryRegion()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var set = await zone.NewSetAsync(Cancel);
        foreach (var (name, type, content, _) in Records)
        {
            set.Add(name, type, content, 30, null).AllErrors.ShouldBeEmpty($"{name} {type.Mnemonic()}");
        }

        var applied = await zone.ApplyAsync(set, Cancel);

        applied.Propagation.Current.AllVisible.ShouldBeTrue("ApplyAsync waited for it");
        var check = await zone.CheckZoneAsync(Cancel);
        check.ShouldStartWith("exit 0", customMessage: check);
        check.ShouldContain(", 0 errors, 0 warnings", customMessage: check);

        var stored = await ContentsAsync(zone.Name);
        var apiZone = "api-" + zone.Name;
        var viaApi = await StoredByPowerDnsApiAsync(apiZone);
        foreach (var (name, type, content, _) in Records)
        {
            stored[(Owner(name, zone.Name), type.Mnemonic())].ShouldBe(content, $"{name} {type.Mnemonic()} as the dashboard stored it");
            viaApi[(Owner(name, apiZone), type.Mnemonic())].ShouldBe(content, $"{name} {type.Mnemonic()} as PowerDNS's API stored it");
        }

        foreach (var region in fixture.Stack.Options.Regions)
        {
            foreach (var (name, type, _, dig) in Records.Where(r => r.Dig is not null))
            {
                var answer = await DigAsync(region, Owner(name, zone.Name), type.Mnemonic());
                Normalize(answer).ShouldBe(Normalize(dig!), $"{region.Name}: {name} {type.Mnemonic()} answered '{answer}'");
            }
        }
    }

    [Fact]
    public async Task ApplyAsync_DeletingTheHostOfATlsa_IsInvalidAndWritesNothing()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var set = await zone.NewSetAsync(Cancel);
        set.Add("www", RecordType.A, "192.0.2.80", 30, null).AllErrors.ShouldBeEmpty();
        set.Add("_443._tcp.www", RecordType.TLSA, "3 1 1 0c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6", 30, null).AllErrors.ShouldBeEmpty();
        await zone.ApplyAsync(set, Cancel);
        var serial = await zone.SerialAsync(Cancel);

        set = await zone.NewSetAsync(Cancel);
        set.Delete((await zone.RRsetAsync("www", RecordType.A, Cancel))!, "192.0.2.80").AllErrors.ShouldBeEmpty();
        var result = await zone.Commands.ApplyAsync(EditingZone.Operator, zone.Name, set, Cancel);

        result.ShouldBeOfType<ApplyResult.Invalid>().Errors.ShouldContain(e => e.StartsWith($"_443._tcp.www.{zone.Name} TLSA: www.{zone.Name} has no records"));
        (await zone.SerialAsync(Cancel)).ShouldBe(serial);
    }

    [Fact]
    public async Task ApplyAsync_RecordBelowExistingDname_IsInvalidAndWritesNothing()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var set = await zone.NewSetAsync(Cancel);
        set.Add("old", RecordType.DNAME, "new.example.net", 30, null).AllErrors.ShouldBeEmpty();
        await zone.ApplyAsync(set, Cancel);
        var serial = await zone.SerialAsync(Cancel);
        var rows = await zone.RowCountAsync(Cancel);

        set = await zone.NewSetAsync(Cancel);
        set.Add("www.old", RecordType.A, "192.0.2.1", 30, null).AllErrors.ShouldBeEmpty();
        var result = await zone.Commands.ApplyAsync(EditingZone.Operator, zone.Name, set, Cancel);

        result.ShouldBeOfType<ApplyResult.Invalid>().Errors
            .ShouldContain($"www.old.{zone.Name} A: the name is below the DNAME at old.{zone.Name}, so it would never be served (RFC 6672); remove one of them");
        (await zone.SerialAsync(Cancel)).ShouldBe(serial);
        (await zone.RowCountAsync(Cancel)).ShouldBe(rows);
    }

    [Fact]
    public async Task ApplyAsync_DnameAboveExistingRecords_IsInvalidAndWritesNothing()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var set = await zone.NewSetAsync(Cancel);
        set.Add("a.b.old", RecordType.TXT, "\"here\"", 30, null).AllErrors.ShouldBeEmpty();
        await zone.ApplyAsync(set, Cancel);
        var serial = await zone.SerialAsync(Cancel);

        set = await zone.NewSetAsync(Cancel);
        set.Add("old", RecordType.DNAME, "new.example.net", 30, null).AllErrors.ShouldBeEmpty();
        var result = await zone.Commands.ApplyAsync(EditingZone.Operator, zone.Name, set, Cancel);

        result.ShouldBeOfType<ApplyResult.Invalid>().Errors.ShouldContain(e => e.StartsWith($"a.b.old.{zone.Name} TXT: the name is below the DNAME at old.{zone.Name}"));
        (await zone.SerialAsync(Cancel)).ShouldBe(serial);
    }

    private static string Owner(string relative, string zone) => relative == "@" ? zone : $"{relative}.{zone}";

    /// <summary>Answers compared without case, quotes and spacing: dig splits long hex and quotes alpn; the data must be the same.</summary>
    private static string Normalize(string answer) =>
        string.Concat(answer.ToLowerInvariant().Where(c => !char.IsWhiteSpace(c) && c != '"'));

    private async Task<Dictionary<(string, string), string>> ContentsAsync(string zone)
    {
        await using var command = fixture.Get<RegionDataSources>().Primary.CreateCommand(
            "SELECT r.name, r.type, r.content FROM records r JOIN domains d ON d.id = r.domain_id WHERE d.name = @zone AND r.type IS NOT NULL");
        command.Parameters.AddWithValue("zone", zone);
        var result = new Dictionary<(string, string), string>();
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        while (await reader.ReadAsync(Cancel))
        {
            result[(reader.GetString(0), reader.GetString(1))] = reader.GetString(2);
        }
        return result;
    }

    /// <summary>Creates the same records through the primary's PowerDNS API (in its zone-file form) in a zone of its own, and reads back what it stored.</summary>
    private async Task<Dictionary<(string, string), string>> StoredByPowerDnsApiAsync(string zone)
    {
        var primary = fixture.Stack.Options.Regions.Single(r => r.Role == RegionRole.Primary);
        using var http = new HttpClient { BaseAddress = new Uri(primary.PowerDnsApiUrl + "/api/v1/servers/localhost/"), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add(PowerDnsApiClient.ApiKeyHeader, primary.PowerDnsApiKey);
        (await http.PostAsJsonAsync("zones", new { name = zone + ".", kind = "Native", nameservers = new[] { "ns1.example.net." } }, Cancel)).EnsureSuccessStatusCode();
        try
        {
            var rrsets = Records.GroupBy(r => (r.Name, r.Type)).Select(g => new
            {
                name = Owner(g.Key.Name, zone) + ".",
                type = g.Key.Type.Mnemonic(),
                ttl = 30,
                changetype = "REPLACE",
                records = g.Select(r => new { content = ZoneFileContent.ToZoneFile(r.Type, r.Content), disabled = false }).ToArray(),
            });
            using var patch = await http.PatchAsJsonAsync($"zones/{zone}.", new { rrsets }, Cancel);
            patch.IsSuccessStatusCode.ShouldBeTrue(await patch.Content.ReadAsStringAsync(Cancel));
            return await ContentsAsync(zone);
        }
        finally
        {
            (await http.DeleteAsync($"zones/{zone}.", Cancel)).EnsureSuccessStatusCode();
        }
    }

    private async Task<string> DigAsync(RegionOptions region, string name, string type)
    {
        var endpoint = System.Net.IPEndPoint.Parse(region.DnsEndpoint);
        var start = new ProcessStartInfo("dig") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "+short", "+norecurse", "+time=5", "+tries=1", $"@{endpoint.Address}", "-p", endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), name, type })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(Cancel);
        await process.WaitForExitAsync(Cancel);
        return output.Trim();
    }
}
