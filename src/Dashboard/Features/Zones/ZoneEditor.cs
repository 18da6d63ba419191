using System.Data.Common;
using Dashboard.Dns;
using Dashboard.Features.Auth;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Features.Zones;

/// <summary>
/// The editing side of the zone pages (scoped: one per circuit). Each zone's <see cref="ChangeSet"/> is the signed-in
/// user's saved one (<see cref="IStagedChangeSetStore"/>): every staging step is made on a copy, saved, and only then
/// shown, so what a page shows is what a reload, another tab or a restart finds. Opens the dialogs and stages what
/// they return. Dialogs call no services: they get a staging callback that runs the pure change-set rules, so errors
/// appear next to the field and nothing invalid is staged.
/// </summary>
public sealed class ZoneEditor(
    IDialogService dialogs,
    ZoneEditingReads reads,
    ISnackbar snackbar,
    IStagedChangeSetStore store,
    ICurrentActor currentActor,
    ChangeSetCommands commands,
    ImportUploads uploads) : IZoneEditor
{
    private readonly Dictionary<string, SavedChangeSet> _sets = new(StringComparer.Ordinal);

    public event Action? Changed;

    public int StagedCount(string zone) => Get(zone)?.Count ?? 0;

    /// <summary>The zone's staged change set as loaded or last saved, or null when it was not loaded.</summary>
    public ChangeSet? Get(string zone) => _sets.GetValueOrDefault(DnsName.Normalize(zone))?.Set;

    /// <summary>Loads the user's saved change set for the zone, unless this circuit has it already.</summary>
    public async Task LoadAsync(string zone)
    {
        if (!_sets.ContainsKey(DnsName.Normalize(zone)) && await SavedAsync(zone) is not null)
        {
            Changed?.Invoke();
        }
    }

    /// <summary>Drops everything staged for the zone, here and in the saved set.</summary>
    public async Task DiscardAsync(string zone)
    {
        zone = DnsName.Normalize(zone);
        if (!_sets.TryGetValue(zone, out var saved))
        {
            return;
        }
        if (await SaveAsync(saved, new ChangeSet(zone, saved.Set.Policy)) is { } error)
        {
            snackbar.Add(error, Severity.Error);
        }
    }

    /// <summary>Unstages one RRset.</summary>
    public Task UnstageAsync(string zone, RRsetKey key) => StageNowAsync(zone, set =>
    {
        set.Discard(key);
        return StageResult.Ok;
    });

    /// <summary>Unstages the SOA edit.</summary>
    public Task UnstageSoaAsync(string zone) => StageNowAsync(zone, set =>
    {
        set.DiscardSoa();
        return StageResult.Ok;
    });

    /// <summary>Replaces the zone's change set (an import builds a new one) and saves it. Returns the error in words, or null when saved.</summary>
    public async Task<string?> ReplaceAsync(ChangeSet set)
    {
        if (await SavedAsync(set.Zone, set.Policy) is not { } saved)
        {
            return $"The staged changes for {set.Zone} could not be read, so nothing was staged.";
        }
        return await SaveAsync(saved, set);
    }

    /// <summary>
    /// Applies the zone's staged set as the signed-in user. The saved set is removed in the apply's own transaction;
    /// if another tab changed it meanwhile nothing is written and the saved set is reloaded.
    /// </summary>
    public async Task<ApplyResult> ApplyAsync(string zone, string? reason, CancellationToken ct)
    {
        zone = DnsName.Normalize(zone);
        if (!_sets.TryGetValue(zone, out var saved) || saved.Set.IsEmpty)
        {
            return new ApplyResult.Invalid(["Nothing is staged for this zone."]);
        }
        var actor = await currentActor.GetAsync(ct);
        try
        {
            var result = await commands.ApplyAsync(actor, zone, saved.Set, reason, ct, saved.Version);
            if (result is ApplyResult.Applied)
            {
                _sets[zone] = new SavedChangeSet(new ChangeSet(zone, saved.Set.Policy), null);
                Changed?.Invoke();
            }
            return result;
        }
        catch (StagedSetChangedException ex)
        {
            await ReloadAsync(zone);
            return new ApplyResult.Invalid([ex.Message]);
        }
    }

    /// <summary>Every staged RRset (and the SOA edit) whose stored data changed since it was staged: what it was staged from, what is stored now, and the staged result.</summary>
    public async Task<IReadOnlyList<StagedConflict>> ConflictsAsync(string zone, CancellationToken ct)
    {
        if (Get(zone) is not { } set)
        {
            return [];
        }
        var now = await reads.RRsetsAsync(await currentActor.GetAsync(ct), set.Zone, set.RRsets.Select(r => r.Key.Name).Distinct().ToList(), ct);
        var conflicts = new List<StagedConflict>();
        foreach (var staged in set.RRsets.OrderBy(r => r.Key.Name, DnsNameComparer.Instance).ThenBy(r => r.Key.Type))
        {
            var current = now.GetValueOrDefault(staged.Key);
            if ((current?.Version ?? RRsetVersion.Empty) != staged.BaseVersion)
            {
                conflicts.Add(StagedConflict.Of(staged, current));
            }
        }
        if (set.Soa is { } soa && await reads.SoaAsync(await currentActor.GetAsync(ct), set.Zone, ct) is { } currentSoa
            && (SoaFields.TryParse(currentSoa.Content) is not { } fields || $"{fields.WithoutSerial()} {currentSoa.Ttl}" != soa.BaseVersion))
        {
            conflicts.Add(StagedConflict.Of(set.Zone, soa, currentSoa));
        }
        return conflicts;
    }

    /// <summary>Re-stages each conflicting edit on top of the data shown in <paramref name="conflicts"/> and saves the set. Returns the errors in words (empty when re-staged).</summary>
    public async Task<IReadOnlyList<string>> RebaseAsync(string zone, IReadOnlyList<StagedConflict> conflicts)
    {
        if (await SavedAsync(zone) is not { } saved)
        {
            return [$"The staged changes for {DnsName.Normalize(zone)} could not be read, so nothing was re-staged."];
        }
        var working = saved.Set.Clone();
        var errors = new List<string>();
        foreach (var conflict in conflicts)
        {
            var result = conflict.CurrentSoa is { } soa ? working.RebaseSoa(soa) : working.Rebase(conflict.Key, conflict.Current);
            errors.AddRange(result.AllErrors.Select(e => $"{conflict.Key}: {e}"));
        }
        if (errors.Count == 0 && await SaveAsync(saved, working) is { } error)
        {
            errors.Add(error);
        }
        return errors;
    }

    public async Task AddRecordAsync(string zone)
    {
        if (await SavedAsync(zone) is not { } saved)
        {
            return;
        }
        var name = saved.Set.Zone;
        await ShowRecordEditorAsync($"Add a record to {name}", saved.Set, null, (set, draft) => AddAsync(set, draft));

        async Task<StageResult> AddAsync(ChangeSet set, RecordDraft draft)
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
        }
    }

    public async Task EditRRsetAsync(string zone, RRsetRow rrset)
    {
        if (await SavedAsync(zone) is not { } saved)
        {
            return;
        }
        // Edit from what is staged when this RRset already has staged changes, else from the row as read.
        var staged = saved.Set.Find(new RRsetKey(DnsName.Normalize(rrset.Name), rrset.Type));
        var shown = staged is null
            ? rrset
            : rrset with { Ttl = staged.Ttl, Records = staged.After.Select(a => new RecordRow(0, a.Content, a.Disabled)).ToList() };
        // The dialog names each row by the content it showed; map that back to the zone row it came from.
        var fromOf = (staged?.After.Select(a => (Shown: a.Content, a.From)) ?? rrset.Records.Select(r => (Shown: ChangeSet.Normalize(rrset.Type, r.Content), From: (string?)ChangeSet.Normalize(rrset.Type, r.Content))))
            .GroupBy(p => p.Shown).ToDictionary(g => g.Key, g => g.First().From);
        await ShowRecordEditorAsync($"Edit {rrset.Name} {rrset.Type.Mnemonic()}", saved.Set, shown, (set, draft) =>
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
        if (await SavedAsync(zone) is not { } saved)
        {
            return;
        }
        var name = saved.Set.Zone;
        if (await reads.SoaAsync(await currentActor.GetAsync(), name, CancellationToken.None) is not { } soa)
        {
            snackbar.Add($"{name} has no SOA record.", Severity.Error);
            return;
        }
        // The SOA editor stages synchronously: into a copy, saved once the dialog closes.
        ChangeSet? working = null;
        var parameters = new DialogParameters<SoaEditorDialog>
        {
            { d => d.Zone, name },
            { d => d.Current, soa },
            { d => d.Staged, saved.Set.Soa },
            { d => d.Policy, saved.Set.Policy },
            { d => d.TryStage, draft =>
                {
                    var copy = saved.Set.Clone();
                    var result = copy.StageSoa(soa, draft.Fields, draft.Ttl, draft.RequestedSerial);
                    working = result.Staged ? copy : working;
                    return result;
                }
            },
        };
        if (await ShowAsync<SoaEditorDialog>($"SOA of {name}", parameters) && working is not null
            && await SaveAsync(saved, working) is { } error)
        {
            snackbar.Add(error, Severity.Error);
        }
    }

    public async Task ImportAsync(string zone)
    {
        if (await SavedAsync(zone) is not { } saved)
        {
            return;
        }
        if (!saved.Set.IsEmpty)
        {
            snackbar.Add("Apply or discard the staged changes before importing: an import is reviewed as a change set of its own.", Severity.Warning);
            return;
        }
        var name = saved.Set.Zone;
        var parameters = new DialogParameters<ImportDialog>
        {
            { d => d.Zone, name },
            { d => d.TakeUpload, async token =>
                {
                    // The endpoint parked the set for the user who sent it; another user's token finds nothing.
                    var actor = await currentActor.GetAsync();
                    if (uploads.Take(token, actor.UserId, name) is not { } imported)
                    {
                        return false;
                    }
                    if (await SaveAsync(Current(name) ?? saved, imported) is { } error)
                    {
                        snackbar.Add(error, Severity.Error);
                        return false;
                    }
                    return true;
                }
            },
        };
        await ShowAsync<ImportDialog>($"Import a zone file into {name}", parameters);
    }

    /// <summary>Shows the record editor; each try stages into a fresh copy of the saved set, which replaces it once saved.</summary>
    private async Task ShowRecordEditorAsync(string title, ChangeSet set, RRsetRow? existing, Func<ChangeSet, RecordDraft, Task<StageResult>> stage)
    {
        var parameters = new DialogParameters<RecordEditorDialog>
        {
            { d => d.Zone, set.Zone },
            { d => d.Policy, set.Policy },
            { d => d.Existing, existing },
            { d => d.TryStage, async draft =>
                {
                    if (Current(set.Zone) is not { } saved)
                    {
                        return StageResult.Fail(ChangeSetFields.RRset, $"The staged changes for {set.Zone} could not be read, so nothing was staged.");
                    }
                    var working = saved.Set.Clone();
                    var result = await stage(working, draft);
                    return result.Staged && await SaveAsync(saved, working) is { } error ? StageResult.Fail(ChangeSetFields.RRset, error) : result;
                }
            },
        };
        await ShowAsync<RecordEditorDialog>(title, parameters);
    }

    private async Task<bool> ShowAsync<TDialog>(string title, DialogParameters parameters) where TDialog : IComponent
    {
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true };
        var dialog = await dialogs.ShowAsync<TDialog>(title, parameters, options);
        var result = await dialog.Result;
        if (result is { Canceled: false })
        {
            Changed?.Invoke();
            return true;
        }
        return false;
    }

    /// <summary>Stages one step into a copy of the saved set and saves it; says in a snackbar why when nothing was staged.</summary>
    private async Task StageNowAsync(string zone, Func<ChangeSet, StageResult> stage)
    {
        if (await SavedAsync(zone) is not { } saved)
        {
            return;
        }
        var working = saved.Set.Clone();
        var result = stage(working);
        var error = result.Staged ? await SaveAsync(saved, working) : string.Join(" ", result.AllErrors);
        if (error is not null)
        {
            snackbar.Add(error, Severity.Error);
        }
        Changed?.Invoke();
    }

    private SavedChangeSet? Current(string zone) => _sets.GetValueOrDefault(DnsName.Normalize(zone));

    /// <summary>
    /// Saves <paramref name="working"/> over <paramref name="saved"/>; only then does it become the zone's set here.
    /// Returns null when saved, else why nothing was staged (after reloading the saved set when another tab changed it).
    /// </summary>
    private async Task<string?> SaveAsync(SavedChangeSet saved, ChangeSet working)
    {
        try
        {
            var actor = await currentActor.GetAsync();
            var version = await store.SaveAsync(actor, working, saved.Version, CancellationToken.None);
            _sets[working.Zone] = new SavedChangeSet(working, version);
            return null;
        }
        catch (StagedSetChangedException ex)
        {
            await ReloadAsync(working.Zone);
            return ex.Message;
        }
        catch (Exception ex) when (ex is DbException or TimeoutException)
        {
            return $"The change could not be saved, so nothing was staged (the database answered: {ex.Message}).";
        }
        finally
        {
            Changed?.Invoke();
        }
    }

    private async Task ReloadAsync(string zone)
    {
        _sets.Remove(DnsName.Normalize(zone));
        await SavedAsync(zone);
        Changed?.Invoke();
    }

    /// <summary>
    /// The user's saved change set for the zone, read on first use with the zone's tier policy; null (and said why)
    /// when the zone has no tier or the saved set cannot be read.
    /// </summary>
    private async Task<SavedChangeSet?> SavedAsync(string zone, ZonePolicy? known = null)
    {
        zone = DnsName.Normalize(zone);
        if (_sets.TryGetValue(zone, out var saved))
        {
            return saved;
        }
        try
        {
            if ((known ?? await reads.PolicyAsync(await currentActor.GetAsync(), zone, CancellationToken.None)) is not { } policy)
            {
                snackbar.Add($"{zone} has no tier (free or pro), so its TTL bounds are unknown; it cannot be edited until it has one.", Severity.Error);
                return null;
            }
            var actor = await currentActor.GetAsync();
            return _sets[zone] = await store.GetAsync(actor, zone, policy, CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbException or TimeoutException or InvalidDataException or System.Text.Json.JsonException)
        {
            snackbar.Add($"Your staged changes for {zone} could not be read, so the zone cannot be edited now: {ex.Message}", Severity.Error);
            return null;
        }
    }
}

/// <summary>What the record editor returns: owner name as typed, type, TTL and the rows (each naming the row it was, by index).</summary>
public sealed record RecordDraft(string Name, RecordType Type, int Ttl, IReadOnlyList<RecordEdit> Records);

/// <summary>What the SOA editor returns: the fields (serial ignored), the SOA TTL, and a serial the operator wants (may only raise it).</summary>
public sealed record SoaDraft(SoaFields Fields, int Ttl, long? RequestedSerial);
