using Dashboard.Dns;
using Dashboard.Features.Auth;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Features.Zones;

/// <summary>
/// The editing side of the zone pages (scoped: one per circuit). Keeps each zone's <see cref="ChangeSet"/> until it is
/// applied or discarded, opens the dialogs and stages what they return. Dialogs call no services: they get a staging
/// callback that runs the pure change-set rules, so errors appear next to the field and nothing invalid is staged.
/// </summary>
public sealed class ZoneEditor(IDialogService dialogs, ZoneEditingReads reads, ICurrentActor currentActor, ISnackbar snackbar, ImportUploads uploads) : IZoneEditor
{
    private readonly Dictionary<string, ChangeSet> _sets = new(StringComparer.Ordinal);

    public event Action? Changed;

    public int StagedCount(string zone) => Get(zone)?.Count ?? 0;

    /// <summary>The zone's staged change set, or null when nothing was ever staged.</summary>
    public ChangeSet? Get(string zone) => _sets.GetValueOrDefault(DnsName.Normalize(zone));

    /// <summary>Drops everything staged for the zone.</summary>
    public void Discard(string zone)
    {
        if (_sets.Remove(DnsName.Normalize(zone)))
        {
            Changed?.Invoke();
        }
    }

    /// <summary>Unstages one RRset.</summary>
    public void Unstage(string zone, RRsetKey key)
    {
        Get(zone)?.Discard(key);
        Changed?.Invoke();
    }

    /// <summary>Replaces the zone's change set (an import builds a new one).</summary>
    public void Replace(ChangeSet set)
    {
        _sets[set.Zone] = set;
        Changed?.Invoke();
    }

    public async Task AddRecordAsync(string zone)
    {
        if (await SetAsync(zone) is not { } set)
        {
            return;
        }
        await ShowRecordEditorAsync($"Add a record to {set.Zone}", set, null, async draft =>
        {
            var owner = DnsName.ResolveOwner(draft.Name, set.Zone);
            if (!owner.IsValid)
            {
                return set.Add(draft.Name, draft.Type, draft.Records[0].Content, draft.Ttl, null);
            }
            // Everything at the name, so that a CNAME next to other data is refused here, next to the field.
            var atName = await reads.RRsetsAsync(await currentActor.GetAsync(), set.Zone, [owner.Value!], CancellationToken.None);
            var current = set.Find(new RRsetKey(owner.Value!, draft.Type)) is null ? atName.GetValueOrDefault(new RRsetKey(owner.Value!, draft.Type)) : null;
            return set.Add(draft.Name, draft.Type, draft.Records[0].Content, draft.Ttl, current, atName.Values.ToList());
        });
    }

    public async Task EditRRsetAsync(string zone, RRsetRow rrset)
    {
        if (await SetAsync(zone) is not { } set)
        {
            return;
        }
        // Edit from what is staged when this RRset already has staged changes, else from the row as read.
        var staged = set.Find(new RRsetKey(DnsName.Normalize(rrset.Name), rrset.Type));
        var shown = staged is null
            ? rrset
            : rrset with { Ttl = staged.Ttl, Records = staged.After.Select(a => new RecordRow(0, a.Content, a.Disabled)).ToList() };
        // The dialog names each row by the content it showed; map that back to the zone row it came from.
        var fromOf = (staged?.After.Select(a => (Shown: a.Content, a.From)) ?? rrset.Records.Select(r => (Shown: ChangeSet.Normalize(rrset.Type, r.Content), From: (string?)ChangeSet.Normalize(rrset.Type, r.Content))))
            .GroupBy(p => p.Shown).ToDictionary(g => g.Key, g => g.First().From);
        await ShowRecordEditorAsync($"Edit {rrset.Name} {rrset.Type}", set, shown, draft =>
            Task.FromResult(set.EditRRset(
                rrset,
                draft.Records.Select(r => r with { From = r.From is null ? null : fromOf.GetValueOrDefault(ChangeSet.Normalize(rrset.Type, r.From)) }).ToList(),
                draft.Ttl)));
    }

    public void StageDelete(string zone, RRsetRow rrset, RecordRow record) =>
        _ = StageNowAsync(zone, set => set.Delete(rrset, record.Content));

