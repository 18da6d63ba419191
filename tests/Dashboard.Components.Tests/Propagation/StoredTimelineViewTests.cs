using Bunit;
using Dashboard.Features.Propagation;

namespace Dashboard.Components.Tests.Propagation;

/// <summary>A change's stored timeline as the Audit page and the zone page's history show it.</summary>
public sealed class StoredTimelineViewTests : DashboardTestContext
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 5, 0, 0, TimeSpan.Zero);

    private static StoredTimeline Timeline(IReadOnlyList<RegionProgress> regions, bool ended = true, bool abandoned = false) =>
        new(Guid.NewGuid(), "x.test", 2026120102, false, T0, "0/3000000", regions, T0.AddSeconds(1), ended ? T0.AddSeconds(1) : null, [41, 42], abandoned);

    private static RegionProgress Visible(string region, double ms) =>
        new(region, PropagationState.Visible, TimeSpan.FromMilliseconds(ms / 3), TimeSpan.FromMilliseconds(ms / 2), TimeSpan.FromMilliseconds(ms), Attempts: 1);

    [Fact]
    public void Render_EveryRegionVisible_GivesEachRegionsTimeFromTheCommit()
    {
        var view = Render<StoredTimelineView>(p => p.Add(v => v.Timeline, Timeline([Visible("us", 12), Visible("eu", 15.4), Visible("ap", 130)])));

        view.Find("[data-testid=stored-propagation]").GetAttribute("data-state").ShouldBe("visible");
        view.Find("[data-testid=stored-propagation-us]").TextContent.Trim().ShouldBe("us +12 ms");
        view.Find("[data-testid=stored-propagation-eu]").TextContent.Trim().ShouldBe("eu +15 ms");
        view.Find("[data-testid=stored-propagation-ap]").TextContent.Trim().ShouldBe("ap +130 ms");
        view.Find("[data-testid=stored-propagation-ap]").GetAttribute("title")!.ShouldContain("confirmed by DNS +130 ms");
        view.FindAll(".stored-timeline-problem").ShouldBeEmpty();
    }

    [Fact]
    public void Render_RegionNotYetVisible_IsRed_AndAnAbandonedOneSaysNobodyWatchesIt()
    {
        var late = new RegionProgress("ap", PropagationState.NotYetVisible, Detail: "its PowerDNS API refused the cache flush (connection refused); still watching", Attempts: 9);
        var watched = Render<StoredTimelineView>(p => p.Add(v => v.Timeline, Timeline([Visible("us", 12), late], ended: false)));

        watched.Find("[data-testid=stored-propagation]").GetAttribute("data-state").ShouldBe("not-visible");
        var ap = watched.Find("[data-testid=stored-propagation-ap]");
        ap.ClassList.ShouldContain("stored-timeline-problem");
        ap.TextContent.Trim().ShouldBe("ap not yet visible");
        ap.GetAttribute("title")!.ShouldContain("connection refused");
        ap.GetAttribute("title")!.ShouldContain("(9 attempts)");

        // A region left waiting by a dashboard that stopped is never shown as done, nor as still watched.
        var waiting = new RegionProgress("eu", PropagationState.Confirming, TimeSpan.FromMilliseconds(5));
        var abandoned = Render<StoredTimelineView>(p => p.Add(v => v.Timeline, Timeline([Visible("us", 12), waiting], ended: false, abandoned: true)));
        abandoned.Find("[data-testid=stored-propagation]").GetAttribute("data-state").ShouldBe("not-visible");
        abandoned.Find("[data-testid=stored-propagation-eu]").TextContent.ShouldContain("no longer watched");
    }

    [Fact]
    public void Render_NothingSavedYet_IsBeingConfirmed_UntilAbandoned()
    {
        var fresh = Render<StoredTimelineView>(p => p.Add(v => v.Timeline, Timeline([], ended: false)));
        fresh.Find("[data-testid=stored-propagation]").GetAttribute("data-state").ShouldBe("watching");
        fresh.Markup.ShouldContain("being confirmed");

        var lost = Render<StoredTimelineView>(p => p.Add(v => v.Timeline, Timeline([], ended: false, abandoned: true)));
        lost.Find("[data-testid=stored-propagation]").GetAttribute("data-state").ShouldBe("not-recorded");
        lost.Markup.ShouldContain("propagation not recorded");
    }
}
