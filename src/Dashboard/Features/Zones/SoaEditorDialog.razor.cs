using System.Globalization;
using Dashboard.Dns;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Features.Zones;

/// <summary>
/// Edits the zone's SOA, each field with a sentence on what it does to caching. The serial is managed (bumped once
/// per apply); the operator may raise it, never lower it. Calls no services: <see cref="TryStage"/> stages the edit.
/// </summary>
public sealed partial class SoaEditorDialog : ComponentBase
{
    private readonly Dictionary<string, string> _values = [];
    private IReadOnlyDictionary<string, IReadOnlyList<string>> _stageErrors = new Dictionary<string, IReadOnlyList<string>>();

    [CascadingParameter] public required IMudDialogInstance MudDialog { get; set; }

    [Parameter, EditorRequired] public required string Zone { get; set; }
    [Parameter, EditorRequired] public required SoaState Current { get; set; }
    [Parameter] public StagedSoa? Staged { get; set; }
    [Parameter, EditorRequired] public required ZonePolicy Policy { get; set; }
    [Parameter, EditorRequired] public required Func<SoaDraft, StageResult> TryStage { get; set; }

    /// <summary>The fields in the order shown, each with what it does to caching.</summary>
    public static IReadOnlyList<RecordField> Fields { get; } =
    [
        new(ChangeSetFields.Mname, "Primary nameserver (MNAME)", "The zone's primary nameserver. Secondaries and dynamic-update clients contact it; resolvers do not use it for caching."),
        new(ChangeSetFields.Rname, "Responsible mailbox (RNAME)", "The hostmaster's mailbox with the @ written as a dot (hostmaster.tunnel.test.; a dot before the @ is written \\.). No effect on caching."),
        new(ChangeSetFields.Serial, "Serial", "Raised once by every apply (YYYYMMDDnn or +1), never lowered: secondaries copy the zone only when it goes up. You may raise it, not lower it."),
        new(ChangeSetFields.Refresh, "REFRESH (seconds)", "How often secondaries ask whether the serial went up. Our regions replicate through PostgreSQL, so it only matters to outside secondaries."),
        new(ChangeSetFields.Retry, "RETRY (seconds)", "How long a secondary waits to retry after a failed refresh."),
        new(ChangeSetFields.Expire, "EXPIRE (seconds)", "After this long without reaching the primary, a secondary stops answering for the zone."),
        new(ChangeSetFields.Minimum, "MINIMUM (seconds)", "MINIMUM and the SOA TTL: resolvers cache a 'no such name' answer for the smaller of the two (RFC 2308); keep it low in the free zone so a name created a moment after someone asked for it is not hidden."),
        new(ChangeSetFields.Ttl, "SOA TTL (seconds)", "How long resolvers cache the SOA itself, and the other half of the negative TTL: min(SOA TTL, MINIMUM)."),
    ];

    private string NegativeTtlText =>
        TryNumber(ChangeSetFields.Ttl, out var ttl) && TryNumber(ChangeSetFields.Minimum, out var minimum)
            ? $"min(SOA TTL {ttl}, MINIMUM {minimum}) = {Math.Min(ttl, minimum)} s; the {Policy.Bounds.TierName} tier allows at most {Policy.MaxNegativeTtl} s. {NegativeTtlProblem}"
            : "enter the SOA TTL and MINIMUM";

    private string? NegativeTtlProblem =>
        TryNumber(ChangeSetFields.Ttl, out var ttl) && TryNumber(ChangeSetFields.Minimum, out var minimum) && ttl <= int.MaxValue
            ? Policy.CheckNegativeTtl((int)ttl, minimum)
            : null;

