using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Features.Zones;

/// <summary>Asks before a staged change set is discarded. Calls no services: the caller discards when the result is Ok.</summary>
public sealed partial class ConfirmDiscardDialog : ComponentBase
{
    [CascadingParameter] public required IMudDialogInstance MudDialog { get; set; }

    [Parameter, EditorRequired] public required string Zone { get; set; }

    [Parameter, EditorRequired] public required int Count { get; set; }

    private void Confirm() => MudDialog.Close(DialogResult.Ok(true));

    private void Cancel() => MudDialog.Cancel();
}
