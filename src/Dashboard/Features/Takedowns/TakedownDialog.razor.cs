using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Features.Takedowns;

/// <summary>
/// The reason and evidence of one takedown. Calls no services: <see cref="TryTakeDown"/> answers the refusal's errors
/// (empty when done), and the dialog closes once it is done.
/// </summary>
public sealed partial class TakedownDialog : ComponentBase
{
    private TakedownReason _reason = TakedownReason.Phishing;
    private string _urls = "";
    private string _note = "";
    private string _report = "";
    private IReadOnlyList<string> _errors = [];
    private bool _busy;

    [CascadingParameter] public required IMudDialogInstance MudDialog { get; set; }

    [Parameter, EditorRequired] public required TakedownCandidate Candidate { get; set; }

    [Parameter, EditorRequired] public required Func<TakedownRequest, Task<IReadOnlyList<string>>> TryTakeDown { get; set; }

    private async Task SubmitAsync()
    {
        _busy = true;
        try
        {
            var urls = (_urls ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var request = new TakedownRequest(Candidate.Name, _reason, urls, _note ?? "", _report);
            // Checked here first (the same rules the command applies), so a missing note costs no round trip.
            var errors = TakedownCommands.Validate(request, out _);
            _errors = errors.Count > 0 ? errors : await TryTakeDown(request);
            if (_errors.Count == 0)
            {
                MudDialog.Close(DialogResult.Ok(request));
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private void Cancel() => MudDialog.Cancel();
}
