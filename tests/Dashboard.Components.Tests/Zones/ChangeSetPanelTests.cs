using Dashboard.Features.Checks;
using Bunit;
using Dashboard.Configuration;
using Dashboard.PowerDns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Dashboard.Data;
using Dashboard.Dns;
using Dashboard.Features.Audit;
using Dashboard.Features.Auth;
using Dashboard.Features.Propagation;
using Dashboard.Features.Zones;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Dashboard.Components.Tests.Zones;

public sealed class ChangeSetPanelTests : DashboardTestContext
{
    private const string Zone = "pro.tunnel.test";
    private static readonly ZonePolicy Pro = new(new TtlBounds(30, 86400, "pro"), 300, 300);

    public ChangeSetPanelTests()
    {
        // The panel's apply path is covered by the integration tests; these render what is staged.
        // Real services over a database that is never reached: these tests render staged sets and results only.
        var options = Options.Create(new DashboardOptions
        {
            Regions = [new RegionOptions { Name = "us", Role = RegionRole.Primary, ConnectionString = "Host=127.0.0.1;Port=1;Database=none", PowerDnsApiUrl = "http://127.0.0.1:1" }],
        });
        Services.AddSingleton(options);
        Services.AddSingleton<RegionDataSources>();
        Services.AddHttpClient();
        Services.AddSingleton<PowerDnsApiClient>();
        Services.AddPropagation();
        // What the tracker's alerts need (never reached here).
        Services.AddSingleton<Dashboard.Features.Lag.LagDatabase>();
        Services.AddSingleton<Dashboard.Features.Lag.AlertStore>();
        Services.AddSingleton<Dashboard.Features.Lag.AlertStoreRefresher>();
        Services.AddSingleton<Dashboard.Features.Scaleout.DashboardInstance>();
        Services.AddSingleton<Dashboard.Features.Scaleout.DeploymentBus>();
        Services.AddChecks();
        Services.AddSingleton<AuditLog>();
        Services.AddDbContextFactory<DashboardDbContext>(o => o.UseNpgsql("Host=127.0.0.1;Port=1;Database=none"));
        Services.AddSingleton<Dashboard.Data.PowerDns.ZoneWrites>();
        Services.AddSingleton<ChangeSetCommands>();
        Services.AddSingleton<ZoneEditingReads>();
        SignInAs(Roles.Operator);
        Services.AddSingleton(Store);
        Services.AddSingleton<IStagedChangeSetStore>(Store);
        Services.AddSingleton(new ImportUploads(TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new ImportOptions())));
        Services.AddScoped<ZoneEditor>();
    }

    private TestStagedChangeSetStore Store { get; } = new();

    private static RRsetRow Row(string name, RecordType type, int ttl, params string[] contents) =>
        new(name, type, ttl, contents.Select((c, i) => new RecordRow(i, c, false)).ToList(), RRsetVersion.Compute(contents.Select(c => (c, ttl, false))));

    [Fact]
    public async Task Render_StagedEdits_ShowsBeforeAndAfterMarked()
    {
        var editor = Services.GetRequiredService<ZoneEditor>();
        var set = new ChangeSet(Zone, Pro);
        set.Add("new", RecordType.A, "192.0.2.1", 300, null).Staged.ShouldBeTrue();
        var www = Row("www.pro.tunnel.test", RecordType.A, 300, "192.0.2.10", "192.0.2.11");
        set.Delete(www, "192.0.2.10").Staged.ShouldBeTrue();
        (await editor.ReplaceAsync(set)).ShouldBeNull();

        var panel = Render<ChangeSetPanel>(p => p.Add(c => c.Zone, Zone));

        panel.Find("[data-testid=changeset-count]").TextContent.ShouldContain("2");
        var added = panel.Find("[data-testid='diff-new.pro.tunnel.test A']");
        added.QuerySelectorAll("[data-kind=Added]").Single().TextContent.ShouldContain("192.0.2.1");
        added.TextContent.ShouldContain("(no records)");
        var changed = panel.Find("[data-testid='diff-www.pro.tunnel.test A']");
        changed.QuerySelectorAll("[data-kind=Removed]").Single().TextContent.ShouldContain("192.0.2.10");
        changed.QuerySelectorAll("[data-kind=Unchanged]").Length.ShouldBe(2);
    }

    [Fact]
    public async Task Render_LargeSet_ShowsOnePageOfRRsetsAtATime()
    {
        var editor = Services.GetRequiredService<ZoneEditor>();
        var set = new ChangeSet(Zone, Pro);
        var total = ChangeSetPanel.DiffPageSize * 2 + 50;
        for (var i = 0; i < total; i++)
        {
            set.Add($"host{i:D4}", RecordType.A, "192.0.2.1", 300, null).Staged.ShouldBeTrue();
        }
        (await editor.ReplaceAsync(set)).ShouldBeNull();

        var panel = Render<ChangeSetPanel>(p => p.Add(c => c.Zone, Zone));

        panel.Find("[data-testid=changeset-count]").TextContent.ShouldContain($"({total})");
        panel.FindAll(".changeset-rrset").Count.ShouldBe(ChangeSetPanel.DiffPageSize);
        panel.Find("[data-testid=diff-range]").TextContent.ShouldBe($"RRsets 1–{ChangeSetPanel.DiffPageSize} of {total}");
        panel.FindAll("[data-testid='diff-host0000.pro.tunnel.test A']").Count.ShouldBe(1);

        await panel.InvokeAsync(() => panel.FindComponent<MudPagination>().Instance.SelectedChanged.InvokeAsync(3));

        panel.FindAll(".changeset-rrset").Count.ShouldBe(50);
        panel.Find("[data-testid=diff-range]").TextContent.ShouldBe($"RRsets {ChangeSetPanel.DiffPageSize * 2 + 1}–{total} of {total}");
        panel.FindAll("[data-testid='diff-host0000.pro.tunnel.test A']").Count.ShouldBe(0);
        panel.FindAll($"[data-testid='diff-host{total - 1:D4}.pro.tunnel.test A']").Count.ShouldBe(1);
    }

    [Fact]
    public async Task Render_StagedSoaAndCname_InZoneFileLanguage()
    {
        var editor = Services.GetRequiredService<ZoneEditor>();
        var set = new ChangeSet(Zone, Pro);
        var soa = new SoaState("ns1.tunnel.test hostmaster.tunnel.test 2026113001 10800 3600 604800 60", 300);
        set.StageSoa(soa, soa.Fields with { Refresh = 7200 }, 300, null).Staged.ShouldBeTrue();
        set.Add("alias", RecordType.CNAME, "ux-a.pro.tunnel.test", 300, null).Staged.ShouldBeTrue();
        (await editor.ReplaceAsync(set)).ShouldBeNull();

        var panel = Render<ChangeSetPanel>(p => p.Add(c => c.Zone, Zone));

        var soaDiff = panel.Find("[data-testid='diff-pro.tunnel.test SOA']").TextContent;
        soaDiff.ShouldContain("− ns1.tunnel.test. hostmaster.tunnel.test. 2026113001 10800 3600 604800 60 TTL 300");
        soaDiff.ShouldContain("+ ns1.tunnel.test. hostmaster.tunnel.test. (next serial) 7200 3600 604800 60 TTL 300");
        soaDiff.ShouldNotContain("SoaFields");
        soaDiff.ShouldNotContain("WithoutSerial");
        panel.Find("[data-testid='diff-alias.pro.tunnel.test CNAME']").QuerySelector("[data-kind=Added]")!.TextContent.ShouldContain("ux-a.pro.tunnel.test.");
    }

    [Fact]
    public void Render_AppliedOnlyTheSoa_SaysSoNotZeroRows()
    {
        var panel = Render<ChangeSetPanel>(p => p.Add(c => c.Zone, Zone));

        panel.Instance.ShowResultForTests(new ApplyResult.Applied(2026113002, 0, Run(new RegionProgress("us", PropagationState.Visible, Visible: TimeSpan.FromMilliseconds(3)))) { SoaEdited = true });
        panel.Render();

        var text = panel.Find("[data-testid=changeset-applied]").TextContent;
        text.ShouldContain("Applied the SOA edit; the SOA serial is now 2026113002.");
        text.ShouldNotContain("0 row");
    }

    [Fact]
    public void Render_NothingStaged_DisablesApply()
    {
        var panel = Render<ChangeSetPanel>(p => p.Add(c => c.Zone, Zone));

        panel.Find("[data-testid=changeset-apply]").HasAttribute("disabled").ShouldBeTrue();
    }

    [Fact]
    public async Task Discard_Confirmed_ClearsTheStagedSetAndTheSavedOne()
    {
        var (editor, provider, panel) = await StagedPanelAsync();

        // The click's handler waits for the dialog, so it is not awaited here.
        panel.Find("[data-testid=changeset-discard]").Click();
        provider.WaitForElement("[data-testid=discard-dialog]").TextContent.ShouldContain("Discard the 1 staged change(s)");
        editor.StagedCount(Zone).ShouldBe(1);
        provider.Find("[data-testid=discard-confirm]").Click();

        panel.WaitForAssertion(() => editor.StagedCount(Zone).ShouldBe(0));
        Store.Has(TestUserId, Zone).ShouldBeFalse();
        panel.FindAll("[data-testid^=diff-]").ShouldBeEmpty();
    }

    [Fact]
    public async Task Discard_Cancelled_KeepsEverything()
    {
        var (editor, provider, panel) = await StagedPanelAsync();

        panel.Find("[data-testid=changeset-discard]").Click();
        provider.WaitForElement("[data-testid=discard-cancel]").Click();

        provider.WaitForAssertion(() => provider.FindAll("[data-testid=discard-dialog]").ShouldBeEmpty());
        editor.StagedCount(Zone).ShouldBe(1);
        Store.Has(TestUserId, Zone).ShouldBeTrue();
        panel.FindAll("[data-testid^=diff-]").ShouldHaveSingleItem();
    }

    [Fact]
    public void Render_ConflictDetails_ShowsStagedFromNowAndMine()
    {
        var set = new ChangeSet(Zone, Pro);
        var www = Row("www.pro.tunnel.test", RecordType.A, 300, "192.0.2.1");
        set.EditContent(www, "192.0.2.1", "192.0.2.2").Staged.ShouldBeTrue();
        var theirs = Row("www.pro.tunnel.test", RecordType.A, 300, "198.51.100.7");

        var view = Render<StagedConflictView>(p => p.Add(c => c.Conflicts, [StagedConflict.Of(set.RRsets.Single(), theirs)]));

        var conflict = view.Find("[data-testid='conflict-www.pro.tunnel.test A']");
        conflict.QuerySelector("[data-testid=conflict-base]")!.TextContent.ShouldContain("192.0.2.1 (TTL 300)");
        conflict.QuerySelector("[data-testid=conflict-now]")!.TextContent.ShouldContain("198.51.100.7 (TTL 300)");
        conflict.QuerySelector("[data-testid=conflict-staged]")!.TextContent.ShouldContain("192.0.2.2 (TTL 300)");
        view.Find("[data-testid=changeset-rebase]").ShouldNotBeNull();
    }

    private const string TestUserId = "test-user-id";

    private async Task<(ZoneEditor Editor, IRenderedComponent<MudDialogProvider> Provider, IRenderedComponent<ChangeSetPanel> Panel)> StagedPanelAsync()
    {
        var editor = Services.GetRequiredService<ZoneEditor>();
        var set = new ChangeSet(Zone, Pro);
        set.Add("new", RecordType.A, "192.0.2.1", 300, null).Staged.ShouldBeTrue();
        (await editor.ReplaceAsync(set)).ShouldBeNull();
        Store.Has(TestUserId, Zone).ShouldBeTrue();
        var provider = Render<MudDialogProvider>();
        var panel = Render<ChangeSetPanel>(p => p.Add(c => c.Zone, Zone));
        return (editor, provider, panel);
    }

    [Fact]
    public void Render_Conflict_NamesEachRRset()
    {
        var panel = Render<ChangeSetPanel>(p => p.Add(c => c.Zone, Zone));

        panel.Instance.ShowResultForTests(new ApplyResult.Conflict(["www.pro.tunnel.test A", "mail.pro.tunnel.test MX"]));
        panel.Render();

        var conflict = panel.Find("[data-testid=changeset-conflict]");
        conflict.TextContent.ShouldContain("Nothing was written");
        conflict.QuerySelectorAll("li").Select(li => li.TextContent).ShouldBe(["www.pro.tunnel.test A", "mail.pro.tunnel.test MX"]);
    }

    [Fact]
    public void Render_Applied_ShowsSerialAndEachRegionsTimeline_RedWhileOneIsNotYetVisible()
    {
        var panel = Render<ChangeSetPanel>(p => p.Add(c => c.Zone, Zone));

        panel.Instance.ShowResultForTests(new ApplyResult.Applied(2026031402, 3, Run(
            new RegionProgress("us", PropagationState.Visible, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(9), TimeSpan.FromMilliseconds(12)),
            new RegionProgress("eu", PropagationState.Confirming, TimeSpan.FromMilliseconds(4)),
            new RegionProgress("ap", PropagationState.NotYetVisible, Detail: "not replayed to 0/3000000 after 10 s; still waiting"))));
        panel.Render();

        var applied = panel.Find("[data-testid=changeset-applied]");
        applied.TextContent.ShouldContain("SOA serial is now 2026031402");
        applied.GetAttribute("data-state").ShouldBe("not-visible");
        applied.ClassList.ShouldContain("mud-alert-text-error");
        panel.Find("[data-testid=propagation-us]").TextContent.ShouldContain("us: done, confirmed by DNS +12 ms (replayed +1 ms, flushed +9 ms)");
        panel.Find("[data-testid=propagation-eu]").TextContent.ShouldContain("eu: replayed +4 ms; asking its PowerDNS…");
        panel.Find("[data-testid=propagation-ap]").TextContent.ShouldContain("ap: not yet visible: not replayed to 0/3000000 after 10 s; still waiting");
    }

    [Fact]
    public void Render_Applied_UpdatesLiveUntilEveryRegionIsVisible()
    {
        var run = Run(new RegionProgress("us", PropagationState.WaitingForReplay));
        var panel = Render<ChangeSetPanel>(p => p.Add(c => c.Zone, Zone));
        panel.Instance.ShowResultForTests(new ApplyResult.Applied(2026031402, 1, run));
        panel.Render();
        panel.Find("[data-testid=changeset-applied]").GetAttribute("data-state").ShouldBe("confirming");

        run.Set(new RegionProgress("us", PropagationState.Visible, Visible: TimeSpan.FromMilliseconds(7)));

        panel.WaitForAssertion(() => panel.Find("[data-testid=changeset-applied]").GetAttribute("data-state").ShouldBe("visible"), TimeSpan.FromSeconds(10));
        panel.Find("[data-testid=propagation-us]").GetAttribute("data-state").ShouldBe("Visible");
    }

    private static PropagationRun Run(params RegionProgress[] regions) =>
        PropagationRun.Of(new PropagationSnapshot(Zone, 2026031402, DateTimeOffset.UtcNow, regions));

    [Fact]
    public async Task Apply_PrimaryUnreachable_SaysNothingWasWrittenAndKeepsTheSet()
    {
        // The services' database refuses connections (nothing listens on port 1): a real fault at apply.
        var editor = Services.GetRequiredService<ZoneEditor>();
        var set = new ChangeSet(Zone, Pro);
        set.Add("new", RecordType.A, "192.0.2.1", 300, null).Staged.ShouldBeTrue();
        (await editor.ReplaceAsync(set)).ShouldBeNull();
        var panel = Render<ChangeSetPanel>(p => p.Add(c => c.Zone, Zone));

        panel.Find("[data-testid=changeset-apply]").Click();

        panel.WaitForAssertion(
            () => panel.Find("[data-testid=changeset-error]").TextContent
                .ShouldBe("Nothing was written: the primary database is unreachable (connection refused). Your staged changes are kept. Apply again once it is back."),
            TimeSpan.FromSeconds(30));
        editor.StagedCount(Zone).ShouldBe(1);
        panel.Find("[data-testid=changeset-count]").TextContent.ShouldContain("1");
        panel.FindAll("[data-testid=changeset-applied]").ShouldBeEmpty();
        panel.Find("[data-testid=changeset-apply]").HasAttribute("disabled").ShouldBeFalse("the spinner stops and Apply can be tried again");
    }
}