    public void StageToggleDisabled(string zone, RRsetRow rrset, RecordRow record) =>
        _ = StageNowAsync(zone, set => set.ToggleDisabled(rrset, record.Content));

    public async Task EditSoaAsync(string zone)
    {
        if (await SetAsync(zone) is not { } set)
        {
            return;
        }
        if (await reads.SoaAsync(await currentActor.GetAsync(), set.Zone, CancellationToken.None) is not { } soa)
        {
            snackbar.Add($"{set.Zone} has no SOA record.", Severity.Error);
            return;
        }
        var parameters = new DialogParameters<SoaEditorDialog>
        {
            { d => d.Zone, set.Zone },
            { d => d.Current, soa },
            { d => d.Staged, set.Soa },
            { d => d.Policy, set.Policy },
            { d => d.TryStage, draft => set.StageSoa(soa, draft.Fields, draft.Ttl, draft.RequestedSerial) },
        };
        await ShowAsync<SoaEditorDialog>($"SOA of {set.Zone}", parameters);
    }

    public async Task ImportAsync(string zone)
    {
        if (await SetAsync(zone) is not { } set)
        {
            return;
        }
        if (!set.IsEmpty)
        {
            snackbar.Add("Apply or discard the staged changes before importing: an import is reviewed as a change set of its own.", Severity.Warning);
            return;
        }
        var parameters = new DialogParameters<ImportDialog>
        {
            { d => d.Zone, set.Zone },
            { d => d.TakeUpload, async token =>
                {
                    // The endpoint parked the set for the user who sent it; another user's token finds nothing.
                    var actor = await currentActor.GetAsync();
                    if (uploads.Take(token, actor.UserId, set.Zone) is not { } imported)
                    {
                        return false;
                    }
                    Replace(imported);
                    return true;
                }
            },
        };
        await ShowAsync<ImportDialog>($"Import a zone file into {set.Zone}", parameters);
    }

    private async Task ShowRecordEditorAsync(string title, ChangeSet set, RRsetRow? existing, Func<RecordDraft, Task<StageResult>> stage)
    {
        var parameters = new DialogParameters<RecordEditorDialog>
        {
            { d => d.Zone, set.Zone },
            { d => d.Policy, set.Policy },
            { d => d.Existing, existing },
            { d => d.TryStage, stage },
        };
        await ShowAsync<RecordEditorDialog>(title, parameters);
    }

    private async Task ShowAsync<TDialog>(string title, DialogParameters parameters) where TDialog : IComponent
    {
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true };
        var dialog = await dialogs.ShowAsync<TDialog>(title, parameters, options);
        var result = await dialog.Result;
        if (result is { Canceled: false })
        {
            Changed?.Invoke();
        }
    }

    private async Task StageNowAsync(string zone, Func<ChangeSet, StageResult> stage)
    {
        if (await SetAsync(zone) is not { } set)
        {
            return;
        }
        var result = stage(set);
        if (!result.Staged)
        {
            snackbar.Add(string.Join(" ", result.AllErrors), Severity.Error);
        }
        Changed?.Invoke();
    }

    /// <summary>The zone's change set, created with the zone's tier policy on first use; null (and said why) when it has no tier.</summary>
    private async Task<ChangeSet?> SetAsync(string zone)
    {
        zone = DnsName.Normalize(zone);
        if (_sets.TryGetValue(zone, out var set))
        {
            return set;
        }
        if (await reads.PolicyAsync(await currentActor.GetAsync(), zone, CancellationToken.None) is not { } policy)
        {
            snackbar.Add($"{zone} has no tier (free or pro), so its TTL bounds are unknown; it cannot be edited until it has one.", Severity.Error);
            return null;
        }
        return _sets[zone] = new ChangeSet(zone, policy);
    }
}

/// <summary>What the record editor returns: owner name as typed, type, TTL and the rows (each naming the row it was, by index).</summary>
public sealed record RecordDraft(string Name, RecordType Type, int Ttl, IReadOnlyList<RecordEdit> Records);

/// <summary>What the SOA editor returns: the fields (serial ignored), the SOA TTL, and a serial the operator wants (may only raise it).</summary>
public sealed record SoaDraft(SoaFields Fields, int Ttl, long? RequestedSerial);
