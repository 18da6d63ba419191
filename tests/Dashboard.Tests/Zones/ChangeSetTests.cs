using Dashboard.Dns;
using Dashboard.Features.Audit;
using Dashboard.Features.Zones;

namespace Dashboard.Tests.Zones;

public class ChangeSetTests
{
    private const string Zone = "pro.tunnel.test";
    private static readonly ZonePolicy Pro = new(new TtlBounds(30, 86400, "pro"), 300, 300);

    private static RRsetRow Row(string name, RecordType type, int ttl, params (string Content, bool Disabled)[] records)
    {
        var rows = records.Select((r, i) => new RecordRow(i + 1, r.Content, r.Disabled)).ToList();
        return new RRsetRow(name, type, ttl, rows, RRsetVersion.Compute(records.Select(r => (r.Content, ttl, r.Disabled))));
    }

    [Fact]
    public void Add_NewRRset_StagesWithEmptyBaseVersionAndAddedRow()
    {
        var set = new ChangeSet(Zone, Pro);

        var result = set.Add("www", RecordType.A, "192.0.2.1", 300, null);

        result.Staged.ShouldBeTrue();
        var staged = set.RRsets.ShouldHaveSingleItem();
        staged.Key.ShouldBe(new RRsetKey("www.pro.tunnel.test", RecordType.A));
        staged.BaseVersion.ShouldBe(RRsetVersion.Empty);
        var diff = set.Diff().ShouldHaveSingleItem();
        diff.Before.ShouldBeEmpty();
        diff.After.ShouldHaveSingleItem().Kind.ShouldBe(DiffKind.Added);
        diff.Changes.ShouldHaveSingleItem().Action.ShouldBe(AuditActions.RecordAdd);
        set.Count.ShouldBe(1);
    }

