using Dashboard.Components.Shared;
using Dashboard.Dns;
using Dashboard.Features.Zones;

namespace Dashboard.Tests.Zones;

public sealed class QueryReaderTests
{
    [Theory]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("2147483648")]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("1e3")]
    [InlineData("0x10")]
    [InlineData("+3")]
    [InlineData("\uff11")]
    [InlineData("\0")]
    public void Number_Unusable_IsNullAndNamed(string raw)
    {
        var reader = new QueryReader();

        reader.Number("page", raw, 1_000).ShouldBeNull();

        reader.Ignored.ShouldHaveSingleItem().ShouldStartWith("page=");
    }

    [Fact]
    public void Number_AboveMax_IsNullAndNamed()
    {
        var reader = new QueryReader();

        reader.Number("size", "201", 200).ShouldBeNull();

        reader.Ignored.ShouldHaveSingleItem().ShouldContain("from 1 to 200");
    }

    [Fact]
    public void Text_ControlCharacter_IsRefusedAndShownVisibly()
    {
        var reader = new QueryReader();

        reader.Text("prefix", "a\0b").ShouldBeNull();

        reader.Ignored.ShouldHaveSingleItem().ShouldBe(@"prefix=a\u0000b: it contains a control character");
    }

    [Fact]
    public void Text_TooLong_IsRefused()
    {
        var reader = new QueryReader();

        reader.Text("q", new string('a', QueryReader.MaxTextLength + 1)).ShouldBeNull();

        reader.Ignored.ShouldHaveSingleItem().ShouldEndWith($"longer than {QueryReader.MaxTextLength} characters");
    }

    [Fact]
    public void Values_Usable_AreReadWithoutNotice()
    {
        var reader = new QueryReader();

        reader.Text("q", " otter ").ShouldBe("otter");
        reader.Number("page", "12", 100).ShouldBe(12);
        reader.OneOf("sort", "-TYPE", ["name", "-type"]).ShouldBe("-type");
        reader.Date("from", "2026-11-30").ShouldBe(new DateTime(2026, 11, 30));
        reader.Ignored.ShouldBeEmpty();
    }

    [Fact]
    public void RRsetFilterFromUrl_CraftedValues_FallBackToDefaultsAndNameEach()
    {
        var reader = new QueryReader();

        var filter = RRsetFilter.FromUrl(reader, "a\0", "b\0", "BOGUS", "weird", "abc", "1000000");

        filter.ShouldBe(new RRsetFilter());
        reader.Ignored.Count.ShouldBe(6);
    }

    [Fact]
    public void RRsetFilterFromUrl_GoodValues_AreTheFilter()
    {
        var reader = new QueryReader();

        var filter = RRsetFilter.FromUrl(reader, "Swift", null, "mx", "-type", "3", "100");

        filter.ShouldBe(new RRsetFilter("swift", null, RecordType.MX, RRsetSort.Type, Descending: true, Page: 2, PageSize: 100));
        reader.Ignored.ShouldBeEmpty();
    }
}
