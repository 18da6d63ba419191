using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Features.ApiKeys;

/// <summary>The create dialog: returns the filled <see cref="ApiKeyForm"/>; it calls no service (the page runs the command).</summary>
public partial class ApiKeyDialog
{
    private bool _showProblems;

    [CascadingParameter] public required IMudDialogInstance MudDialog { get; set; }

    [Parameter, EditorRequired] public required ApiKeyForm Form { get; set; }
    [Parameter] public IReadOnlyList<ApiKeyOwner> Owners { get; set; } = [];
    [Parameter] public IReadOnlyList<string> ZoneNames { get; set; } = [];

    private void Submit()
    {
        if (Form.Problems().Count > 0)
        {
            _showProblems = true;
            return;
        }
        MudDialog.Close(DialogResult.Ok(Form));
    }

    private void Cancel() => MudDialog.Cancel();
}
