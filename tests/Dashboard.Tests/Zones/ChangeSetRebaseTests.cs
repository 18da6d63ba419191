using Dashboard.Dns;
using Dashboard.Features.Zones;

namespace Dashboard.Tests.Zones;

/// <summary>Re-staging an edit on top of data another writer changed: the edit is replayed, theirs kept where it was not touched.</summary>
public class ChangeSetRebaseTests
{
    private const string Zone = "pro.tunnel.test";
    private const string Www = "www.pro.tunnel.test";
    private static readonly ZonePolicy Pro = new(new TtlBounds(30, 86400, "pro"), 300, 300);
    private static readonly RRsetKey WwwA = new(Www, RecordType.A);

    private static RRsetRow Row(int ttl, params string[] contents) => Row(ttl, contents.Select(c => (c, false)).ToArray());

    private static RRsetRow Row(int ttl, params (string Content, bool Disabled)[] records) =>
        new(Www, RecordType.A, ttl, records.Select((r, i) => new RecordRow(i + 1, r.Content, r.Disabled)).ToList(),
            RRsetVersion.Compute(records.Select(r => (r.Content, ttl, r.Disabled))));

    private static string[] After(ChangeSet set) =>
        set.Find(WwwA).ShouldNotBeNull().After.Select(a => a.Disabled ? $"{a.Content} disabled" : a.Content).Order().ToArray();

    [Fact]
    public void Rebase_AddedRowWhileTheyChangedAnother_KeepsTheirsAndAddsMine()
    {
        var set = new ChangeSet(Zone, Pro);
        set.Add("www", RecordType.A, "192.0.2.2", 300, Row(300, "192.0.2.1")).Staged.ShouldBeTrue();
        var now = Row(300, "198.51.100.7");

        set.Rebase(WwwA, now).Staged.ShouldBeTrue();

        After(set).ShouldBe(["192.0.2.2", "198.51.100.7"]);
        var staged = set.Find(WwwA)!;
        staged.BaseVersion.ShouldBe(now.Version);
        staged.Before.Select(b => b.Content).ShouldBe(["198.51.100.7"]);
        set.Diff().Single().Changes.Select(c => c.Action).ShouldBe([Dashboard.Features.Audit.AuditActions.RecordAdd]);
    }

    [Fact]
    public void Rebase_EditedRowTheyAlsoChanged_AddsMyVersionBesideTheirs()
    {
        var set = new ChangeSet(Zone, Pro);
        set.EditContent(Row(300, "192.0.2.1"), "192.0.2.1", "192.0.2.2").Staged.ShouldBeTrue();

        set.Rebase(WwwA, Row(300, "198.51.100.7")).Staged.ShouldBeTrue();

        After(set).ShouldBe(["192.0.2.2", "198.51.100.7"]);
    }

    [Fact]
    public void Rebase_EditedRowTheyLeftAlone_ChangesItAndKeepsTheirNewRow()
    {
        var set = new ChangeSet(Zone, Pro);
        set.EditContent(Row(300, "192.0.2.1"), "192.0.2.1", "192.0.2.2").Staged.ShouldBeTrue();

        set.Rebase(WwwA, Row(300, "192.0.2.1", "198.51.100.7")).Staged.ShouldBeTrue();

        After(set).ShouldBe(["192.0.2.2", "198.51.100.7"]);
        var diff = set.Diff().Single();
        diff.Changes.Single().Action.ShouldBe(Dashboard.Features.Audit.AuditActions.RecordEdit);
    }

    [Fact]
    public void Rebase_DeletedRow_DeletedIfStillThere_TheirAdditionKept()
    {
        var set = new ChangeSet(Zone, Pro);
        set.Delete(Row(300, "192.0.2.1", "192.0.2.2"), "192.0.2.1").Staged.ShouldBeTrue();

        set.Rebase(WwwA, Row(300, "192.0.2.1", "192.0.2.2", "198.51.100.7")).Staged.ShouldBeTrue();

        After(set).ShouldBe(["192.0.2.2", "198.51.100.7"]);
    }

