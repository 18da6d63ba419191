using Dashboard.Dns;
using Dashboard.Features.Search;
using Dashboard.Features.Zones;
using Dashboard.TestSupport;

namespace Dashboard.IntegrationTests.Zones;

public sealed class SearchAndExportTests(StackFixture fixture)
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SearchAsync_IpAddress_FindsEveryNamePointingToIt()
    {
        var ip = $"2001:db8:{Random.Shared.Next(1, 0xffff):x}::77";
        await using var one = await ThrowawayZone.InsertAsync(fixture.Services, "Free");
        await using var two = await ThrowawayZone.InsertAsync(fixture.Services, "Pro");
        await one.AddAsync("a", "AAAA", ip);
        await two.AddAsync("b", "AAAA", ip.ToUpperInvariant());
        await two.AddAsync("c", "TXT", $"\"{ip}\"");

        var found = await fixture.Get<SearchQueries>().SearchAsync(EditingZone.Reader, ip.Replace("::", ":0:0:0:0:", StringComparison.Ordinal), 0, 50, Cancel);

        found.IsAddressSearch.ShouldBeTrue();
        found.Items.Select(h => (h.Zone, h.Name)).ShouldBe([(one.Name, $"a.{one.Name}"), (two.Name, $"b.{two.Name}")], ignoreOrder: true);
    }

    [Fact]
    public async Task SearchAsync_IpAddress_FollowsCnamesInTheSameZoneAndCountsEveryHit()
    {
        var ip = $"2001:db8:{Random.Shared.Next(1, 0xffff):x}::78";
        await using var one = await ThrowawayZone.InsertAsync(fixture.Services, "Free");
        await using var two = await ThrowawayZone.InsertAsync(fixture.Services, "Free");
        await one.AddAsync("edge", "AAAA", ip);
        await one.AddAsync("t1", "CNAME", $"edge.{one.Name}");
        await one.AddAsync("t2", "CNAME", $"edge.{one.Name}");
        await one.AddAsync("alias", "CNAME", $"t1.{one.Name}");
        await one.AddAsync("far", "CNAME", $"alias.{one.Name}");
        await one.AddAsync("too-far", "CNAME", $"far.{one.Name}");
        await two.AddAsync("elsewhere", "CNAME", $"edge.{one.Name}");

        var first = await fixture.Get<SearchQueries>().SearchAsync(EditingZone.Reader, ip, 0, 3, Cancel);
        var second = await fixture.Get<SearchQueries>().SearchAsync(EditingZone.Reader, ip, 1, 3, Cancel);

        first.Total.ShouldBe(5);
        first.HasMore.ShouldBeTrue();
        second.HasMore.ShouldBeFalse();
        first.Items.Concat(second.Items).Select(h => (h.Name, h.Depth)).ShouldBe(
        [
            ($"edge.{one.Name}", 0),
            ($"t1.{one.Name}", 1),
            ($"t2.{one.Name}", 1),
            ($"alias.{one.Name}", 2),
            ($"far.{one.Name}", SearchQueries.MaxCnameDepth),
        ]);
    }

    [Fact]
    public async Task SearchAsync_DemoEdgeAddress_FindsTheTunnelsCnamedToIt()
    {
        // free.tunnel.test: half of its 10,000 tunnels are CNAMEs to us.edge.free.tunnel.test (192.0.2.10).
        var found = await fixture.Get<SearchQueries>().SearchAsync(EditingZone.Reader, "192.0.2.10", 0, 50, Cancel);

        found.Total.ShouldBeGreaterThanOrEqualTo(5_001);
        found.Items.Count.ShouldBe(50);
        found.Items[0].Name.ShouldBe("us.edge.free.tunnel.test");
        found.Items.Skip(1).ShouldAllBe(h => h.Type == "CNAME" && h.Depth == 1);
    }

    [Fact]
    public async Task SearchAsync_Text_FindsNamesAndContentsAcrossZonesAndPages()
    {
        var token = $"srch{Guid.NewGuid():N}"[..12];
        await using var one = await ThrowawayZone.InsertAsync(fixture.Services, "Free");
        await using var two = await ThrowawayZone.InsertAsync(fixture.Services, "Pro");
        await one.AddAsync($"{token}-x", "CNAME", "us.edge.free.tunnel.test");
        await two.AddAsync("verify", "TXT", $"\"site={token}\"");

        var first = await fixture.Get<SearchQueries>().SearchAsync(EditingZone.Reader, token.ToUpperInvariant(), 0, 1, Cancel);
        var second = await fixture.Get<SearchQueries>().SearchAsync(EditingZone.Reader, token, 1, 1, Cancel);

        first.Items.ShouldHaveSingleItem();
        first.Total.ShouldBe(2);
        first.HasMore.ShouldBeTrue();
        second.HasMore.ShouldBeFalse();
        first.Items.Concat(second.Items).Select(h => h.Zone).Order().ShouldBe(new[] { one.Name, two.Name }.Order());
    }

    [Fact]
    public async Task WriteAsync_Zone_IsByteIdenticalToZoneFileWriter()
    {
        await using var zone = await ThrowawayZone.InsertAsync(fixture.Services, "Pro");
        await zone.AddAsync(zone.Name, "NS", "ns2.tunnel.test", 3600);
        await zone.AddAsync(zone.Name, "NS", "ns1.tunnel.test", 3600);
        await zone.AddAsync(zone.Name, "MX", "mx2.example.test", prio: 20);
        await zone.AddAsync(zone.Name, "MX", "10 mx1.example.test");
        await zone.AddAsync("*", "A", "192.0.2.9");
        await zone.AddAsync("b.a", "A", "192.0.2.2");
        await zone.AddAsync("a", "TXT", "\"hello world\"");
        await zone.AddAsync("z", "AAAA", "2001:db8::1", disabled: true);
        await zone.AddAsync("_sip._tcp", "SRV", "0 5 5060 sip.example.test");
        var rows = await fixture.Get<RecordQueries>().GetPageAsync(EditingZone.Reader, zone.Name, new RRsetFilter(PageSize: 200), Cancel);
        var records = rows.Items.SelectMany(r => r.Records.Select(x => new ZoneRecord(r.Name, r.Type, x.Content, r.Ttl, x.Disabled)));
        var writer = new StringWriter { NewLine = "\n" };

        var count = await fixture.Get<ZoneExporter>().WriteAsync(EditingZone.Reader, zone.Name, writer, Cancel);

        count.ShouldBe(10);
        writer.ToString().ShouldBe(ZoneFileWriter.Write(zone.Name, records));
    }
}
