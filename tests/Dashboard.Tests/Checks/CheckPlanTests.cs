using Dashboard.Configuration;
using Dashboard.Dns;
using Dashboard.Features.Checks;

namespace Dashboard.Tests.Checks;

public sealed class CheckPlanTests
{
    private static readonly List<RegionOptions> Regions =
    [
        new() { Name = "us", Role = RegionRole.Primary },
        new() { Name = "eu", Role = RegionRole.Replica },
        new() { Name = "ap", Role = RegionRole.Replica },
        new() { Name = "sa", Role = RegionRole.Replica },
    ];

    private static CheckValidation Validate(string[] names, string[]? types = null, string[]? regions = null, int max = 1000) =>
        CheckPlan.Validate(names, types ?? ["A"], regions ?? [], Regions, max);

    [Fact]
    public void Validate_NamesAsTyped_NormalizedDeduplicatedBlankLinesDropped()
    {
        var plan = Validate(["WWW.Pro.Tunnel.Test.", "", "  ", "www.pro.tunnel.test", "_dmarc.pro.tunnel.test"]).Plan!;

        plan.Names.ShouldBe(["www.pro.tunnel.test", "_dmarc.pro.tunnel.test"]);
    }

    [Fact]
    public void Validate_NoRegions_IsEveryConfiguredRegionInOrder()
    {
        var plan = Validate(["a.test"]).Plan!;

        plan.Regions.Select(r => r.Name).ShouldBe(["us", "eu", "ap", "sa"]);
        plan.CellCount.ShouldBe(4);
    }

    [Fact]
    public void Validate_SomeRegions_KeepConfigurationOrder()
    {
        Validate(["a.test"], regions: ["ap", "US"]).Plan!.Regions.Select(r => r.Name).ShouldBe(["us", "ap"]);
    }

    [Fact]
    public void Validate_All_IsEveryCheckableType()
    {
        var plan = Validate(["a.test"], types: ["all"]).Plan!;

        plan.Types.ShouldBe([RecordType.A, RecordType.AAAA, RecordType.CNAME, RecordType.TXT, RecordType.MX, RecordType.NS, RecordType.SOA, RecordType.SRV, RecordType.CAA]);
    }

    [Fact]
    public void Validate_BadInput_EveryProblemNamedAndNoPlan()
    {
        var result = Validate(["ok.test", "bad..name", "-x-.test"], types: ["A", "PTR", "BOGUS"], regions: ["mars"]);

        result.IsValid.ShouldBeFalse();
        result.Plan.ShouldBeNull();
        result.Errors.ShouldContain(e => e.StartsWith("Line 2: ", StringComparison.Ordinal));
        result.Errors.ShouldContain(e => e.StartsWith("Line 3: ", StringComparison.Ordinal));
        result.Errors.ShouldContain(e => e.StartsWith("Type 'PTR' cannot be checked", StringComparison.Ordinal));
        result.Errors.ShouldContain(e => e.StartsWith("Type 'BOGUS' cannot be checked", StringComparison.Ordinal));
        result.Errors.ShouldContain("Region 'mars' is not configured; the regions are us, eu, ap, sa.");
    }

    [Fact]
    public void Validate_TooManyNames_Refused()
    {
        var result = Validate(Enumerable.Range(0, 11).Select(i => $"n{i}.test").ToArray(), max: 10);

        result.Errors.ShouldBe(["11 names; a check takes at most 10."]);
    }

    [Fact]
    public void Validate_NothingGiven_SaysWhat()
    {
        CheckPlan.Validate([""], [], [], Regions, 10).Errors.ShouldBe(["Enter at least one name.", "Choose at least one type."]);
    }

    [Fact]
    public void FlushTargets_FewMissesPerZone_OnePerNameAndRegion()
    {
        var targets = ResolutionChecks.FlushTargets([("eu", "a.z.test", "z.test"), ("eu", "b.z.test", "z.test"), ("ap", "a.z.test", "z.test"), ("eu", "a.z.test", "z.test")], zoneThreshold: 10);

        targets.Select(t => $"{t.Region} {t.Target}").ShouldBe(["ap a.z.test", "eu a.z.test", "eu b.z.test"]);
    }

    [Fact]
    public void FlushTargets_ManyMissesInOneZone_OneFlushAtItsApex()
    {
        var misses = Enumerable.Range(0, 11).Select(i => ("eu", $"n{i}.z.test", (string?)"z.test")).Append(("eu", "lone.other.test", null));

        var targets = ResolutionChecks.FlushTargets(misses, zoneThreshold: 10);

        targets.Count.ShouldBe(2);
        targets.ShouldContain(t => t.Target == "z.test" && t.Names.Count == 11);
        targets.ShouldContain(t => t.Target == "lone.other.test");
    }
}
