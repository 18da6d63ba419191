using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace Dashboard.Features.Zones;

/// <summary>
/// Takes a zone file (pasted or uploaded) and the "replace the whole zone" choice. Calls no services:
/// <see cref="TryStage"/> parses and stages it, answering the errors (with line numbers) when nothing was staged.
/// </summary>
public sealed partial class ImportDialog : ComponentBase
{
    /// <summary>Largest file accepted (a zone of about 100k records).</summary>
    public const long MaxFileBytes = 16 * 1024 * 1024;

    private string _text = "";
    private bool _replaceWholeZone;
    private bool _staging;
    private IReadOnlyList<string> _errors = [];

    [CascadingParameter] public required IMudDialogInstance MudDialog { get; set; }

    [Parameter, EditorRequired] public required string Zone { get; set; }

    [Parameter, EditorRequired] public required Func<ImportDraft, Task<IReadOnlyList<string>>> TryStage { get; set; }

    private async Task UploadAsync(IBrowserFile? file)
    {
        if (file is null)
        {
            return;
        }
        using var reader = new StreamReader(file.OpenReadStream(MaxFileBytes));
        _text = await reader.ReadToEndAsync();
    }

    private async Task StageAsync()
    {
        _staging = true;
        try
        {
            _errors = await TryStage(new ImportDraft(_text, _replaceWholeZone));
            if (_errors.Count == 0)
            {
                MudDialog.Close(DialogResult.Ok(true));
            }
        }
        finally
        {
            _staging = false;
        }
    }

    private void Cancel() => MudDialog.Cancel();
}
