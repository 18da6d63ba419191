using Dashboard.Dns;
using Npgsql;
using TunnelSimulator;

namespace Dashboard.Tests.Tools;

public sealed class TunnelNamesTests
{
    private const string Zone = "free.tunnel.test";

    [Fact]
    public void New_IsTenLowercaseHexDigitsFromFiveRandomBytes()
    {
        var name = TunnelNames.New(Zone, n => n == 5 ? [0x01, 0x23, 0x45, 0xab, 0xcd] : throw new ArgumentException($"asked for {n} bytes"));

        name.ShouldBe("t-012345abcd.free.tunnel.test");
        TunnelNames.IsTunnel(name, Zone).ShouldBeTrue();
    }

    [Fact]
    public void New_TwoNames_Differ()
    {
        TunnelNames.New(Zone).ShouldNotBe(TunnelNames.New(Zone));
    }

    [Theory]
    [InlineData("t-012345abcd.other.test")]
    [InlineData("t-012345ABCD.free.tunnel.test")]
    [InlineData("t-012345abc.free.tunnel.test")]
    [InlineData("t-012345abcde.free.tunnel.test")]
    [InlineData("t-012345abcd.x.free.tunnel.test")]
    [InlineData("x.t-012345abcd.free.tunnel.test")]
    [InlineData("brave-otter-1a2b.free.tunnel.test")]
    [InlineData("us.edge.free.tunnel.test")]
    public void IsTunnel_OtherNames_AreNotTunnels(string name)
    {
        TunnelNames.IsTunnel(name, Zone).ShouldBeFalse();
    }

    [Fact]
    public void LikePattern_MatchesTheNameShape()
    {
        TunnelNames.LikePattern(Zone).ShouldBe("t-__________.free.tunnel.test");
    }
}

public sealed class RatePacerTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void Next_OnTime_SpacesOperationsOneOverRateApart()
    {
        var pacer = new RatePacer(20, TimeSpan.Zero);

        pacer.Next(TimeSpan.Zero).ShouldBe(TimeSpan.Zero);
        pacer.Next(TimeSpan.Zero).ShouldBe(Ms(50));
        pacer.Next(Ms(50)).ShouldBe(Ms(50));
    }

    [Fact]
    public void Next_AfterASlowOperation_WaitsLessToKeepTheSchedule()
    {
        var pacer = new RatePacer(10, TimeSpan.Zero);
        pacer.Next(TimeSpan.Zero);

        pacer.Next(Ms(70)).ShouldBe(Ms(30));
        pacer.Next(Ms(250)).ShouldBe(TimeSpan.Zero); // due at 200 ms: late, no wait
        pacer.Next(Ms(260)).ShouldBe(Ms(40));        // due at 300 ms
    }

    [Fact]
    public void Next_MoreThanMaxBacklogBehind_RestartsFromNowInsteadOfBursting()
    {
        var pacer = new RatePacer(20, TimeSpan.Zero);
        pacer.Next(TimeSpan.Zero);

        var now = TimeSpan.FromSeconds(5);
        pacer.Next(now).ShouldBe(TimeSpan.Zero);
        pacer.Next(now).ShouldBe(Ms(50));
    }

    [Fact]
    public void Next_OverTenSeconds_IssuesRateTimesTenOperations()
    {
        var pacer = new RatePacer(20, TimeSpan.Zero);
        var now = TimeSpan.Zero;
        var count = 0;
        while (true)
        {
            now += pacer.Next(now);
            if (now >= TimeSpan.FromSeconds(10))
            {
                break;
            }
            count++;
        }

        count.ShouldBe(200);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void New_RateNotPositive_Throws(double rate)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new RatePacer(rate, TimeSpan.Zero));
    }
}

public sealed class PopulationPolicyTests
{
    [Fact]
    public void Decide_BelowTheBound_Creates_AtIt_Removes()
    {
        var policy = new PopulationPolicy(500);

        policy.Decide(0).ShouldBe(TunnelAction.Create);
        policy.Decide(499).ShouldBe(TunnelAction.Create);
        policy.Decide(500).ShouldBe(TunnelAction.Remove);
        policy.Decide(501).ShouldBe(TunnelAction.Remove);
    }