    [Fact]
    public void Rebase_TheyAlreadyMadeTheSameChange_NothingLeftStaged()
    {
        var set = new ChangeSet(Zone, Pro);
        set.EditContent(Row(300, "192.0.2.1"), "192.0.2.1", "192.0.2.2").Staged.ShouldBeTrue();

        set.Rebase(WwwA, Row(300, "192.0.2.2")).Staged.ShouldBeTrue();

        set.Find(WwwA).ShouldBeNull();
        set.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void Rebase_MyTtlChange_KeptOverTheirRows()
    {
        var set = new ChangeSet(Zone, Pro);
        set.SetTtl(Row(300, "192.0.2.1"), 600).Staged.ShouldBeTrue();

        set.Rebase(WwwA, Row(300, "198.51.100.7")).Staged.ShouldBeTrue();

        var staged = set.Find(WwwA)!;
        staged.Ttl.ShouldBe(600);
        After(set).ShouldBe(["198.51.100.7"]);
    }

    [Fact]
    public void Rebase_TheirTtlChangeAndMyDisable_BothKept()
    {
        var set = new ChangeSet(Zone, Pro);
        set.SetDisabled(Row(300, "192.0.2.1", "192.0.2.2"), "192.0.2.1", true).Staged.ShouldBeTrue();

        set.Rebase(WwwA, Row(900, "192.0.2.1", "192.0.2.2")).Staged.ShouldBeTrue();

        set.Find(WwwA)!.Ttl.ShouldBe(900);
        After(set).ShouldBe(["192.0.2.1 disabled", "192.0.2.2"]);
    }

    [Fact]
    public void Rebase_TheyDeletedTheRRset_MyAddedRowIsAddedToNothing()
    {
        var set = new ChangeSet(Zone, Pro);
        set.Add("www", RecordType.A, "192.0.2.2", 300, Row(300, "192.0.2.1")).Staged.ShouldBeTrue();

        set.Rebase(WwwA, null).Staged.ShouldBeTrue();

        var staged = set.Find(WwwA)!;
        staged.BaseVersion.ShouldBe(RRsetVersion.Empty);
        staged.Before.ShouldBeEmpty();
        After(set).ShouldBe(["192.0.2.2"]);
    }

    [Fact]
    public void Rebase_ResultBreaksARule_RefusedAndStagedEditKeptAsItWas()
    {
        // A CNAME the operator added; meanwhile the other writer made the name a CNAME to somewhere else: two CNAMEs.
        var key = new RRsetKey(Www, RecordType.CNAME);
        var set = new ChangeSet(Zone, Pro);
        set.Add("www", RecordType.CNAME, "a.example.test", 300, null).Staged.ShouldBeTrue();
        var before = set.Find(key);
        var theirs = new RRsetRow(Www, RecordType.CNAME, 300, [new RecordRow(1, "b.example.test", false)], RRsetVersion.Compute([("b.example.test", 300, false)]));

        var result = set.Rebase(key, theirs);

        result.Staged.ShouldBeFalse();
        result.AllErrors.ShouldNotBeEmpty();
        set.Find(key).ShouldBeSameAs(before);
    }

    [Fact]
    public void Rebase_NothingStagedForKey_NoOp()
    {
        var set = new ChangeSet(Zone, Pro);

        set.Rebase(WwwA, Row(300, "192.0.2.1")).Staged.ShouldBeTrue();

        set.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void RebaseSoa_MyMinimumTheirRefresh_BothKeptOnNewBase()
    {
        var set = new ChangeSet(Zone, Pro);
        var base0 = new SoaState("ns1.tunnel.test hostmaster.tunnel.test 2026010101 10800 3600 604800 60", 300);
        set.StageSoa(base0, base0.Fields with { Minimum = 30 }, 300, null).Staged.ShouldBeTrue();
        var now = new SoaState("ns1.tunnel.test hostmaster.tunnel.test 2026010105 7200 3600 604800 60", 300);

        set.RebaseSoa(now).Staged.ShouldBeTrue();

        var soa = set.Soa.ShouldNotBeNull();
        soa.Before.ShouldBe(now.Fields);
        soa.After.Refresh.ShouldBe(7200);
        soa.After.Minimum.ShouldBe(30);
        soa.BaseVersion.ShouldBe($"{now.Fields.WithoutSerial()} 300");
    }

    [Fact]
    public void CloneAndRestore_KeepBaseVersions_ChangesToCloneDoNotTouchOriginal()
    {
        var set = new ChangeSet(Zone, Pro);
        var current = Row(300, "192.0.2.1");
        set.EditContent(current, "192.0.2.1", "192.0.2.2").Staged.ShouldBeTrue();

        var clone = set.Clone();
        clone.Add("api", RecordType.A, "192.0.2.9", 300, null).Staged.ShouldBeTrue();
        var restored = StagedChangeSetStore.Read(Zone, Pro, StagedChangeSetStore.Write(clone));

        set.Count.ShouldBe(1);
        clone.Count.ShouldBe(2);
        StagedChangeSetStore.Write(restored).ShouldBe(StagedChangeSetStore.Write(clone));
        restored.Count.ShouldBe(2);
        restored.Find(WwwA)!.BaseVersion.ShouldBe(current.Version);
    }
}
