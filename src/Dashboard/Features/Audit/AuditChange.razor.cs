using Microsoft.AspNetCore.Components;

namespace Dashboard.Features.Audit;

/// <summary>
/// An entry's before and after, one above the other and wrapping, with what changed between them marked. When only
/// one side exists (an add or a delete) that side is shown plain: all of it is the change.
/// </summary>
public sealed partial class AuditChange : ComponentBase
{
    [Parameter] public string? Before { get; set; }
    [Parameter] public string? After { get; set; }

    private ValueDiff Diff { get; set; } = new([], []);

    protected override void OnParametersSet() =>
        Diff = Before is not null && After is not null
            ? AuditDiff.Compute(Before, After)
            : new ValueDiff([new DiffSegment(Before ?? "", false)], [new DiffSegment(After ?? "", false)]);
}
