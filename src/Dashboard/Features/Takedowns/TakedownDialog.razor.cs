using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Features.Takedowns;

/// <summary>
/// The reason and evidence of a takedown of one name or many (the preview lists exactly which names go and which were
/// left out, and why). Calls no services: <see cref="TryTakeDown"/> answers the refusal's errors (empty when done),
/// and the dialog closes once it is done.
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

    /// <summary>The names that go.</summary>
    [Parameter, EditorRequired] public required IReadOnlyList<TakedownCandidate> Candidates { get; set; }

    /// <summary>Names that were selected but are left out, with why (a pro-tier zone, already held).</summary>
    [Parameter] public IReadOnlyList<(string Name, string Why)> Excluded { get; set; } = [];

    /// <summary>Gets the request for the first name; a bulk takedown applies its reason and evidence to every name.</summary>
    [Parameter, EditorRequired] public required Func<TakedownRequest, Task<IReadOnlyList<string>>> TryTakeDown { get; set; }

    private async Task SubmitAsync()
    {
        _busy = true;
        try
        {
            var urls = (_urls ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var request = new TakedownRequest(Candidates[0].Name, _reason, urls, _note ?? "", _report);
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
