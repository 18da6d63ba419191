using Dashboard.Dns;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Features.Checks;

public partial class CheckCellView
{
    [Parameter, EditorRequired] public required CheckCell Cell { get; set; }

    private string CssClass => Cell.Comparison switch
    {
        CheckComparison.Matches => "check-ok",
        CheckComparison.Unknown => "check-unknown",
        _ => "check-bad",
    };
}
