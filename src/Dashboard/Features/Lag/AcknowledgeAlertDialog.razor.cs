using Dashboard.Client.Live;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Features.Lag;

/// <summary>
/// Asks for the acknowledgement's note. It calls no service: the page's <see cref="Submit"/> does the work and returns
/// an error to show here (null on success, which closes the dialog).
/// </summary>
public partial class AcknowledgeAlertDialog
{
    private string? _note;
    private string? _error;
    private bool _busy;

    [CascadingParameter] public required IMudDialogInstance Dialog { get; set; }
    [Parameter, EditorRequired] public required AlertDto Alert { get; set; }
    [Parameter, EditorRequired] public required Func<string, Task<string?>> Submit { get; set; }

    private async Task SubmitAsync()
    {
        _busy = true;
        try
        {
            _error = await Submit(_note ?? "");
        }
        finally
        {
            _busy = false;
        }
        if (_error is null)
        {
            Dialog.Close(DialogResult.Ok(true));
        }
    }

    private void Cancel() => Dialog.Cancel();
}
