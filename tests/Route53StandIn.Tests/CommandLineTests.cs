namespace Route53StandIn.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void Records_go_into_the_longest_zone_they_are_in()
    {
        var options = CommandLine.Parse(
        [
            "--port", "8053", "--pending", "500ms", "--rate", "0",
            "--zone", "example.test.", "--zone", "sub.example.test",
            "--record", "a.example.test.|A|us|us-east-1|60|192.0.2.10",
            "--record", "b.sub.example.test.|A|||300|192.0.2.1, 192.0.2.2",
        ]);

        options.Port.ShouldBe(8053);
        options.PendingFor.ShouldBe(TimeSpan.FromMilliseconds(500));
        options.MaxRequestsPerSecond.ShouldBe(0);
        options.Zones.Select(z => z.Name).ShouldBe(["example.test.", "sub.example.test."]);
        var latency = options.Zones[0].RecordSets.ShouldHaveSingleItem();
        latency.SetIdentifier.ShouldBe("us");
        latency.Region.ShouldBe("us-east-1");
        latency.Ttl.ShouldBe(60);
        var simple = options.Zones[1].RecordSets.ShouldHaveSingleItem();
        simple.SetIdentifier.ShouldBeNull();
        simple.Values.ShouldBe(["192.0.2.1", "192.0.2.2"]);
    }

    [Theory]
    [InlineData("60s", 60)]
    [InlineData("2m", 120)]
    [InlineData("1.5", 1.5)]
    public void Durations_take_a_unit(string text, double seconds) =>
        CommandLine.ParseDuration(text).ShouldBe(TimeSpan.FromSeconds(seconds));

    [Fact]
    public void A_record_in_no_zone_is_refused() =>
        Should.Throw<ArgumentException>(() => CommandLine.Parse(["--zone", "example.test.", "--record", "a.other.test.|A|||60|192.0.2.1"]))
            .Message.ShouldContain("in no --zone");

    [Fact]
    public void A_seed_file_gives_zones_with_ids()
    {
        var path = Path.Combine(Path.GetTempPath(), $"route53-standin-seed-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """
            {"zones":[{"name":"example.test.","id":"ZSEEDED0000000000001","records":[
              {"name":"a.example.test.","type":"A","ttl":60,"values":["192.0.2.10"],"setIdentifier":"us","region":"us-east-1"}]}]}
            """);
        try
        {
            var zone = CommandLine.Parse(["--seed-file", path]).Zones.ShouldHaveSingleItem();

            zone.Id.ShouldBe("ZSEEDED0000000000001");
            zone.RecordSets.ShouldHaveSingleItem().Region.ShouldBe("us-east-1");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Names_are_kept_lower_case_absolute_and_octal_escaped()
    {
        DnsNames.Canonical("*.Example.TEST").ShouldBe("\\052.example.test.");
        DnsNames.Canonical("\\052.example.test.").ShouldBe("\\052.example.test.");
        DnsNames.ReversedKey("www.example.com.").ShouldBe("com.example.www.");
    }
}
