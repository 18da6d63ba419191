using Dashboard.Configuration;
using Dashboard.Dns;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Features.Zones;

/// <summary>Name and tier of a new zone. Calls no services: <see cref="TryCreate"/> answers null when created, else the refusal.</summary>
public sealed partial class CreateZoneDialog : ComponentBase
{
    private string _name = "";
    private ZoneTier _tier = ZoneTier.Free;
    private string? _error;
    private bool _busy;

    [CascadingParameter] public required IMudDialogInstance MudDialog { get; set; }

    [Parameter, EditorRequired] public required Func<CreateZoneDraft, Task<string?>> TryCreate { get; set; }

    private bool CanCreate => !_busy && NameError is null && _name.Length > 0;

    private string? NameError => _name.Length == 0 ? null
        : DnsName.Validate(_name, DnsNameKind.Hostname) is { IsValid: false } invalid ? string.Join(" ", invalid.Errors)
        : null;

    private void NameChanged(string value)
    {
        _name = value ?? "";
        _error = null;
    }

    private async Task CreateAsync()
    {
        _busy = true;
        try
        {
            var draft = new CreateZoneDraft(_name, _tier);
            _error = await TryCreate(draft);
            if (_error is null)
            {
                MudDialog.Close(DialogResult.Ok(draft));
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private void Cancel() => MudDialog.Cancel();
}