    [Fact]
    public void Decide_OnceAtTheBound_RemovesAsManyAsItCreates()
    {
        var policy = new PopulationPolicy(500);
        int live = 0, created = 0, removed = 0;
        for (var step = 0; step < 2000; step++)
        {
            if (policy.Decide(live) == TunnelAction.Create) { live++; created++; } else { live--; removed++; }
            live.ShouldBeLessThanOrEqualTo(500);
        }

        live.ShouldBe(500);
        created.ShouldBe(1250);
        removed.ShouldBe(750);
    }

    [Fact]
    public void New_BoundBelowOne_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new PopulationPolicy(0));
    }
}

public sealed class SoaSerialBumpTests
{
    [Theory]
    [InlineData(2026113001L, 2026113002L)]   // today's serial: + 1
    [InlineData(2026112905L, 2026113000L)]   // yesterday's: today's YYYYMMDD00
    [InlineData(2026113099L, 2026113100L)]   // 100 changes today: + 1 all the same (the dashboard's rule)
    [InlineData(1L, 2026113000L)]
    public void Next_OnNovember30(long current, long expected)
    {
        SoaSerialBump.Next(current, new DateOnly(2026, 11, 30)).ShouldBe(expected);
    }

    /// <summary>The simulator keeps the dashboard's rule by hand: the same answer as <see cref="SoaSerial.TryNext"/> everywhere.</summary>
    [Fact]
    public void Next_AgreesWithTheDashboardsSoaSerial()
    {
        var random = new Random(42);
        var currents = new List<long> { 0, 1, 2026113000, 2026113099, 2147483647, 2147483648, 4294967294, 4294967295 };
        for (var i = 0; i < 2000; i++)
        {
            currents.Add(random.NextInt64(0, 1L << 32));
        }
        foreach (var current in currents)
        {
            var today = new DateOnly(2000, 1, 1).AddDays(random.Next(0, 40000));
            SoaSerial.TryNext(current, today, null, out var expected, out var error).ShouldBeTrue(error);

            SoaSerialBump.Next(current, today).ShouldBe(expected, $"current {current}, {today:yyyy-MM-dd}");
        }
    }

    [Fact]
    public void Bump_RewritesOnlyTheSerial()
    {
        var (content, serial) = SoaSerialBump.Bump("ns1.tunnel.test hostmaster.tunnel.test 2026113001 10800 3600 604800 10", new DateOnly(2026, 11, 30));

        serial.ShouldBe(2026113002);
        content.ShouldBe("ns1.tunnel.test hostmaster.tunnel.test 2026113002 10800 3600 604800 10");
    }

    [Theory]
    [InlineData("ns1.tunnel.test hostmaster.tunnel.test 2026113001 10800 3600 604800")]
    [InlineData("ns1.tunnel.test hostmaster.tunnel.test x 10800 3600 604800 10")]
    [InlineData("ns1.tunnel.test hostmaster.tunnel.test -5 10800 3600 604800 10")]
    [InlineData("ns1.tunnel.test hostmaster.tunnel.test 4294967296 10800 3600 604800 10")]
    public void Bump_NotAnSoaWithA32BitSerial_Throws(string content)
    {
        Should.Throw<FormatException>(() => SoaSerialBump.Bump(content, new DateOnly(2026, 11, 30)));
    }
}

public sealed class SimulatorErrorTests
{
    [Theory]
    [InlineData("08006", true)]  // connection failure
    [InlineData("57P01", true)]  // admin shutdown
    [InlineData("53300", true)]  // too many connections
    [InlineData("25006", true)]  // read-only transaction: talking to a standby
    [InlineData("DH001", false)] // a trigger's own SQLSTATE (a takedown hold): refused, not unavailable
    [InlineData("23505", false)] // unique violation
    [InlineData("40P01", false)] // deadlock victim
    public void IsUnavailable_BacksOffOnlyWhenTheServerCannotTakeWrites(string sqlState, bool unavailable)
    {
        var error = new PostgresException("test", "ERROR", "ERROR", sqlState);

        Simulator.IsUnavailable(error).ShouldBe(unavailable);
    }
}
