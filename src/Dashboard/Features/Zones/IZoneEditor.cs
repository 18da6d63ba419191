using Dashboard.Dns;

namespace Dashboard.Features.Zones;

/// <summary>
/// What the zone pages call to stage and apply edits. Scoped (one per circuit). The implementation opens the editing
/// dialogs and keeps each zone's staged change set, saved per user, until it is applied or discarded; the pages never write.
/// </summary>
public interface IZoneEditor
{
    /// <summary>Raised after anything staged for any zone changes (pages re-render through InvokeAsync).</summary>
    event Action? Changed;

    /// <summary>How many changes are staged for <paramref name="zone"/>.</summary>
    int StagedCount(string zone);

    /// <summary>Loads the signed-in user's saved change set for <paramref name="zone"/> (staged in an earlier page, tab or run).</summary>
    Task LoadAsync(string zone);

    /// <summary>Opens the record editor for a new record (any supported type) and stages it when confirmed.</summary>
    Task AddRecordAsync(string zone);

    /// <summary>Opens the record editor on an existing RRset (contents, TTL) and stages the edits when confirmed.</summary>
    Task EditRRsetAsync(string zone, RRsetRow rrset);

    /// <summary>Stages deletion of one record of an RRset.</summary>
    void StageDelete(string zone, RRsetRow rrset, RecordRow record);

    /// <summary>Stages disabling (or enabling, when it is disabled) one record.</summary>
    void StageToggleDisabled(string zone, RRsetRow rrset, RecordRow record);

    /// <summary>Opens the SOA editor for the zone and stages the change when confirmed.</summary>
    Task EditSoaAsync(string zone);

    /// <summary>Opens the import dialog (BIND zone file); the parsed file is staged as a change set to review.</summary>
    Task ImportAsync(string zone);
}
