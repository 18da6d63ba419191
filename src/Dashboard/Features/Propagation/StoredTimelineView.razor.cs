using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Features.Propagation;

/// <summary>
/// A change's stored propagation timeline (<see cref="PropagationLog"/>) in one line, for the Audit page and the zone
/// page's history: per region "us +12 ms" once DNS confirmed it, "not yet visible" in red while watched, "no longer
/// watched" when given up or left by a dashboard that stopped. Hovering a region gives its steps and detail.
/// </summary>
public sealed partial class StoredTimelineView
{
    [Parameter, EditorRequired] public required StoredTimeline Timeline { get; set; }

    /// <summary>Said when the change committed but no region's progress was ever saved (the primary did not take the save).</summary>
    internal const string NotRecorded = "propagation not recorded: the dashboard could not save it after the commit";

    /// <summary>visible, not-visible, watching, not-recorded: for tests and styles.</summary>
    private string StateName =>
        Timeline.Regions.Count == 0 ? (Timeline.Abandoned ? "not-recorded" : "watching")
        : Timeline.AllVisible ? "visible"
        : Timeline.Regions.Any(IsProblem) ? "not-visible"
        : "watching";

    private bool IsProblem(RegionProgress region) =>
        region.State is PropagationState.NotYetVisible or PropagationState.GaveUp
        || Timeline.Abandoned && region.State != PropagationState.Visible;

    private string ClassOf(RegionProgress region) =>
        "stored-timeline-region " + (region.State == PropagationState.Visible ? "stored-timeline-visible" : IsProblem(region) ? "stored-timeline-problem" : "stored-timeline-pending");

    private string IconOf(RegionProgress region) =>
        region.State == PropagationState.Visible ? Icons.Material.Filled.CheckCircle
        : IsProblem(region) ? Icons.Material.Filled.Error
        : Icons.Material.Filled.HourglassTop;

    /// <summary>The region's verdict in a few words.</summary>
    internal string Short(RegionProgress region) => region.State switch
    {
        PropagationState.Visible => Ms(region.Visible ?? TimeSpan.Zero),
        _ when Timeline.Abandoned => "not confirmed: no longer watched (the dashboard watching it stopped)",
        PropagationState.NotYetVisible => "not yet visible",
        PropagationState.GaveUp => "not confirmed: no longer watched",
        _ => "being confirmed",
    };

    private static string Title(RegionProgress region) =>
        PropagationTimeline.Describe(region) + (region.Attempts > 1 ? $" ({region.Attempts} attempts)" : "");

    private static string Ms(TimeSpan elapsed) => string.Create(CultureInfo.InvariantCulture, $"+{elapsed.TotalMilliseconds:0} ms");
}
