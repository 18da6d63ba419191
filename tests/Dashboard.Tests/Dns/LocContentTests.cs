using Dashboard.Dns;

namespace Dashboard.Tests.Dns;

public class LocContentTests
{
    [Theory]
    // RFC 1876 §4 examples, stored as PowerDNS 4.7.3's API stores them (checked on the stack)
    [InlineData("42 21 54 N 71 06 18 W -24m 30m", "42 21 54.000 N 71 6 18.000 W -24.00m 30.00m 10000.00m 10.00m")]
    [InlineData("42 21 43.952 N 71 5 6.344 W -24m 1m 200m", "42 21 43.952 N 71 5 6.344 W -24.00m 1.00m 200.00m 10.00m")]
    [InlineData("52 14 05 N 00 08 50 E 10m", "52 14 5.000 N 0 8 50.000 E 10.00m 1.00m 10000.00m 10.00m")]
    [InlineData("32 7 19 S 116 2 25 E 10m", "32 7 19.000 S 116 2 25.000 E 10.00m 1.00m 10000.00m 10.00m")]
    [InlineData("42 21 28.764 N 71 00 51.617 W -44m 2000m", "42 21 28.764 N 71 0 51.617 W -44.00m 2000.00m 10000.00m 10.00m")]
    [InlineData("52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000.00m 10.00m", "52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000.00m 10.00m")]
    [InlineData("42 N 71 W 0", "42 0 0.000 N 71 0 0.000 W 0.00m 1.00m 10000.00m 10.00m")]
    [InlineData("0 0 0 N 0 0 0 E 1m", "0 0 0.000 S 0 0 0.000 W 1.00m 1.00m 10000.00m 10.00m")]
    [InlineData("90 S 180 E -100000m 0.5m 0.01m 40000000m", "90 0 0.000 S 180 0 0.000 E -100000.00m 0.50m 0.01m 40000000.00m")]
    public void Validate_RfcExamples_StoredAsPowerDnsApiStoresThem(string input, string expected)
    {
        var result = LocContent.Validate(input);
        result.IsValid.ShouldBeTrue(string.Join("; ", result.Errors));
        result.Value.ShouldBe(expected);
        LocContent.Validate(result.Value!).Value.ShouldBe(expected);
    }

    [Theory]
    [InlineData("91 0 0 N 0 0 0 E 1m", "LOC latitude degrees must be a whole number from 0 to 90; '91' is not")]
    [InlineData("90 1 0 N 0 0 0 E 1m", "LOC latitude cannot be beyond 90 degrees")]
    [InlineData("10 60 0 N 0 0 0 E 1m", "LOC latitude minutes must be a whole number from 0 to 59; '60' is not")]
    [InlineData("10 0 60 N 0 0 0 E 1m", "LOC latitude seconds must be a number from 0 to 59.999")]
    [InlineData("10 0 1.0005 N 0 0 0 E 1m", "LOC latitude seconds must be a number from 0 to 59.999 with at most 3 decimals")]
    [InlineData("10 0 0 N 181 0 0 E 1m", "LOC longitude degrees must be a whole number from 0 to 180")]
    [InlineData("10 0 0 X 1 0 0 E 1m", "LOC latitude must end in N or S, not 'X'")]
    [InlineData("10 0 0 N 1 0 0 N 1m", "LOC longitude must end in E or W, not 'N'")]
    [InlineData("10 0 0 N 1 0 0 E", "LOC altitude is missing")]
    [InlineData("10 0 0 N 1 0 0 E -100000.01m", "LOC altitude must be metres from -100000 to 21374836.47")]
    [InlineData("10 0 0 N 1 0 0 E 1.005m", "LOC altitude must be metres from -100000 to 21374836.47 with at most 2 decimals")]
    [InlineData("10 0 0 N 1 0 0 E 1m 12345m", "LOC size 12345m cannot be served exactly: the wire form keeps one significant digit (like 10000m)")]
    [InlineData("10 0 0 N 1 0 0 E 1m 1m 250m", "LOC horizontal precision 250m cannot be served exactly")]
    [InlineData("10 0 0 N 1 0 0 E 1m 1m 1m 50000000m", "LOC vertical precision must be metres from 0 to 40000000")]
    [InlineData("10 0 0 N 1 0 0 E 1m 1m 1m 1m 1m", "LOC content has extra text '1m' after the vertical precision")]
    [InlineData("somewhere", "LOC latitude must be degrees")]
    public void Validate_Bad_SaysWhichField(string input, string message)
    {
        var result = LocContent.Validate(input);
        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldContain(e => e.StartsWith(message), string.Join("; ", result.Errors));
    }
}
