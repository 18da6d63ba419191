using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Features.Zones;

/// <summary>Confirms a zone deletion: the button stays disabled until the zone's name is typed exactly. Returns the typed text.</summary>
public sealed partial class DeleteZoneDialog : ComponentBase
{
    private string _typed = "";

    [CascadingParameter] public required IMudDialogInstance MudDialog { get; set; }

    [Parameter, EditorRequired] public required string Zone { get; set; }

    private bool Matches => string.Equals(_typed, Zone, StringComparison.Ordinal);

    private void Confirm()
    {
        if (Matches)
        {
            MudDialog.Close(DialogResult.Ok(_typed));
        }
    }

    private void Cancel() => MudDialog.Cancel();
}