    protected override void OnInitialized()
    {
        var fields = Staged?.After ?? Current.Fields;
        // Names are shown absolute (trailing dot) and read back as a zone file reads them: relative to the zone unless they end in a dot.
        _values[ChangeSetFields.Mname] = DnsName.ToAbsolute(fields.Mname);
        _values[ChangeSetFields.Rname] = DnsName.ToAbsolute(fields.Rname);
        _values[ChangeSetFields.Serial] = (Staged?.RequestedSerial ?? Current.Fields.Serial).ToString(CultureInfo.InvariantCulture);
        _values[ChangeSetFields.Refresh] = fields.Refresh.ToString(CultureInfo.InvariantCulture);
        _values[ChangeSetFields.Retry] = fields.Retry.ToString(CultureInfo.InvariantCulture);
        _values[ChangeSetFields.Expire] = fields.Expire.ToString(CultureInfo.InvariantCulture);
        _values[ChangeSetFields.Minimum] = fields.Minimum.ToString(CultureInfo.InvariantCulture);
        _values[ChangeSetFields.Ttl] = (Staged?.AfterTtl ?? Current.Ttl).ToString(CultureInfo.InvariantCulture);
    }

    private void Changed(string key, string value)
    {
        _values[key] = value ?? "";
        _stageErrors = new Dictionary<string, IReadOnlyList<string>>();
    }

    /// <summary>The message next to a field: the number's own problem as typed, or what staging said.</summary>
    private string? ErrorFor(string key)
    {
        if (key is ChangeSetFields.Mname or ChangeSetFields.Rname)
        {
            var result = ResolveName(key);
            if (!result.IsValid)
            {
                return string.Join(" ", result.Errors);
            }
        }
        else if (!TryNumber(key, out var n) || n > (key == ChangeSetFields.Serial ? SoaContent.MaxSerial : SoaContent.MaxTimer))
        {
            return $"Enter a whole number of seconds from 0 to {(key == ChangeSetFields.Serial ? SoaContent.MaxSerial : SoaContent.MaxTimer)}";
        }
        else if (key == ChangeSetFields.Serial && SoaSerial.CheckRequested(Current.Fields.Serial, n) is { } serialError)
        {
            return serialError;
        }
        else if (key == ChangeSetFields.Ttl && TtlRules.CheckTier(n, Policy.Bounds) is { } ttlError)
        {
            return ttlError;
        }
        return _stageErrors.TryGetValue(key, out var errors) ? string.Join(" ", errors) : null;
    }

    /// <summary>MNAME (a host name) or RNAME (a mailbox, which may hold escapes like <c>\.</c>) resolved against the zone.</summary>
    private ValidationResult ResolveName(string key) => key == ChangeSetFields.Mname
        ? HostnameTarget.Validate(_values[key], "Primary nameserver", origin: Zone)
        : SoaContent.ValidateMailbox(_values[key], "Responsible mailbox", Zone);

    /// <summary>A field's help; for MNAME and RNAME also the absolute name the typed value means.</summary>
    private string HelpFor(RecordField field) =>
        field.Key is ChangeSetFields.Mname or ChangeSetFields.Rname && ResolveName(field.Key) is { IsValid: true } name
            ? $"Means {DnsName.ToAbsolute(name.Value!)} — {field.Help}"
            : field.Help;

    private bool TryNumber(string key, out long value) =>
        long.TryParse(_values[key].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private void Stage()
    {
        if (Fields.Any(f => ErrorFor(f.Key) is not null))
        {
            return;
        }
        long N(string key) => long.Parse(_values[key].Trim(), CultureInfo.InvariantCulture);
        var serial = N(ChangeSetFields.Serial);
        var draft = new SoaDraft(
            new SoaFields(ResolveName(ChangeSetFields.Mname).Value!, ResolveName(ChangeSetFields.Rname).Value!, serial,
                N(ChangeSetFields.Refresh), N(ChangeSetFields.Retry), N(ChangeSetFields.Expire), N(ChangeSetFields.Minimum)),
            (int)N(ChangeSetFields.Ttl),
            serial != Current.Fields.Serial ? serial : null);
        var result = TryStage(draft);
        if (result.Staged)
        {
            MudDialog.Close(DialogResult.Ok(draft));
        }
        else
        {
            _stageErrors = result.Errors;
        }
    }

    private void Cancel() => MudDialog.Cancel();
}
