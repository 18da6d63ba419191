using Microsoft.AspNetCore.Components;

namespace Dashboard.Features.Zones;

/// <summary>
/// After an apply was refused as a conflict: per RRset what the operator staged from, what is stored now and what they
/// staged, and one button to re-stage the edits on the current data. Parameters only; the panel does the work.
/// </summary>
public sealed partial class StagedConflictView : ComponentBase
{
    [Parameter, EditorRequired] public required IReadOnlyList<StagedConflict> Conflicts { get; set; }

    [Parameter] public IReadOnlyList<string> Errors { get; set; } = [];

    [Parameter] public bool Busy { get; set; }

    [Parameter] public EventCallback OnRebase { get; set; }
}
