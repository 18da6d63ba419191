using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Features.Propagation;

/// <summary>
/// Shows a <see cref="PropagationRun"/> as it goes, for the operator who made the change: per region the replay, the
/// flush and the DNS answer that confirmed it, each counted from the COMMIT ("us: done, confirmed by DNS +12 ms").
/// A region not confirmed within the propagation timeout turns the alert red, and stays listed until it is visible.
/// </summary>
public sealed partial class PropagationTimeline : IDisposable
{
    private PropagationRun? _run;
    private IDisposable? _subscription;
    private PropagationSnapshot _snapshot = null!;

    [Parameter, EditorRequired] public required PropagationRun Run { get; set; }

    /// <summary>What was committed ("Applied 2 record changes; the SOA serial is now N.").</summary>
    [Parameter] public RenderFragment? ChildContent { get; set; }

    [Parameter] public string TestId { get; set; } = "propagation";

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(_run, Run))
        {
            return;
        }
        _subscription?.Dispose();
        _run = Run;
        // Subscribe first, then read: a change in between is delivered, never lost.
        _subscription = Run.Store.Subscribe(snapshot => InvokeAsync(() =>
        {
            _snapshot = snapshot;
            StateHasChanged();
        }));
        _snapshot = Run.Current;
    }

    private Severity Severity =>
        _snapshot.Regions.Any(IsProblem) ? Severity.Error
        : _snapshot.AllVisible ? Severity.Success
        : Severity.Info;

    /// <summary>visible, confirming, or not-visible: for tests and styles.</summary>
    private string StateName =>
        _snapshot.Regions.Any(IsProblem) ? "not-visible" : _snapshot.AllVisible ? "visible" : "confirming";

    private static bool IsProblem(RegionProgress region) => region.State is PropagationState.NotYetVisible or PropagationState.GaveUp;

    internal static string Describe(RegionProgress region)
    {
        var steps = string.Join(", ", new[] { ("replayed", region.Replayed), ("flushed", region.Flushed) }
            .Where(s => s.Item2 is not null).Select(s => $"{s.Item1} {Ms(s.Item2!.Value)}"));
        return region.State switch
        {
            PropagationState.WaitingForReplay => "waiting for its database to replay the change…",
            PropagationState.Confirming => $"{steps}; asking its PowerDNS…" + (region.Detail is null ? "" : $" (so far: {region.Detail})"),
            PropagationState.Visible => $"done, confirmed by DNS {Ms(region.Visible!.Value)}" + (steps.Length == 0 ? "" : $" ({steps})"),
            PropagationState.NotYetVisible => $"not yet visible: {region.Detail}",
            _ => $"not confirmed, and no longer watched: {region.Detail}",
        };
    }

    private static string Ms(TimeSpan elapsed) => string.Create(CultureInfo.InvariantCulture, $"+{elapsed.TotalMilliseconds:0} ms");

    public void Dispose() => _subscription?.Dispose();
}
