using Dashboard.Data;
using Dashboard.Data.PowerDns;
using Dashboard.Dns;
using Dashboard.Features.Audit;
using Dashboard.Features.Auth;
using Dashboard.Features.Propagation;
using Dashboard.Features.Zones;
using Dashboard.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.IntegrationTests.Zones;

/// <summary>Staged change sets kept on the real primary: per user and zone, across "restarts", removed by apply and discard.</summary>
public sealed class StagedChangeSetStoreTests(StackFixture fixture)
{
    private static readonly Actor Other = new("it-operator-2", "it-operator-2", new HashSet<string> { Roles.Operator });

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private IStagedChangeSetStore Store => fixture.Get<IStagedChangeSetStore>();

    /// <summary>A set editing www A (192.0.2.1 -> 192.0.2.2, as applied first), adding api A and raising the SOA minimum.</summary>
    private static async Task<ChangeSet> StagedAsync(ThrowawayZone zone, CancellationToken ct)
    {
        var set = await zone.NewSetAsync(ct);
        set.Add("www", RecordType.A, "192.0.2.1", 30, null).Staged.ShouldBeTrue();
        await zone.ApplyAsync(set, ct);
        set = await zone.NewSetAsync(ct);
        set.EditContent((await zone.RRsetAsync("www", RecordType.A, ct))!, "192.0.2.1", "192.0.2.2").Staged.ShouldBeTrue();
        set.Add("api", RecordType.A, "192.0.2.9", 30, null).Staged.ShouldBeTrue();
        var soa = (await zone.Reads.SoaAsync(EditingZone.Operator, zone.Name, ct)).ShouldNotBeNull();
        set.StageSoa(soa, soa.Fields with { Refresh = soa.Fields.Refresh + 1 }, soa.Ttl, null).Staged.ShouldBeTrue();
        return set;
    }

    [Fact]
    public async Task SaveAsync_ThenGetAsync_SameSetWithItsBaseVersions()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var set = await StagedAsync(zone, Cancel);

        var version = await Store.SaveAsync(EditingZone.Operator, set, null, Cancel);
        var loaded = await Store.GetAsync(EditingZone.Operator, zone.Name, set.Policy, Cancel);

