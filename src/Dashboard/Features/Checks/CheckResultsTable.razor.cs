using Microsoft.AspNetCore.Components;

namespace Dashboard.Features.Checks;

public partial class CheckResultsTable
{
    [Parameter, EditorRequired] public required CheckTable Table { get; set; }

    /// <summary>Bumped by the page whenever cells arrived: the table is mutable, so this is what tells the renderer.</summary>
    [Parameter] public int Version { get; set; }

    private List<CheckRow> Rows => (List<CheckRow>)Table.Rows;
}
