using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Features.Routing;

/// <summary>
/// The confirmation of taking a region out of rotation or putting it back: the effect in words ("clients near eu will
/// be sent to the next-nearest region"), and why. Calls no services: <see cref="TrySend"/> answers the errors (empty
/// when sent), and the dialog closes once it is sent.
/// </summary>
public sealed partial class RotationDialog : ComponentBase
{
    private string _reason = "";
    private IReadOnlyList<string> _errors = [];
    private bool _busy;

    [CascadingParameter] public required IMudDialogInstance MudDialog { get; set; }

    [Parameter, EditorRequired] public required bool TakingOut { get; set; }

    [Parameter, EditorRequired] public required string Effect { get; set; }

    [Parameter, EditorRequired] public required Func<string, Task<IReadOnlyList<string>>> TrySend { get; set; }

    private async Task SubmitAsync()
    {
        _busy = true;
        try
        {
            _errors = string.IsNullOrWhiteSpace(_reason) ? ["Say why (the incident, the ticket); it is kept in the audit."] : await TrySend(_reason);
            if (_errors.Count == 0)
            {
                MudDialog.Close(DialogResult.Ok(true));
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private void Cancel() => MudDialog.Cancel();
}
