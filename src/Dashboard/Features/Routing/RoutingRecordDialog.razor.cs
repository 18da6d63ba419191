using System.Globalization;
using Dashboard.Route53;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Features.Routing;

/// <summary>Adds or edits one latency record of an entry name; checked with <see cref="RoutingRules.CheckSet"/> and closed with the record to stage.</summary>
public sealed partial class RoutingRecordDialog : ComponentBase
{
    private string _setIdentifier = "";
    private string _awsRegion = "";
    private string _type = "A";
    private string _ttl = "60";
    private string _values = "";
    private string _healthCheck = "";
    private IReadOnlyList<string> _errors = [];

    [CascadingParameter] public required IMudDialogInstance MudDialog { get; set; }

    [Parameter, EditorRequired] public required string EntryName { get; set; }

    /// <summary>The record edited; null to add one.</summary>
    [Parameter] public ResourceRecordSet? Existing { get; set; }

    protected override void OnInitialized()
    {
        if (Existing is { } set)
        {
            _setIdentifier = set.SetIdentifier ?? "";
            _awsRegion = set.Region ?? "";
            _type = set.Type;
            _ttl = set.Ttl?.ToString(CultureInfo.InvariantCulture) ?? "";
            _values = string.Join("\n", set.Values);
            _healthCheck = set.HealthCheckId ?? "";
        }
    }

    private void Stage()
    {
        var ttl = long.TryParse(_ttl?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : (long?)null;
        var set = new ResourceRecordSet(
            EntryName,
            _type,
            ttl,
            [.. (_values ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)],
            (_setIdentifier ?? "").Trim(),
            (_awsRegion ?? "").Trim().ToLowerInvariant(),
            string.IsNullOrWhiteSpace(_healthCheck) ? null : _healthCheck.Trim(),
            Existing?.AliasTarget);
        var errors = RoutingRules.CheckSet(set, [RoutingWords.Absolute(EntryName)]).ToList();
        if (ttl is null && set.AliasTarget is null)
        {
            // Said once, in the words of what was typed.
            errors.RemoveAll(e => e.StartsWith("TTL must be", StringComparison.Ordinal));
            errors.Insert(0, $"TTL '{_ttl}' is not a whole number of seconds");
        }
        _errors = errors.Distinct().ToList();
        if (_errors.Count == 0)
        {
            MudDialog.Close(DialogResult.Ok(set));
        }
    }

    private void Cancel() => MudDialog.Cancel();
}
