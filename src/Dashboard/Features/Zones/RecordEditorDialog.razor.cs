using System.Globalization;
using Dashboard.Dns;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Features.Zones;

/// <summary>
/// Adds one record, or edits an existing RRset (its records, their disabled flags, the set's TTL). Each field is
/// validated as it is typed, with the plain-words message next to it. Calls no services: <see cref="TryStage"/>
/// (given by the editor) stages into the zone's change set; the dialog closes only when something was staged.
/// </summary>
public sealed partial class RecordEditorDialog : ComponentBase
{
    private readonly List<EditorRow> _rows = [];
    private readonly List<string> _stageErrors = [];
    private string _name = "";
    private RecordType _type = RecordType.A;
    private RecordType _selectedType = RecordType.A;
    private string _typeCode = "";
    private string _ttl = "";
    private bool _submitted;
    private bool _staging;
    private string? _stageNameError;
    private string? _stageTtlError;

    [CascadingParameter] public required IMudDialogInstance MudDialog { get; set; }

    [Parameter, EditorRequired] public required string Zone { get; set; }

    [Parameter, EditorRequired] public required ZonePolicy Policy { get; set; }

    /// <summary>The RRset to edit (as staged, when it has staged changes); null to add a record.</summary>
    [Parameter] public RRsetRow? Existing { get; set; }

    [Parameter, EditorRequired] public required Func<RecordDraft, Task<StageResult>> TryStage { get; set; }

    private string? NameError => _stageNameError ?? (_submitted || _name.Length > 0 ? NameProblem() : null);

    private string? TypeCodeError => _selectedType == RecordForm.OtherType && (_submitted || _typeCode.Length > 0)
        ? RecordForm.ParseTypeCode(_typeCode).Error
        : null;

    private string? TtlError => _stageTtlError ?? (_submitted || _ttl.Length > 0 ? TtlProblem() : null);

    /// <summary>How to write the name, and once it is valid, the absolute name it means.</summary>
    private string NameHelp => DnsName.ResolveOwner(_name, Zone) is { IsValid: true } owner
        ? $"Means {DnsName.ToAbsolute(owner.Value!)}"
        : $"Relative to {Zone} (www), @ for the apex, or absolute with a trailing dot";

    protected override void OnInitialized()
    {
        if (Existing is { } rrset)
        {
            _name = rrset.Name;
            _type = rrset.Type;
            _selectedType = rrset.Type;
            _ttl = rrset.Ttl.ToString(CultureInfo.InvariantCulture);
            _rows.AddRange(rrset.Records.Select(r => new EditorRow(Zone, r.Content, RecordForm.Split(rrset.Type, r.Content), r.Disabled)));
            foreach (var row in _rows)
            {
                row.Validate(_type);
            }
        }
        else
        {
            _ttl = Policy.DefaultTtl.ToString(CultureInfo.InvariantCulture);
            AddRow();
        }
    }

    private void NameChanged(string value)
    {
        _name = value ?? "";
        _stageNameError = null;
    }

    private void TtlChanged(string value)
    {
        _ttl = value ?? "";
        _stageTtlError = null;
    }

    private string SelectedLabel => RecordForm.TypeLabel(_selectedType);

    private void TypeChanged(string label)
    {
        if (!RecordForm.TryParseTypeLabel(label, out var type))
        {
            return;
        }
        _selectedType = type;
        // An "Other" type has no number yet: its one field takes the generic \# form until the number is typed.
        SetType(type == RecordForm.OtherType ? RecordForm.ParseTypeCode(_typeCode).Type ?? RecordForm.OtherType : type);
    }

    private void TypeCodeChanged(string value)
    {
        _typeCode = value ?? "";
        var type = RecordForm.ParseTypeCode(_typeCode).Type ?? RecordForm.OtherType;
        if (type != _type)
        {
            // Every generic type has the same single field: keep what was typed in it.
            _type = type;
            foreach (var row in _rows)
            {
                row.Validate(_type);
            }
        }
    }

    private void SetType(RecordType type)
    {
        _type = type;
        foreach (var row in _rows)
        {
            row.Reset(type);
        }
    }

    private void FieldChanged(int index, string key, string value)
    {
        _rows[index].Set(_type, key, value ?? "");
        _stageErrors.Clear();
    }

    private void AddRow() => _rows.Add(new EditorRow(Zone, null, RecordForm.Fields(_type).ToDictionary(f => f.Key, _ => ""), false));

    private void RemoveRow(int index) => _rows.RemoveAt(index);

    private string? NameProblem() => DnsName.ResolveOwner(_name, Zone) is { IsValid: false } owner ? string.Join(" ", owner.Errors) : null;

    private string? TtlProblem()
    {
        var parsed = TtlRules.Validate(_ttl);
        if (!parsed.IsValid)
        {
            return string.Join(" ", parsed.Errors);
        }
        return TtlRules.CheckTier(long.Parse(parsed.Value!, CultureInfo.InvariantCulture), Policy.Bounds);
    }

    private async Task StageAsync()
    {
        _submitted = true;
        _stageErrors.Clear();
        foreach (var row in _rows)
        {
            row.Validate(_type);
        }
        if (NameProblem() is not null || TtlProblem() is not null || TypeCodeError is not null || _rows.Any(r => r.Result is not { IsValid: true }))
        {
            return;
        }
        if (Existing is null && _rows.Count == 0)
        {
            _stageErrors.Add("Enter the record's content.");
            return;
        }
        var draft = new RecordDraft(
            _name, _type, int.Parse(_ttl.Trim(), CultureInfo.InvariantCulture),
            _rows.Select(r => new RecordEdit(r.From, r.Result!.Content!, r.Disabled)).ToList());
        _staging = true;
        try
        {
            var result = await TryStage(draft);
            if (result.Staged)
            {
                MudDialog.Close(DialogResult.Ok(draft));
                return;
            }
            _stageNameError = result.For(ChangeSetFields.Name) is { Count: > 0 } n ? string.Join(" ", n) : null;
            _stageTtlError = result.For(ChangeSetFields.Ttl) is { Count: > 0 } t ? string.Join(" ", t) : null;
            _stageErrors.AddRange(result.Errors.Where(e => e.Key is not (ChangeSetFields.Name or ChangeSetFields.Ttl)).SelectMany(e => e.Value));
        }
        finally
        {
            _staging = false;
        }
    }

    private void Cancel() => MudDialog.Cancel();

    /// <summary>One record's inputs while editing, with its latest validation.</summary>
    private sealed class EditorRow(string zone, string? from, Dictionary<string, string> values, bool disabled)
    {
        private readonly HashSet<string> _touched = [];

        public string? From { get; } = from;
        public bool Disabled { get; set; } = disabled;
        public FormResult? Result { get; private set; }

        public string Value(string key) => values.GetValueOrDefault(key, "");

        public void Set(RecordType type, string key, string value)
        {
            values[key] = value;
            _touched.Add(key);
            Validate(type);
        }

        public void Reset(RecordType type)
        {
            values.Clear();
            foreach (var field in RecordForm.Fields(type))
            {
                values[field.Key] = "";
            }
            _touched.Clear();
            Result = null;
        }

        public void Validate(RecordType type) => Result = RecordForm.Compose(type, values, zone);

        public string? ShownError(string key, bool submitted) =>
            (submitted || _touched.Contains(key)) && Result?.Errors.GetValueOrDefault(key) is { } error ? error : null;
    }
}
