using Dashboard.Dns;
using Dashboard.Features.Zones;
using Dashboard.TestSupport;

namespace Dashboard.IntegrationTests.Zones;

public sealed class RecordQueriesTests(StackFixture fixture)
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;
    private RecordQueries Queries => fixture.Get<RecordQueries>();

    [Fact]
    public async Task GetPageAsync_ManyRRsets_NeverReturnsMoreThanPageSizeAndPagesInOrder()
    {
        await using var zone = await ThrowawayZone.InsertAsync(fixture.Services, "Free");
        for (var i = 0; i < 12; i++)
        {
            await zone.AddAsync($"host{i:00}", "A", $"192.0.2.{i + 1}");
            await zone.AddAsync($"host{i:00}", "A", $"198.51.100.{i + 1}");
        }

        var first = await Queries.GetPageAsync(EditingZone.Reader, zone.Name, new RRsetFilter(PageSize: 5), Cancel);
        var third = await Queries.GetPageAsync(EditingZone.Reader, zone.Name, new RRsetFilter(Page: 2, PageSize: 5), Cancel);

        first.Items.Count.ShouldBe(5);
        first.HasMore.ShouldBeTrue();
        third.HasMore.ShouldBeFalse();
        (await Queries.CountAsync(EditingZone.Reader, zone.Name, new RRsetFilter(Page: 2, PageSize: 5), Cancel)).ShouldBe(13);
        first.Items.Select(r => r.Name).ShouldBe(first.Items.Select(r => r.Name).Order(StringComparer.Ordinal));
        first.Items[1].Records.Count.ShouldBe(2);
        third.Items.Count.ShouldBe(3);
        third.Items.Select(r => r.Name).ShouldBe([$"host10.{zone.Name}", $"host11.{zone.Name}", zone.Name]);
    }

    [Fact]
    public async Task GetPageAsync_PrefixSubstringAndTypeFilters_ReturnOnlyMatchingRRsets()
    {
        await using var zone = await ThrowawayZone.InsertAsync(fixture.Services, "Free");
        await zone.AddAsync("swift-otter-1", "CNAME", "us.edge.free.tunnel.test");
        await zone.AddAsync("swift-otter-1", "TXT", "\"v=1\"");
        await zone.AddAsync("calm-otter-2", "CNAME", "eu.edge.free.tunnel.test");
        await zone.AddAsync("swift-falcon-3", "CNAME", "ap.edge.free.tunnel.test");
        await zone.AddAsync("a_b", "TXT", "\"underscore\"");

        var prefix = await Queries.GetPageAsync(EditingZone.Reader, zone.Name, new RRsetFilter(Prefix: "swift-"), Cancel);
        var substring = await Queries.GetPageAsync(EditingZone.Reader, zone.Name, new RRsetFilter(Contains: "otter"), Cancel);
        var typed = await Queries.GetPageAsync(EditingZone.Reader, zone.Name, new RRsetFilter(Contains: "otter", Type: RecordType.TXT), Cancel);
        var literalUnderscore = await Queries.GetPageAsync(EditingZone.Reader, zone.Name, new RRsetFilter(Contains: "_"), Cancel);

        prefix.Items.Select(r => (r.Name, r.Type)).ShouldBe([
            ($"swift-falcon-3.{zone.Name}", RecordType.CNAME),
            ($"swift-otter-1.{zone.Name}", RecordType.CNAME),
            ($"swift-otter-1.{zone.Name}", RecordType.TXT)]);
        substring.Items.Select(r => r.Name).Distinct().Order().ShouldBe([$"calm-otter-2.{zone.Name}", $"swift-otter-1.{zone.Name}"]);
        typed.Items.ShouldHaveSingleItem().Type.ShouldBe(RecordType.TXT);
        literalUnderscore.Items.ShouldHaveSingleItem().Name.ShouldBe($"a_b.{zone.Name}");
    }

    [Fact]
    public async Task GetPageAsync_SortByTypeDescending_OrdersByTypeThenName()
    {
        await using var zone = await ThrowawayZone.InsertAsync(fixture.Services, "Free");
        await zone.AddAsync("b", "A", "192.0.2.1");
        await zone.AddAsync("a", "TXT", "\"x\"");

        var page = await Queries.GetPageAsync(EditingZone.Reader, zone.Name, new RRsetFilter(Sort: RRsetSort.Type, Descending: true), Cancel);

        page.Items.Select(r => r.Type).ShouldBe([RecordType.TXT, RecordType.SOA, RecordType.A]);
    }

    [Fact]
    public async Task GetRRsetAsync_MxInBothStorageForms_PresentsPriorityAndContent()
    {
        await using var zone = await ThrowawayZone.InsertAsync(fixture.Services, "Pro");
        await zone.AddAsync(zone.Name, "MX", "10 mx1.example.test");
        await zone.AddAsync(zone.Name, "MX", "mx2.example.test", prio: 20);

        var rrset = await Queries.GetRRsetAsync(EditingZone.Reader, zone.Name, zone.Name, RecordType.MX, Cancel);

        rrset.ShouldNotBeNull().Records.Select(r => r.Content).ShouldBe(["10 mx1.example.test", "20 mx2.example.test"]);
    }

    [Fact]
    public async Task GetRRsetAsync_RowChangesUnderneath_VersionChanges()
    {
        await using var zone = await ThrowawayZone.InsertAsync(fixture.Services, "Free");
        var id = await zone.AddAsync("www", "A", "192.0.2.1");
        var before = (await Queries.GetRRsetAsync(EditingZone.Reader, zone.Name, $"www.{zone.Name}", RecordType.A, Cancel)).ShouldNotBeNull();

        await zone.ExecuteAsync("UPDATE records SET ttl = 31 WHERE id = $1", id);
        var after = (await Queries.GetRRsetAsync(EditingZone.Reader, zone.Name, $"www.{zone.Name}", RecordType.A, Cancel)).ShouldNotBeNull();
        var again = (await Queries.GetRRsetAsync(EditingZone.Reader, zone.Name, $"www.{zone.Name}", RecordType.A, Cancel)).ShouldNotBeNull();

        after.Version.ShouldNotBe(before.Version);
        again.Version.ShouldBe(after.Version);
        after.Ttl.ShouldBe(31);
    }

    [Fact]
    public async Task GetPageAsync_DisabledRecord_IsReturnedMarkedDisabled()
    {
        await using var zone = await ThrowawayZone.InsertAsync(fixture.Services, "Free");
        await zone.AddAsync("www", "A", "192.0.2.1", disabled: true);

        var page = await Queries.GetPageAsync(EditingZone.Reader, zone.Name, new RRsetFilter(Prefix: "www."), Cancel);

        page.Items.ShouldHaveSingleItem().Records.ShouldHaveSingleItem().Disabled.ShouldBeTrue();
    }

    [Fact]
    public async Task GetRRsetAsync_Missing_ReturnsNull()
    {
        await using var zone = await ThrowawayZone.InsertAsync(fixture.Services, "Free");

        (await Queries.GetRRsetAsync(EditingZone.Reader, zone.Name, $"nope.{zone.Name}", RecordType.A, Cancel)).ShouldBeNull();
    }
}
