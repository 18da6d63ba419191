using Dashboard.Dns;
using Dashboard.Features.Search;
using Dashboard.Features.Zones;

namespace Dashboard.Tests.Zones;

public sealed class RRsetFilterTests
{
    [Fact]
    public void FromQuery_Nothing_IsTheDefaultView()
    {
        RRsetFilter.FromQuery(null, null, null, null, null, null).ShouldBe(new RRsetFilter());
    }

    [Fact]
    public void FromQuery_Values_AreNormalized()
    {
        var filter = RRsetFilter.FromQuery(" Swift- ", "OTTER", "mx", "-type", 3, 100);

        filter.ShouldBe(new RRsetFilter("swift-", "otter", RecordType.MX, RRsetSort.Type, Descending: true, Page: 2, PageSize: 100));
    }

    [Fact]
    public void FromQuery_Unusable_FallsBackToDefaults()
    {
        var filter = RRsetFilter.FromQuery("  ", "", "BOGUS", "weird", -4, 100_000);

        filter.ShouldBe(new RRsetFilter(PageSize: RRsetFilter.MaxPageSize));
    }

    [Fact]
    public void ToQuery_RoundTripsThroughFromQuery()
    {
        var filter = new RRsetFilter("www", "otter", RecordType.TXT, RRsetSort.Name, Descending: true, Page: 4, PageSize: 25);
        var q = filter.ToQuery();

        RRsetFilter.FromQuery(q["prefix"] as string, q["contains"] as string, q["type"] as string, q["sort"] as string, q["page"] as int?, q["size"] as int?)
            .ShouldBe(filter);
    }

    [Fact]
    public void ToQuery_DefaultView_HasNoValues()
    {
        new RRsetFilter().ToQuery().Values.ShouldAllBe(v => v == null);
    }

    [Theory]
    [InlineData("192.0.2.1", "192.0.2.1")]
    [InlineData(" 2001:DB8::1 ", "2001:db8::1")]
    [InlineData("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1")]
    public void AddressForms_Address_IncludesCanonicalForm(string input, string canonical)
    {
        SearchQueries.AddressForms(input).ShouldNotBeNull().ShouldContain(canonical);
    }

    [Theory]
    [InlineData("otter")]
    [InlineData("1")]
    [InlineData("10.1")]
    public void AddressForms_NotAnAddress_IsNull(string input)
    {
        SearchQueries.AddressForms(input).ShouldBeNull();
    }
}