        version.ShouldNotBeNull();
        loaded.Version.ShouldBe(version);
        StagedChangeSetStore.Write(loaded.Set).ShouldBe(StagedChangeSetStore.Write(set));
        loaded.Set.Count.ShouldBe(set.Count);
        loaded.Set.Find(new RRsetKey($"www.{zone.Name}", RecordType.A))!.BaseVersion
            .ShouldBe((await zone.RRsetAsync("www", RecordType.A, Cancel))!.Version);
    }

    [Fact]
    public async Task GetAsync_AfterRestart_NewServiceProviderSeesTheSetAndItsConflict()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var set = await StagedAsync(zone, Cancel);
        await Store.SaveAsync(EditingZone.Operator, set, null, Cancel);
        // The tunnel service rewrites www A while the dashboard is "down".
        await zone.ScalarAsync("UPDATE records SET content = '198.51.100.7' WHERE name = 'www.' || @zone AND type = 'A' RETURNING 1", Cancel);

        await using var restarted = AppServices.Build(fixture.Stack);
        var loaded = await restarted.GetRequiredService<IStagedChangeSetStore>().GetAsync(EditingZone.Operator, zone.Name, set.Policy, Cancel);
        var result = await restarted.GetRequiredService<ChangeSetCommands>()
            .ApplyAsync(EditingZone.Operator, zone.Name, loaded.Set, Cancel, loaded.Version);

        StagedChangeSetStore.Write(loaded.Set).ShouldBe(StagedChangeSetStore.Write(set));
        result.ShouldBeOfType<ApplyResult.Conflict>().RRsets.ShouldBe([$"www.{zone.Name} A"]);
        // Refused: still staged.
        (await Store.GetAsync(EditingZone.Operator, zone.Name, set.Policy, Cancel)).Version.ShouldBe(loaded.Version);
    }

    [Fact]
    public async Task ApplyAsync_WithSavedVersion_RemovesTheSavedSetWithTheWrite()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var set = await StagedAsync(zone, Cancel);
        var version = await Store.SaveAsync(EditingZone.Operator, set, null, Cancel);

        var result = await zone.Commands.ApplyAsync(EditingZone.Operator, zone.Name, set, Cancel, version);

        result.ShouldBeOfType<ApplyResult.Applied>(result.ToString());
        var after = await Store.GetAsync(EditingZone.Operator, zone.Name, set.Policy, Cancel);
        after.Version.ShouldBeNull();
        after.Set.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public async Task ApplyAsync_FailsBeforeCommit_SavedSetKeptWithNothingWritten()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var set = await StagedAsync(zone, Cancel);
        var version = await Store.SaveAsync(EditingZone.Operator, set, null, Cancel);
        var commands = new ChangeSetCommands(
            fixture.Get<ZoneWrites>(), fixture.Get<AuditLog>(), fixture.Get<PropagationTracker>(), TimeProvider.System)
        {
            BeforeCommit = _ => throw new InvalidOperationException("forced failure after the writes"),
        };

        await Should.ThrowAsync<InvalidOperationException>(() => commands.ApplyAsync(EditingZone.Operator, zone.Name, set, Cancel, version));

        // The removal of the saved set rolled back with the rows: one transaction.
        (await Store.GetAsync(EditingZone.Operator, zone.Name, set.Policy, Cancel)).Version.ShouldBe(version);
    }

    [Fact]
    public async Task ApplyAsync_SavedSetChangedInAnotherTab_RefusedAndNothingWritten()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var set = await StagedAsync(zone, Cancel);
        var first = await Store.SaveAsync(EditingZone.Operator, set, null, Cancel);
        // A second tab of the same user stages one more change.
        var secondTab = set.Clone();
        secondTab.Add("more", RecordType.A, "192.0.2.33", 30, null).Staged.ShouldBeTrue();
        var second = await Store.SaveAsync(EditingZone.Operator, secondTab, first, Cancel);
        var rows = await zone.RowCountAsync(Cancel);
        var serial = await zone.SerialAsync(Cancel);

        await Should.ThrowAsync<StagedSetChangedException>(() => zone.Commands.ApplyAsync(EditingZone.Operator, zone.Name, set, Cancel, first));

        (await zone.RowCountAsync(Cancel)).ShouldBe(rows);
        (await zone.SerialAsync(Cancel)).ShouldBe(serial);
        (await Store.GetAsync(EditingZone.Operator, zone.Name, set.Policy, Cancel)).Version.ShouldBe(second);
    }

    [Fact]
    public async Task SaveAsync_StaleVersion_RefusedAndTheNewerSetKept()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var set = await StagedAsync(zone, Cancel);
        var first = await Store.SaveAsync(EditingZone.Operator, set, null, Cancel);
        var newer = set.Clone();
        newer.Add("newer", RecordType.A, "192.0.2.40", 30, null).Staged.ShouldBeTrue();
        var second = await Store.SaveAsync(EditingZone.Operator, newer, first, Cancel);
        var stale = set.Clone();
        stale.Add("stale", RecordType.A, "192.0.2.41", 30, null).Staged.ShouldBeTrue();

        await Should.ThrowAsync<StagedSetChangedException>(() => Store.SaveAsync(EditingZone.Operator, stale, first, Cancel));
        // Nothing saved yet either: a first save over an existing set is refused too.
        await Should.ThrowAsync<StagedSetChangedException>(() => Store.SaveAsync(EditingZone.Operator, stale, null, Cancel));

        var loaded = await Store.GetAsync(EditingZone.Operator, zone.Name, set.Policy, Cancel);
        loaded.Version.ShouldBe(second);
        StagedChangeSetStore.Write(loaded.Set).ShouldBe(StagedChangeSetStore.Write(newer));
    }

    [Fact]
    public async Task DiscardAsync_RemovesIt_StaleVersionRefused()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var set = await StagedAsync(zone, Cancel);
        var first = await Store.SaveAsync(EditingZone.Operator, set, null, Cancel);
        var second = await Store.SaveAsync(EditingZone.Operator, set.Clone(), first, Cancel);

        await Should.ThrowAsync<StagedSetChangedException>(() => Store.DiscardAsync(EditingZone.Operator, zone.Name, first, Cancel));
        (await Store.GetAsync(EditingZone.Operator, zone.Name, set.Policy, Cancel)).Version.ShouldBe(second);

        await Store.DiscardAsync(EditingZone.Operator, zone.Name, second, Cancel);

        var after = await Store.GetAsync(EditingZone.Operator, zone.Name, set.Policy, Cancel);
        after.Version.ShouldBeNull();
        after.Set.IsEmpty.ShouldBeTrue();
        (await zone.ScalarAsync("SELECT count(*) FROM dashboard.staged_change_sets WHERE zone = @zone", Cancel)).ShouldBe(0);
    }

    [Fact]
    public async Task GetAsync_AnotherUser_NeverSeesMySet_AndTheirSaveLeavesMineAlone()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var mine = await StagedAsync(zone, Cancel);
        var myVersion = await Store.SaveAsync(EditingZone.Operator, mine, null, Cancel);

        var theirView = await Store.GetAsync(Other, zone.Name, mine.Policy, Cancel);
        var theirs = await zone.NewSetAsync(Cancel);
        theirs.Add("theirs", RecordType.A, "192.0.2.50", 30, null).Staged.ShouldBeTrue();
        var theirVersion = await Store.SaveAsync(Other, theirs, null, Cancel);
        (await Store.GetAsync(Other, zone.Name, mine.Policy, Cancel)).Set.Count.ShouldBe(1);
        await Store.DiscardAsync(Other, zone.Name, theirVersion, Cancel);

        theirView.Version.ShouldBeNull();
        theirView.Set.IsEmpty.ShouldBeTrue();
        var myView = await Store.GetAsync(EditingZone.Operator, zone.Name, mine.Policy, Cancel);
        myView.Version.ShouldBe(myVersion);
        StagedChangeSetStore.Write(myView.Set).ShouldBe(StagedChangeSetStore.Write(mine));
    }

    [Fact]
    public async Task Store_ActorWithoutEditDns_Refused()
    {
        var onCall = new Actor("it-oncall", "it-oncall", new HashSet<string> { Roles.OnCall });
        var policy = new ZonePolicy(new TtlBounds(30, 86400, "free"), 60, 30);

        await Should.ThrowAsync<AccessDeniedException>(() => Store.GetAsync(onCall, "free.tunnel.test", policy, Cancel));
        await Should.ThrowAsync<AccessDeniedException>(() => Store.SaveAsync(onCall, new ChangeSet("free.tunnel.test", policy), null, Cancel));
    }

    [Fact]
    public async Task DeleteZoneAsync_RemovesEveryUsersStagedSetForIt()
    {
        var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var set = await StagedAsync(zone, Cancel);
        await Store.SaveAsync(EditingZone.Operator, set, null, Cancel);
        await Store.SaveAsync(Other, set, null, Cancel);

        await zone.DisposeAsync();

        (await zone.ScalarAsync("SELECT count(*) FROM dashboard.staged_change_sets WHERE zone = @zone", Cancel)).ShouldBe(0);
    }
}
