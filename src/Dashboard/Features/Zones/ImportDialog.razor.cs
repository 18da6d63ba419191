using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using MudBlazor;

namespace Dashboard.Features.Zones;

/// <summary>
/// Takes a zone file (pasted or chosen) and the "replace the whole zone" choice, and sends them over HTTP to
/// <see cref="ZoneImportEndpoint"/>, which parses and stages them; the circuit only carries the answer (a token, or
/// line-numbered errors). Calls no services: <see cref="TakeUpload"/> moves the staged set into the page's change set.
/// </summary>
public sealed partial class ImportDialog : ComponentBase, IAsyncDisposable
{
    private ElementReference _form;
    private IJSObjectReference? _module;
    private bool _replaceWholeZone;
    private string? _confirmZone;
    private bool _staging;
    private bool _noChanges;
    private IReadOnlyList<string> _errors = [];

    [CascadingParameter] public required IMudDialogInstance MudDialog { get; set; }

    [Parameter, EditorRequired] public required string Zone { get; set; }

    /// <summary>Takes the staged set parked under the token into the page's change set; false when it is gone (expired).</summary>
    [Parameter, EditorRequired] public required Func<string, Task<bool>> TakeUpload { get; set; }

    [Inject] public required IJSRuntime JS { get; init; }

    [Inject] public required IOptions<ImportOptions> Options { get; init; }

    private string MaxSizeText => ZoneImportEndpoint.SizeText(Options.Value.MaxUploadBytes);

    private async Task StageAsync()
    {
        _staging = true;
        _noChanges = false;
        _errors = [];
        try
        {
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./Features/Zones/ImportDialog.razor.js");
            var fields = new Dictionary<string, string>
            {
                ["replaceWholeZone"] = _replaceWholeZone ? "true" : "false",
                ["confirmZone"] = _replaceWholeZone ? _confirmZone ?? "" : "",
            };
            var answer = await _module.InvokeAsync<UploadAnswer>("upload", _form, fields, Options.Value.MaxUploadBytes);
            if (answer.TooLarge is { } size)
            {
                _errors = [ZoneImportEndpoint.TooLargeMessage(size, Options.Value.MaxUploadBytes)];
            }
            else if (answer.Failure is { } failure)
            {
                _errors = [$"The import did not reach the server or got no answer it could read ({failure}). Nothing was staged."];
            }
            else if (answer.NoChanges)
            {
                _noChanges = true;
            }
            else if (answer.Token is { } token)
            {
                if (await TakeUpload(token))
                {
                    MudDialog.Close(DialogResult.Ok(true));
                }
                else
                {
                    _errors = ["The staged import expired before this page took it. Stage it again."];
                }
            }
            else
            {
                _errors = answer.Errors ?? [$"The server refused the import (HTTP {answer.Status}). Nothing was staged."];
            }
        }
        finally
        {
            _staging = false;
        }
    }

    private void Cancel() => MudDialog.Cancel();

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone, and the module with it.
            }
        }
    }

    private sealed record UploadAnswer(int Status, string? Token, IReadOnlyList<string>? Errors, bool NoChanges, int Changes, long? TooLarge, string? Failure);
}
