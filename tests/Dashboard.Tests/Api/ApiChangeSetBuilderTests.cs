using Dashboard.Dns;
using Dashboard.Features.Api;

namespace Dashboard.Tests.Api;

public sealed class ApiChangeSetBuilderTests
{
    private const string Zone = "pro.tunnel.test";
    private static readonly ZonePolicy Policy = new(new TtlBounds(60, 86400, "pro"), 300, 300);
    private static readonly IReadOnlyDictionary<RRsetKey, RRsetRow> Nothing = new Dictionary<RRsetKey, RRsetRow>();

    [Fact]
    public void Build_RelativeAndAbsoluteNames_StageOneRRsetEach_InRequestOrder()
    {
        var built = ApiChangeSetBuilder.Build(Zone, Policy, Request(
            Change("www", "A", 300, null, "192.0.2.1", "192.0.2.2"),
            Change("api.pro.tunnel.test.", "AAAA", 300, null, "2001:db8::1")), Nothing, 10);

        built.Errors.ShouldBeEmpty();
        built.Conflicts.ShouldBeEmpty();
        built.Keys.Select(k => k.ToString()).ShouldBe(["www.pro.tunnel.test A", "api.pro.tunnel.test AAAA"]);
        built.Set!.Count.ShouldBe(3);
    }

    [Fact]
    public void Build_AVersionThatIsNotTheStoredOne_IsAConflictAtItsIndex_AndNothingIsStaged()
    {
        var stored = Row("www.pro.tunnel.test", "192.0.2.1");

        var built = ApiChangeSetBuilder.Build(Zone, Policy, Request(
            Change("new", "A", 300, null, "192.0.2.7"),
            Change("www", "A", 300, "not-the-version", "192.0.2.9")), new Dictionary<RRsetKey, RRsetRow> { [Key(stored)] = stored }, 10);

        built.Set.ShouldBeNull();
        built.Conflicts.ShouldBe([new RRsetConflictDto(1, "www.pro.tunnel.test A")]);
    }

    [Fact]
    public void Build_NoVersionForAnRRsetThatExists_IsAConflict()
    {
        var stored = Row("www.pro.tunnel.test", "192.0.2.1");

        var built = ApiChangeSetBuilder.Build(Zone, Policy, Request(Change("www", "A", 300, null, "192.0.2.9")),
            new Dictionary<RRsetKey, RRsetRow> { [Key(stored)] = stored }, 10);

        built.Conflicts.Single().Index.ShouldBe(0);
    }

    [Fact]
    public void Build_TheStoredVersionAndNoRecords_DeletesTheRRset()
    {
        var stored = Row("www.pro.tunnel.test", "192.0.2.1");

        var built = ApiChangeSetBuilder.Build(Zone, Policy, Request(Change("www", "A", null, stored.Version)),
            new Dictionary<RRsetKey, RRsetRow> { [Key(stored)] = stored }, 10);

        built.Errors.ShouldBeEmpty();
        built.Set!.Diff().Single().Changes.Single().Action.ShouldBe(Dashboard.Features.Audit.AuditActions.RecordDelete);
    }

    [Fact]
    public void Build_EveryBadField_IsItsOwnEntry_AndNothingIsStaged()
    {
        var built = ApiChangeSetBuilder.Build(Zone, Policy, Request(
            Change("ok", "A", 300, null, "192.0.2.1"),
            Change("bad", "A", 300, null, "192.0.2.1", "999.1.1.1"),
            Change("x.other.test.", "A", 300, null, "192.0.2.1"),
            Change("t", "NOPE", 300, null, "x"),
            Change("ttl", "A", null, null, "192.0.2.1"),
            Change("low", "A", 5, null, "192.0.2.1"),
            Change("@", "SOA", 300, null, "a. b. 1 2 3 4 5"),
            Change("ok", "A", 300, null, "192.0.2.2")), Nothing, 10);

        built.Set.ShouldBeNull();
        built.Errors.Keys.ShouldBe(
            ["rrsets[1].records[1].content", "rrsets[2].name", "rrsets[3].type", "rrsets[4].ttl", "rrsets[5].ttl", "rrsets[6].type", "rrsets[7].name"],
            ignoreOrder: true);
    }

    [Fact]
    public void Build_NoRRsetsOrTooMany_IsRefusedAsAWhole()
    {
        ApiChangeSetBuilder.Build(Zone, Policy, new ChangeSetRequestDto([], null), Nothing, 10).Errors.Keys.ShouldBe(["rrsets"]);
        ApiChangeSetBuilder.Build(Zone, Policy, new ChangeSetRequestDto(null, null), Nothing, 10).Errors.Keys.ShouldBe(["rrsets"]);
        var many = Request([.. Enumerable.Range(0, 11).Select(i => Change($"n{i}", "A", 300, null, "192.0.2.1"))]);
        ApiChangeSetBuilder.Build(Zone, Policy, many, Nothing, 10).Errors.Keys.ShouldBe(["rrsets"]);
    }

    [Fact]
    public void Build_ContentAlreadyAsStored_StagesNothing()
    {
        var stored = Row("www.pro.tunnel.test", "192.0.2.1");

        var built = ApiChangeSetBuilder.Build(Zone, Policy, Request(Change("www", "A", 300, stored.Version, "192.0.2.1")),
            new Dictionary<RRsetKey, RRsetRow> { [Key(stored)] = stored }, 10);

        built.Errors.ShouldBeEmpty();
        built.Set!.IsEmpty.ShouldBeTrue();
    }

    private static ChangeSetRequestDto Request(params RRsetChangeDto[] changes) => new(changes, null);

    private static RRsetChangeDto Change(string name, string type, int? ttl, string? version, params string[] contents) =>
        new(name, type, ttl, version, [.. contents.Select(c => new RecordChangeDto(c))]);

    private static RRsetRow Row(string name, string content) =>
        new(name, RecordType.A, 300, [new RecordRow(1, content, false)], RRsetVersion.Compute([(content, 300, false)]));

    private static RRsetKey Key(RRsetRow row) => new(row.Name, row.Type);
}
