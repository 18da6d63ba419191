using Dashboard.Dns;

namespace Dashboard.Tests.Dns;

public class TtlRulesTests
{
    private static readonly TtlBounds Free = new(30, 86400, "free");

    [Theory]
    [InlineData("0", "0")]
    [InlineData(" 3600 ", "3600")]
    [InlineData("2147483647", "2147483647")]
    public void Validate_InRange_IsValid(string input, string expected)
    {
        TtlRules.Validate(input).Value.ShouldBe(expected);
    }

    [Theory]
    [InlineData("2147483648")]
    [InlineData("-1")]
    [InlineData("1h")]
    [InlineData("")]
    public void Validate_OutOfRangeOrNotNumber_IsInvalid(string input)
    {
        TtlRules.Validate(input).Errors.ShouldBe(["TTL must be a whole number of seconds from 0 to 2147483647"]);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(3600)]
    [InlineData(86400)]
    public void CheckTier_WithinBounds_ReturnsNull(int ttl)
    {
        TtlRules.CheckTier(ttl, Free).ShouldBeNull();
    }

    [Fact]
    public void CheckTier_BelowMinimum_ExplainsTier()
    {
        TtlRules.CheckTier(5, Free).ShouldBe("TTL 5 is below this zone's minimum of 30 seconds (free tier)");
    }

    [Fact]
    public void CheckTier_AboveMaximum_ExplainsTier()
    {
        TtlRules.CheckTier(86401, Free).ShouldBe("TTL 86401 is above this zone's maximum of 86400 seconds (free tier)");
    }

    [Fact]
    public void Check_Negative_ReturnsError()
    {
        TtlRules.Check(-1).ShouldNotBeNull();
        TtlRules.Check(0).ShouldBeNull();
    }
}