    [Fact]
    public void Add_InvalidAddress_ReturnsContentErrorAndStagesNothing()
    {
        var set = new ChangeSet(Zone, Pro);

        var result = set.Add("www", RecordType.A, "192.0.2.300", 300, null);

        result.Staged.ShouldBeFalse();
        result.For(ChangeSetFields.Content).ShouldNotBeEmpty();
        set.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void Add_NameOutsideZone_ReturnsNameErrorAndStagesNothing()
    {
        var set = new ChangeSet(Zone, Pro);

        var result = set.Add("www.example.org.", RecordType.A, "192.0.2.1", 300, null);

        result.For(ChangeSetFields.Name).ShouldHaveSingleItem().ShouldContain("not inside zone");
        set.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void Add_TtlBelowTier_ReturnsTtlErrorWithBounds()
    {
        var set = new ChangeSet(Zone, Pro);

        var result = set.Add("www", RecordType.A, "192.0.2.1", 10, null);

        result.For(ChangeSetFields.Ttl).ShouldHaveSingleItem().ShouldContain("minimum of 30 seconds (pro tier)");
        set.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void Add_CnameAtApex_IsRefused()
    {
        var set = new ChangeSet(Zone, Pro);

        var result = set.Add("@", RecordType.CNAME, "elsewhere.test", 300, null);

        result.Staged.ShouldBeFalse();
        result.AllErrors.ShouldContain(e => e.Contains("not allowed at the zone apex"));
    }

    [Fact]
    public void Add_DuplicateOfExistingRecord_IsRefused()
    {
        var set = new ChangeSet(Zone, Pro);
        var current = Row("www.pro.tunnel.test", RecordType.A, 300, ("192.0.2.1", false));

        var result = set.Add("www", RecordType.A, "192.0.2.1", 300, current);

        result.AllErrors.ShouldContain(e => e.Contains("appears more than once"));
        set.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void Add_ToExistingSetWithOtherTtl_ReturnsTtlError()
    {
        var set = new ChangeSet(Zone, Pro);
        var current = Row("www.pro.tunnel.test", RecordType.A, 300, ("192.0.2.1", false));

        var result = set.Add("www", RecordType.A, "192.0.2.2", 600, current);

        result.For(ChangeSetFields.Ttl).ShouldHaveSingleItem().ShouldContain("has TTL 300");
    }

    [Fact]
    public void Add_ToExistingSet_RemembersVersionAsRead()
    {
        var set = new ChangeSet(Zone, Pro);
        var current = Row("www.pro.tunnel.test", RecordType.A, 300, ("192.0.2.1", false));

        set.Add("www", RecordType.A, "192.0.2.2", 300, current).Staged.ShouldBeTrue();

        var staged = set.RRsets.ShouldHaveSingleItem();
        staged.BaseVersion.ShouldBe(current.Version);
        var diff = set.Diff().Single();
        diff.Before.ShouldHaveSingleItem().Kind.ShouldBe(DiffKind.Unchanged);
        diff.After.Select(a => a.Kind).ShouldBe([DiffKind.Unchanged, DiffKind.Added]);
    }

    [Fact]
    public void EditContent_MarksChangedAndAuditsEdit()
    {
        var set = new ChangeSet(Zone, Pro);
        var current = Row("mail.pro.tunnel.test", RecordType.MX, 300, ("10 mx1.pro.tunnel.test", false));

        set.EditContent(current, "10 mx1.pro.tunnel.test", "20 MX2.pro.tunnel.test.").Staged.ShouldBeTrue();

        var diff = set.Diff().Single();
        diff.Before.Single().Kind.ShouldBe(DiffKind.Changed);
        diff.After.Single().ShouldBe(new DiffRow("20 mx2.pro.tunnel.test", 300, false, DiffKind.Changed));
        var change = diff.Changes.ShouldHaveSingleItem();
        change.Action.ShouldBe(AuditActions.RecordEdit);
        change.Before.ShouldBe("10 mx1.pro.tunnel.test (TTL 300)");
        change.After.ShouldBe("20 mx2.pro.tunnel.test (TTL 300)");
    }

    [Fact]
    public void SetTtl_ChangesEveryRowOfTheSet()
    {
        var set = new ChangeSet(Zone, Pro);
        var current = Row("www.pro.tunnel.test", RecordType.A, 300, ("192.0.2.1", false), ("192.0.2.2", false));

        set.SetTtl(current, 600).Staged.ShouldBeTrue();

        var diff = set.Diff().Single();
        diff.After.ShouldAllBe(r => r.Kind == DiffKind.Changed && r.Ttl == 600);
        diff.Changes.Count.ShouldBe(2);
    }

    [Fact]
    public void SetTtl_AboveTier_IsRefused()
    {
        var set = new ChangeSet(Zone, Pro);
        var current = Row("www.pro.tunnel.test", RecordType.A, 300, ("192.0.2.1", false));

        set.SetTtl(current, 90000).For(ChangeSetFields.Ttl).ShouldHaveSingleItem().ShouldContain("maximum of 86400");
        set.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void Delete_MarksRemovedAndLeavesOthers()
    {
        var set = new ChangeSet(Zone, Pro);
        var current = Row("www.pro.tunnel.test", RecordType.A, 300, ("192.0.2.1", false), ("192.0.2.2", false));

        set.Delete(current, "192.0.2.1").Staged.ShouldBeTrue();

        var diff = set.Diff().Single();
        diff.Before.Select(b => b.Kind).ShouldBe([DiffKind.Removed, DiffKind.Unchanged]);
        diff.After.ShouldHaveSingleItem().Content.ShouldBe("192.0.2.2");
        diff.Changes.ShouldHaveSingleItem().Action.ShouldBe(AuditActions.RecordDelete);
    }

    [Fact]
    public void Delete_LastRecord_LeavesEmptyAfter()
    {
        var set = new ChangeSet(Zone, Pro);
        var current = Row("www.pro.tunnel.test", RecordType.A, 300, ("192.0.2.1", false));

        set.Delete(current, "192.0.2.1").Staged.ShouldBeTrue();

        set.Diff().Single().After.ShouldBeEmpty();
    }

    [Fact]
    public void ToggleDisabled_TwiceLeavesNothingStaged()
    {
        var set = new ChangeSet(Zone, Pro);
        var current = Row("www.pro.tunnel.test", RecordType.A, 300, ("192.0.2.1", false));

        set.ToggleDisabled(current, "192.0.2.1").Staged.ShouldBeTrue();
        set.Diff().Single().Changes.Single().Action.ShouldBe(AuditActions.RecordDisable);
        set.ToggleDisabled(current, "192.0.2.1").Staged.ShouldBeTrue();

        set.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void SetDisabled_False_OnDisabledRecord_AuditsEnable()
    {
        var set = new ChangeSet(Zone, Pro);
        var current = Row("www.pro.tunnel.test", RecordType.A, 300, ("192.0.2.1", true));

        set.SetDisabled(current, "192.0.2.1", false).Staged.ShouldBeTrue();

        var diff = set.Diff().Single();
        diff.After.Single().Kind.ShouldBe(DiffKind.Enabled);
        diff.Changes.Single().Action.ShouldBe(AuditActions.RecordEnable);
    }

    [Fact]
    public void EditContent_AfterEdit_FindsRowByItsOriginalContent()
    {
        var set = new ChangeSet(Zone, Pro);
        var current = Row("www.pro.tunnel.test", RecordType.A, 300, ("192.0.2.1", false));

        set.EditContent(current, "192.0.2.1", "192.0.2.5").Staged.ShouldBeTrue();
        set.Delete(current, "192.0.2.1").Staged.ShouldBeTrue();

        set.Diff().Single().Changes.ShouldHaveSingleItem().Action.ShouldBe(AuditActions.RecordDelete);
    }

    [Fact]
    public void Add_CnameNextToStagedA_IsRefusedByRRsetRulesOnlyAtApply()
    {
        // Staging checks one RRset; CNAME exclusivity against other types at the name is checked at apply with the zone's data.
        var set = new ChangeSet(Zone, Pro);

        set.Add("x", RecordType.A, "192.0.2.1", 300, null).Staged.ShouldBeTrue();
        set.Add("x", RecordType.CNAME, "y.pro.tunnel.test", 300, null).Staged.ShouldBeTrue();
        set.Add("x", RecordType.CNAME, "z.pro.tunnel.test", 300, null).AllErrors.ShouldContain(e => e.Contains("only one CNAME"));
    }

    [Fact]
    public void EditRRset_RowWithInvalidContent_NamesRowAndStagesNothing()
    {
        var set = new ChangeSet(Zone, Pro);
        var current = Row("www.pro.tunnel.test", RecordType.AAAA, 300, ("2001:db8::1", false));

        var result = set.EditRRset(current, [new RecordEdit("2001:db8::1", "2001:db8::1", false), new RecordEdit(null, "2001:db8::zz", false)], 300);

        result.For("content[1]").ShouldNotBeEmpty();
        set.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void StageSoa_LowerSerial_IsRefused()
    {
        var set = new ChangeSet(Zone, Pro);
        var soa = new SoaState("ns1.tunnel.test hostmaster.tunnel.test 2026010105 10800 3600 604800 60", 300);

        var result = set.StageSoa(soa, soa.Fields, 300, 2026010101);

        result.For(ChangeSetFields.Serial).ShouldHaveSingleItem().ShouldContain("never lowered");
        set.Soa.ShouldBeNull();
    }

    [Fact]
    public void StageSoa_NegativeTtlAboveTier_IsRefusedWithNumbers()
    {
        var set = new ChangeSet(Zone, Pro);
        var soa = new SoaState("ns1.tunnel.test hostmaster.tunnel.test 2026010105 10800 3600 604800 60", 300);

        var result = set.StageSoa(soa, soa.Fields with { Minimum = 900 }, 600, null);

        result.For(ChangeSetFields.Minimum).ShouldHaveSingleItem().ShouldContain("min(SOA TTL 600, MINIMUM 900) = 600 s, is above the pro tier's maximum of 300 s");
        set.Soa.ShouldBeNull();
    }

    [Fact]
    public void StageSoa_ChangedMinimum_IsStagedAndCounted()
    {
        var set = new ChangeSet(Zone, Pro);
        var soa = new SoaState("ns1.tunnel.test hostmaster.tunnel.test 2026010105 10800 3600 604800 60", 300);

        set.StageSoa(soa, soa.Fields with { Minimum = 30 }, 300, null).Staged.ShouldBeTrue();

        set.Soa.ShouldNotBeNull().After.Minimum.ShouldBe(30);
        set.Count.ShouldBe(1);
    }

    [Fact]
    public void Add_CnameWhereAnARecordIsRead_RefusedBeforeStaging()
    {
        var set = new ChangeSet(Zone, Pro);
        var existingA = Row("www.pro.tunnel.test", RecordType.A, 300, ("192.0.2.1", false));

        var result = set.Add("www", RecordType.CNAME, "us.edge.pro.tunnel.test", 300, null, [existingA]);

        result.Staged.ShouldBeFalse();
        result.For(ChangeSetFields.Type).ShouldContain(e => e.Contains("CNAME cannot coexist with other records (A)"));
        set.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void Add_CnameWhereTheAIsStagedForDeletion_IsAllowed()
    {
        var set = new ChangeSet(Zone, Pro);
        var existingA = Row("www.pro.tunnel.test", RecordType.A, 300, ("192.0.2.1", false));
        set.Delete(existingA, "192.0.2.1").Staged.ShouldBeTrue();

        var result = set.Add("www", RecordType.CNAME, "us.edge.pro.tunnel.test", 300, null, [existingA]);

        result.Staged.ShouldBeTrue();
    }

    [Fact]
    public void DeleteOrDisableOrEdit_Soa_RefusedAndNothingStaged()
    {
        var set = new ChangeSet(Zone, Pro);
        const string content = "ns1.tunnel.test hostmaster.tunnel.test 2026112201 10800 3600 604800 60";
        var soa = Row(Zone, RecordType.SOA, 300, (content, false));

        set.Delete(soa, content).For(ChangeSetFields.Type).ShouldContain("The SOA cannot be deleted, disabled or edited as a record; use the SOA editor");
        set.ToggleDisabled(soa, content).Staged.ShouldBeFalse();
        set.SetDisabled(soa, content, true).Staged.ShouldBeFalse();
        set.SetTtl(soa, 60).Staged.ShouldBeFalse();
        set.EditRRset(soa, [new RecordEdit(content, content, false)], 60).Staged.ShouldBeFalse();
        set.IsEmpty.ShouldBeTrue();
    }
}
