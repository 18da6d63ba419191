using Dashboard.Route53;

namespace Dashboard.Tests.Route53;

public sealed class ChangeBatchLimitsTests
{
    private static ResourceRecordSet Set(string name, int values, int valueLength = 7, string? setId = null) =>
        new(name, "TXT", 60, Enumerable.Range(0, values).Select(i => new string('x', valueLength)).ToList(), setId, setId is null ? null : "eu-west-1");

    private static ChangeBatch Batch(params Change[] changes) => new(changes);

    [Fact]
    public void Validate_LatencyUpsertOfTwoRegions_NoErrors()
    {
        ChangeBatchLimits.Validate(Batch(
            new Change(ChangeAction.Upsert, new ResourceRecordSet("client.example.com.", "A", 60, ["192.0.2.1"], "eu-west-1", "eu-west-1")),
            new Change(ChangeAction.Upsert, new ResourceRecordSet("client.example.com.", "A", 60, ["192.0.2.2"], "us-east-1", "us-east-1"))))
            .ShouldBeEmpty();
    }

    [Fact]
    public void Validate_Empty_Refused()
    {
        ChangeBatchLimits.Validate(Batch()).ShouldBe(["The batch has no changes; Route 53 needs at least one."]);
    }

    [Fact]
    public void Validate_ThousandRecordsCreated_Allowed()
    {
        ChangeBatchLimits.Validate(Batch(
            new Change(ChangeAction.Create, Set("a.example.com.", 500, 1)),
            new Change(ChangeAction.Create, Set("b.example.com.", 500, 1)))).ShouldBeEmpty();
    }

    [Fact]
    public void Validate_ThousandAndOneRecords_Refused()
    {
        ChangeBatchLimits.Validate(Batch(
            new Change(ChangeAction.Create, Set("a.example.com.", 500, 1)),
            new Change(ChangeAction.Delete, Set("b.example.com.", 501, 1))))
            .ShouldBe(["The batch has 1,001 resource records (an UPSERT's count twice); Route 53 takes at most 1,000 in one request."]);
    }

    [Fact]
    public void Validate_UpsertOf501Records_CountsTwiceAndIsRefused()
    {
        var errors = ChangeBatchLimits.Validate(Batch(new Change(ChangeAction.Upsert, Set("a.example.com.", 501, 1))));

        errors.ShouldBe(["The batch has 1,002 resource records (an UPSERT's count twice); Route 53 takes at most 1,000 in one request."]);
    }

    [Fact]
    public void Validate_ValuesOf32000Characters_Allowed()
    {
        ChangeBatchLimits.Validate(Batch(new Change(ChangeAction.Create, Set("a.example.com.", 8, 4_000)))).ShouldBeEmpty();
    }

    [Fact]
    public void Validate_UpsertValuesOver16000Characters_CountTwiceAndAreRefused()
    {
        var errors = ChangeBatchLimits.Validate(Batch(
            new Change(ChangeAction.Upsert, Set("a.example.com.", 4, 4_000)),
            new Change(ChangeAction.Create, Set("b.example.com.", 1, 1))));

        errors.ShouldBe(["The batch's values add up to 32,001 characters (an UPSERT's count twice); Route 53 takes at most 32,000 in one request."]);
    }

    [Fact]
    public void Validate_ValueOver4000Characters_NamesTheSet()
    {
        ChangeBatchLimits.Validate(Batch(new Change(ChangeAction.Create, Set("a.example.com.", 1, 4_001, "eu"))))
            .ShouldBe(["a.example.com. TXT (set eu) has a value of 4,001 characters; Route 53 takes at most 4,000 in one value."]);
    }

    [Fact]
    public void Validate_SameSetDeletedTwice_Refused()
    {
        ChangeBatchLimits.Validate(Batch(
                new Change(ChangeAction.Delete, Set("a.example.com.", 1)),
                new Change(ChangeAction.Delete, Set("A.example.com", 1))))
            .ShouldBe(["A.example.com TXT is deleted twice in one batch; Route 53 refuses that."]);
    }

    [Fact]
    public void Validate_DeleteThenCreateOfTheSameSet_Allowed()
    {
        ChangeBatchLimits.Validate(Batch(
            new Change(ChangeAction.Delete, Set("a.example.com.", 1)),
            new Change(ChangeAction.Create, Set("a.example.com.", 2)))).ShouldBeEmpty();
    }

    [Fact]
    public void Validate_MalformedSets_EachSaid()
    {
        var alias = new AliasTarget("Z2FDTNDATAQYW2", "d1.cloudfront.net.", false);
        var errors = ChangeBatchLimits.Validate(new ChangeBatch([
            new Change(ChangeAction.Create, new ResourceRecordSet("both.example.com.", "A", 60, ["192.0.2.1"], AliasTarget: alias)),
            new Change(ChangeAction.Create, new ResourceRecordSet("none.example.com.", "A", 60, [])),
            new Change(ChangeAction.Create, new ResourceRecordSet("nottl.example.com.", "A", null, ["192.0.2.1"])),
        ], new string('c', 257)));

        errors.ShouldBe([
            "The batch's comment is 257 characters; Route 53 takes at most 256.",
            "both.example.com. A has both values and an alias target; a record set has one or the other.",
            "none.example.com. A has neither values nor an alias target.",
            "nottl.example.com. A has values but no TTL.",
        ]);
    }

    [Fact]
    public void Validate_AliasWithoutTtl_Allowed()
    {
        ChangeBatchLimits.Validate(Batch(new Change(ChangeAction.Upsert,
            new ResourceRecordSet("example.com.", "A", null, [], AliasTarget: new AliasTarget("Z2FDTNDATAQYW2", "d1.cloudfront.net.", false)))))
            .ShouldBeEmpty();
    }
}
