using Dashboard.Dns;

namespace Dashboard.Features.Zones;

/// <summary>
/// The edits staged for one zone, not yet applied. Pure: staging validates each input at once (per-type content,
/// names inside the zone, the tier's TTL bounds, the RRset rules) and stages nothing invalid. Each touched RRset
/// remembers the version it had when first staged, so <see cref="ChangeSetCommands"/> can refuse a conflict.
/// Not thread-safe: one per zone per circuit.
/// </summary>
public sealed class ChangeSet(string zone, ZonePolicy policy)
{
    private readonly Dictionary<RRsetKey, StagedRRset> _rrsets = [];

    public string Zone { get; } = DnsName.Normalize(zone);

    public ZonePolicy Policy { get; } = policy;

    public StagedSoa? Soa { get; private set; }

    /// <summary>Set when the set was staged from a zone file: its apply is audited as one <c>zone.import</c> with the changes under it.</summary>
    public ImportOrigin? Import { get; private set; }

    /// <summary>Marks the set as staged from a zone file (see <see cref="ZoneImport"/>).</summary>
    public void MarkImported(bool replaceWholeZone) => Import = new ImportOrigin(replaceWholeZone);

    public IReadOnlyCollection<StagedRRset> RRsets => _rrsets.Values;

    public bool IsEmpty => _rrsets.Count == 0 && Soa is null;

    /// <summary>How many record changes (plus one for a SOA edit) applying would make.</summary>
    public int Count => Diff().Sum(d => d.Changes.Count) + (Soa is null ? 0 : 1);

    public StagedRRset? Find(RRsetKey key) => _rrsets.GetValueOrDefault(key);

    /// <summary>Adds a record. <paramref name="current"/> is the RRset as read now (null when the name has no record of that type).</summary>
    /// <param name="othersAtName">Every RRset read at that name (any type), so CNAME exclusivity is checked before staging; null skips it.</param>
    public StageResult Add(string name, RecordType type, string content, int ttl, RRsetRow? current, IReadOnlyCollection<RRsetRow>? othersAtName = null)
    {
        var errors = new Errors();
        if (type == RecordType.SOA)
        {
            errors.Add(ChangeSetFields.Type, "The SOA is edited in the SOA editor, not added as a record");
        }
        var owner = DnsName.ResolveOwner(name, Zone);
        errors.Add(ChangeSetFields.Name, owner.Errors);
        var normalized = RecordContent.Validate(type, content);
        errors.Add(ChangeSetFields.Content, normalized.Errors);
        if (errors.Any)
        {
            return errors.Result;
        }

        var key = new RRsetKey(owner.Value!, type);
        if (current is not null && (DnsName.Normalize(current.Name) != key.Name || current.Type != type))
        {
            throw new ArgumentException($"The RRset given ({current.Name} {current.Type.Mnemonic()}) is not {key}.", nameof(current));
        }
        var staged = Start(key, current);
        if (staged.After.Count > 0 && ttl != staged.Ttl)
        {
            return StageResult.Fail(ChangeSetFields.Ttl,
                $"{key} has TTL {staged.Ttl}; every record of a set shares one TTL (RFC 2181). Change the set's TTL to change it for all its records");
        }
        var added = staged with { After = [.. staged.After, new AfterRecord(null, normalized.Value!, false)], Ttl = ttl };
        if (othersAtName is not null && RulesAtName(key.Name, added, othersAtName) is { Count: > 0 } conflicts)
        {
            return StageResult.Fail(ChangeSetFields.Type, conflicts);
        }
        return Commit(added, ChangeSetFields.Content);
    }

    /// <summary>
    /// The RRset rules (CNAME exclusivity, duplicates, one TTL) over everything at one name as it would be: the other
    /// types as staged here or else as read, plus <paramref name="changed"/>. Apply checks the same under its locks;
    /// this says it next to the field, before anything is staged.
    /// </summary>
    private IReadOnlyList<string> RulesAtName(string name, StagedRRset changed, IReadOnlyCollection<RRsetRow> readAtName)
    {
        var records = new List<ZoneRecord>();
        foreach (var other in readAtName.Where(r => r.Type != changed.Key.Type && DnsName.Normalize(r.Name) == name))
        {
            var rows = Find(KeyOf(other)) is { } staged
                ? staged.After.Select(a => (a.Content, a.Disabled, staged.Ttl))
                : other.Records.Select(r => (Content: Normalize(other.Type, r.Content), r.Disabled, other.Ttl));
            records.AddRange(rows.Select(r => new ZoneRecord(name, other.Type, r.Content, r.Item3, r.Disabled)));
        }
        // RRsets staged at this name that were not read (new ones, like the NS of a delegation staged before its DS).
        var read = readAtName.Select(KeyOf).ToHashSet();
        foreach (var staged in _rrsets.Values.Where(s => s.Key.Name == name && s.Key.Type != changed.Key.Type && !read.Contains(s.Key)))
        {
            records.AddRange(staged.After.Select(a => new ZoneRecord(name, staged.Key.Type, a.Content, staged.Ttl, a.Disabled)));
        }
        records.AddRange(changed.After.Select(a => new ZoneRecord(name, changed.Key.Type, a.Content, changed.Ttl, a.Disabled)));
        return RRsetRules.Check(Zone, records);
    }

    /// <summary>
    /// Replaces an existing RRset's rows and TTL as edited in the record editor: each row names the content it was
    /// (null for a new row); a current row no edited row came from is deleted.
    /// </summary>
    public StageResult EditRRset(RRsetRow current, IReadOnlyList<RecordEdit> rows, int ttl)
    {
        if (RefuseSoa(current) is { } refused)
        {
            return refused;
        }
        var key = KeyOf(current);
        var staged = Start(key, current);
        var errors = new Errors();
        var after = new List<AfterRecord>();
        for (var i = 0; i < rows.Count; i++)
        {
            var valid = RecordContent.Validate(key.Type, rows[i].Content);
            errors.Add($"{ChangeSetFields.Content}[{i}]", valid.Errors);
            if (valid.IsValid)
            {
                after.Add(new AfterRecord(rows[i].From is { } from ? Normalize(key.Type, from) : null, valid.Value!, rows[i].Disabled));
            }
        }
        return errors.Any ? errors.Result : Commit(staged with { After = after, Ttl = ttl }, ChangeSetFields.RRset);
    }

    public StageResult EditContent(RRsetRow current, string content, string newContent)
    {
        if (RefuseSoa(current) is { } refused)
        {
            return refused;
        }
        var staged = Start(KeyOf(current), current);
        var valid = RecordContent.Validate(staged.Key.Type, newContent);
        if (!valid.IsValid)
        {
            return StageResult.Fail(ChangeSetFields.Content, valid.Errors);
        }
        return Update(staged, content, row => row with { Content = valid.Value! }, ChangeSetFields.Content);
    }

    public StageResult SetTtl(RRsetRow current, int ttl)
    {
        if (RefuseSoa(current) is { } refused)
        {
            return refused;
        }
        var staged = Start(KeyOf(current), current);
        return Commit(staged with { Ttl = ttl }, ChangeSetFields.Ttl);
    }

    public StageResult Delete(RRsetRow current, string content) =>
        ChangeRecord(current, content, (staged, index) =>
            Commit(staged with { After = [.. staged.After.Where((_, i) => i != index)] }, ChangeSetFields.Content));

    public StageResult SetDisabled(RRsetRow current, string content, bool disabled) =>
        RefuseSoa(current) ?? Update(Start(KeyOf(current), current), content, row => row with { Disabled = disabled }, ChangeSetFields.Content);

    /// <summary>Flips the disabled flag of one record as it is staged now (or as it is in the zone when not yet staged).</summary>
    public StageResult ToggleDisabled(RRsetRow current, string content) =>
        ChangeRecord(current, content, (staged, index) =>
            Update(staged, content, row => row with { Disabled = !staged.After[index].Disabled }, ChangeSetFields.Content));

    /// <summary>
    /// The steps every one-record change shares: the SOA is refused here, the RRset is taken as staged (or as in the
    /// zone), and a record that is not in it is refused; <paramref name="change"/> gets the set and the record's index.
    /// </summary>
    private StageResult ChangeRecord(RRsetRow current, string content, Func<StagedRRset, int, StageResult> change)
    {
        if (RefuseSoa(current) is { } refused)
        {
            return refused;
        }
        var staged = Start(KeyOf(current), current);
        var index = IndexOf(staged, content);
        return index < 0 ? NotInSet(staged.Key, content) : change(staged, index);
    }

    /// <summary>Replaces a whole RRset (import): <paramref name="records"/> (storage form, one TTL) become its rows; empty deletes it.</summary>
    public StageResult Replace(RRsetKey key, RRsetRow? current, IReadOnlyList<ZoneRecord> records)
    {
        if (key.Type == RecordType.SOA)
        {
            throw new ArgumentException("The SOA is staged with StageSoa.", nameof(key));
        }
        var staged = Start(key, current);
        var errors = new Errors();
        var after = new List<AfterRecord>();
        foreach (var record in records)
        {
            var valid = RecordContent.Validate(key.Type, record.Content);
            errors.Add(ChangeSetFields.Content, valid.Errors.Select(e => $"{key}: {e}"));
            if (valid.IsValid)
            {
                // A row the zone already has keeps its identity, so the diff shows it unchanged rather than deleted and re-added.
                var from = staged.Before.Any(b => b.Content == valid.Value) ? valid.Value : null;
                after.Add(new AfterRecord(from, valid.Value!, record.Disabled));
            }
        }
        var ttls = records.Select(r => r.Ttl).Distinct().ToList();
        if (ttls.Count > 1)
        {
            errors.Add(ChangeSetFields.Ttl, $"{key}: all records in a set must have the same TTL (found {string.Join(", ", ttls.Order())})");
        }
        return errors.Any ? errors.Result : Commit(staged with { After = after, Ttl = ttls.Count == 1 ? ttls[0] : staged.Ttl }, ChangeSetFields.RRset);
    }

    /// <summary>Stages the SOA fields and TTL. The serial is managed: <paramref name="requestedSerial"/> may raise it, never lower it.</summary>
    public StageResult StageSoa(SoaState current, SoaFields after, int ttl, long? requestedSerial)
    {
        var before = Soa is { } staged ? (staged.Before, staged.BeforeTtl) : (current.Fields, current.Ttl);
        var errors = new Errors();
        var mname = HostnameTarget.Validate(after.Mname, "Primary nameserver (MNAME)");
        var rname = SoaContent.ValidateMailbox(after.Rname, "Responsible mailbox (RNAME)");
        errors.Add(ChangeSetFields.Mname, mname.Errors);
        errors.Add(ChangeSetFields.Rname, rname.Errors);
        CheckTimer(errors, ChangeSetFields.Refresh, "REFRESH", after.Refresh);
        CheckTimer(errors, ChangeSetFields.Retry, "RETRY", after.Retry);
        CheckTimer(errors, ChangeSetFields.Expire, "EXPIRE", after.Expire);
        CheckTimer(errors, ChangeSetFields.Minimum, "MINIMUM", after.Minimum);
        if (TtlRules.CheckTier(ttl, Policy.Bounds) is { } ttlError)
        {
            errors.Add(ChangeSetFields.Ttl, ttlError);
        }
        // Serial arithmetic (RFC 1982): ahead means less than 2^31 ahead, so a serial may wrap past 4294967295.
        if (requestedSerial is { } serial && SoaSerial.CheckRequested(current.Fields.Serial, serial) is { } serialError)
        {
            errors.Add(ChangeSetFields.Serial, serialError);
        }
        if (Policy.CheckNegativeTtl(ttl, after.Minimum) is { } negative)
        {
            errors.Add(ChangeSetFields.Minimum, negative);
        }
        if (errors.Any)
        {
            return errors.Result;
        }

        var normalized = after with { Mname = mname.Value!, Rname = rname.Value!, Serial = requestedSerial ?? current.Fields.Serial };
        var requested = requestedSerial is { } wanted && wanted != current.Fields.Serial ? requestedSerial : null;
        Soa = normalized.WithoutSerial() == before.Item1.WithoutSerial() && ttl == before.Item2 && requested is null
            ? null
            : new StagedSoa(before.Item1, before.Item2, normalized, ttl, requested);
        return StageResult.Ok;
    }

    public void Discard(RRsetKey key) => _rrsets.Remove(key);

    public void DiscardSoa() => Soa = null;

    public void Clear()
    {
        _rrsets.Clear();
        Soa = null;
        Import = null;
    }

    /// <summary>A copy to stage into: kept only if it is saved (<see cref="ZoneEditor"/>), so a failed save leaves this set as it was.</summary>
    public ChangeSet Clone() => Restore(Zone, Policy, _rrsets.Values, Soa);

    /// <summary>A change set as it was saved (<see cref="StagedChangeSetStore"/>): its RRsets keep their base versions, so a conflict is still found.</summary>
    public static ChangeSet Restore(string zone, ZonePolicy policy, IEnumerable<StagedRRset> rrsets, StagedSoa? soa)
    {
        var set = new ChangeSet(zone, policy) { Soa = soa };
        foreach (var rrset in rrsets)
        {
            set._rrsets[rrset.Key] = rrset;
        }
        return set;
    }

    /// <summary>
    /// Re-stages this RRset's edit on top of <paramref name="current"/> (the RRset as stored now, null when it is gone),
    /// which becomes its new base. The edit is replayed, not its result copied: rows the operator added are added, rows
    /// they deleted are deleted if still there, rows they changed or flipped are changed on the current row, a TTL they
    /// changed is kept; rows they did not touch stay as the other writer left them. Nothing staged for the key: no-op.
    /// </summary>
    public StageResult Rebase(RRsetKey key, RRsetRow? current)
    {
        if (Find(key) is not { } staged)
        {
            return StageResult.Ok;
        }
        if (current is not null && KeyOf(current) != key)
        {
            throw new ArgumentException($"The RRset given ({current.Name} {current.Type.Mnemonic()}) is not {key}.", nameof(current));
        }
        var now = current is null
            ? []
            : current.Records.Select(r => new BeforeRecord(Normalize(key.Type, r.Content), current.Ttl, r.Disabled)).ToList();
        var rows = now.Select(b => new AfterRecord(b.Content, b.Content, b.Disabled)).ToList();

        void AddOrKeep(AfterRecord mine)
        {
            var same = rows.FindIndex(r => r.Content == mine.Content);
            if (same < 0)
            {
                rows.Add(new AfterRecord(null, mine.Content, mine.Disabled));
            }
            else
            {
                rows[same] = rows[same] with { Disabled = mine.Disabled };
            }
        }

        foreach (var mine in staged.After)
        {
            var source = mine.From is null ? null : staged.Before.FirstOrDefault(b => b.Content == mine.From);
            if (source is null)
            {
                AddOrKeep(mine);
                continue;
            }
            var edited = mine.Content != source.Content;
            var flipped = mine.Disabled != source.Disabled;
            var index = rows.FindIndex(r => r.From == source.Content);
            if (index < 0)
            {
                // The other writer removed or changed the row this one came from: an edit of it is added; an untouched row stays gone.
                if (edited || flipped)
                {
                    AddOrKeep(mine);
                }
                continue;
            }
            rows[index] = rows[index] with
            {
                Content = edited ? mine.Content : rows[index].Content,
                Disabled = flipped ? mine.Disabled : rows[index].Disabled,
            };
        }
        foreach (var deleted in staged.Before.Where(b => !staged.After.Any(a => a.From == b.Content)))
        {
            rows.RemoveAll(r => r.From == deleted.Content);
        }

        var baseTtl = staged.Before.Count > 0 ? staged.Before[0].Ttl : (int?)null;
        var ttl = current is null || baseTtl is null || staged.Ttl != baseTtl ? staged.Ttl : current.Ttl;
        var rebased = new StagedRRset(key, current?.Version ?? RRsetVersion.Empty, now, rows, ttl);
        return Commit(rebased, ChangeSetFields.RRset);
    }

    /// <summary>
    /// Re-stages the SOA edit on top of <paramref name="current"/>: the fields and TTL the operator changed keep their
    /// new values, the others take the current ones; a requested serial counts only while it is above the current one.
    /// </summary>
    public StageResult RebaseSoa(SoaState current)
    {
        if (Soa is not { } staged)
        {
            return StageResult.Ok;
        }
        var now = current.Fields;
        T Pick<T>(T before, T after, T stored) => EqualityComparer<T>.Default.Equals(before, after) ? stored : after;
        var fields = new SoaFields(
            Pick(staged.Before.Mname, staged.After.Mname, now.Mname),
            Pick(staged.Before.Rname, staged.After.Rname, now.Rname),
            now.Serial,
            Pick(staged.Before.Refresh, staged.After.Refresh, now.Refresh),
            Pick(staged.Before.Retry, staged.After.Retry, now.Retry),
            Pick(staged.Before.Expire, staged.After.Expire, now.Expire),
            Pick(staged.Before.Minimum, staged.After.Minimum, now.Minimum));
        var ttl = Pick(staged.BeforeTtl, staged.AfterTtl, current.Ttl);
        var requested = staged.RequestedSerial > now.Serial ? staged.RequestedSerial : null;
        // StageSoa takes its base from a staged SOA when there is one: without it, the base is the current SOA.
        Soa = null;
        var result = StageSoa(current, fields, ttl, requested);
        if (!result.Staged)
        {
            Soa = staged;
        }
        return result;
    }

    /// <summary>The staged diff, one entry per RRset with a change, in name then type order.</summary>
    public IReadOnlyList<RRsetDiff> Diff() =>
        _rrsets.Values
            .OrderBy(s => s.Key.Name, DnsNameComparer.Instance)
            .ThenBy(s => s.Key.Type)
            .Select(DiffOf)
            .ToList();

    public static RRsetDiff DiffOf(StagedRRset staged)
    {
        var key = staged.Key;
        var used = new HashSet<string>(StringComparer.Ordinal);
        var afterRows = new List<DiffRow>();
        var changes = new List<RecordChange>();
        foreach (var row in staged.After)
        {
            var source = row.From is null ? null : staged.Before.FirstOrDefault(b => b.Content == row.From && !used.Contains(b.Content));
            if (source is null)
            {
                afterRows.Add(new DiffRow(row.Content, staged.Ttl, row.Disabled, DiffKind.Added));
                changes.Add(new RecordChange(Audit.AuditActions.RecordAdd, key, null, Describe(row.Content, staged.Ttl, row.Disabled)));
                continue;
            }
            used.Add(source.Content);
            var kind = KindOf(source, row, staged.Ttl);
            afterRows.Add(new DiffRow(row.Content, staged.Ttl, row.Disabled, kind));
            var action = kind switch
            {
                DiffKind.Changed => Audit.AuditActions.RecordEdit,
                DiffKind.Disabled => Audit.AuditActions.RecordDisable,
                DiffKind.Enabled => Audit.AuditActions.RecordEnable,
                _ => null,
            };
            if (action is not null)
            {
                changes.Add(new RecordChange(action, key, Describe(source.Content, source.Ttl, source.Disabled), Describe(row.Content, staged.Ttl, row.Disabled)));
            }
        }

        var beforeRows = new List<DiffRow>();
        foreach (var before in staged.Before)
        {
            var target = afterRows.Zip(staged.After).FirstOrDefault(p => p.Second.From == before.Content && p.First.Kind != DiffKind.Added).First;
            if (target is null)
            {
                beforeRows.Add(new DiffRow(before.Content, before.Ttl, before.Disabled, DiffKind.Removed));
                changes.Add(new RecordChange(Audit.AuditActions.RecordDelete, key, Describe(before.Content, before.Ttl, before.Disabled), null));
            }
            else
            {
                beforeRows.Add(new DiffRow(before.Content, before.Ttl, before.Disabled, target.Kind));
            }
        }
        return new RRsetDiff(key, beforeRows, afterRows, changes);
    }

    /// <summary>How a record reads in the audit trail and the diff: content, TTL and "disabled" when it is.</summary>
    public static string Describe(string content, int ttl, bool disabled) => $"{content} (TTL {ttl}){(disabled ? " disabled" : "")}";

    private static DiffKind KindOf(BeforeRecord before, AfterRecord after, int ttl) =>
        before.Content != after.Content || before.Ttl != ttl ? DiffKind.Changed
        : before.Disabled == after.Disabled ? DiffKind.Unchanged
        : after.Disabled ? DiffKind.Disabled
        : DiffKind.Enabled;

    private StagedRRset Start(RRsetKey key, RRsetRow? current)
    {
        if (_rrsets.TryGetValue(key, out var staged))
        {
            return staged;
        }
        if (current is null)
        {
            return new StagedRRset(key, RRsetVersion.Empty, [], [], Policy.DefaultTtl);
        }
        var before = current.Records.Select(r => new BeforeRecord(Normalize(key.Type, r.Content), current.Ttl, r.Disabled)).ToList();
        return new StagedRRset(key, current.Version, before, before.Select(b => new AfterRecord(b.Content, b.Content, b.Disabled)).ToList(), current.Ttl);
    }

    /// <summary>Validates the RRset as it would be and stores it (or drops it when it no longer changes anything).</summary>
    private StageResult Commit(StagedRRset staged, string field)
    {
        var errors = new Errors();
        if (!DnsName.IsInZone(staged.Key.Name, Zone))
        {
            errors.Add(ChangeSetFields.Name, $"Name '{staged.Key.Name}' is not inside zone '{Zone}'");
        }
        if (staged.After.Count > 0 && TtlRules.CheckTier(staged.Ttl, Policy.Bounds) is { } ttlError)
        {
            errors.Add(ChangeSetFields.Ttl, ttlError);
        }
        errors.Add(field, RRsetRules.Check(Zone, staged.AfterRecords, complete: false));
        if (errors.Any)
        {
            return errors.Result;
        }
        if (DiffOf(staged).Changes.Count == 0)
        {
            _rrsets.Remove(staged.Key);
        }
        else
        {
            _rrsets[staged.Key] = staged;
        }
        return StageResult.Ok;
    }

    private StageResult Update(StagedRRset staged, string content, Func<AfterRecord, AfterRecord> change, string field)
    {
        var index = IndexOf(staged, content);
        if (index < 0)
        {
            return NotInSet(staged.Key, content);
        }
        var after = staged.After.ToList();
        after[index] = change(after[index]);
        return Commit(staged with { After = after }, field);
    }

    /// <summary>The staged row for <paramref name="content"/>: the row that has it now, else the row that was it.</summary>
    private static int IndexOf(StagedRRset staged, string content)
    {
        var normalized = Normalize(staged.Key.Type, content);
        var index = staged.After.ToList().FindIndex(a => a.Content == normalized);
        return index >= 0 ? index : staged.After.ToList().FindIndex(a => a.From == normalized);
    }

    private static StageResult NotInSet(RRsetKey key, string content) =>
        StageResult.Fail(ChangeSetFields.Content, $"{key} has no record '{content}' (it may already be staged for deletion)");

    private RRsetKey KeyOf(RRsetRow row) => new(DnsName.Normalize(row.Name), row.Type);

    /// <summary>
    /// The SOA is one record the zone cannot live without: it changes only through <see cref="StageSoa"/>, never by
    /// the record operations (deleting or disabling it would stop the zone answering in every region).
    /// </summary>
    private static StageResult? RefuseSoa(RRsetRow row) =>
        row.Type == RecordType.SOA
            ? StageResult.Fail(ChangeSetFields.Type, "The SOA cannot be deleted, disabled or edited as a record; use the SOA editor")
            : null;

    /// <summary>Storage form of content read from the zone; content that no longer validates is kept as it is.</summary>
    internal static string Normalize(RecordType type, string content) =>
        RecordContent.Validate(type, content) is { IsValid: true } valid ? valid.Value! : content;

    private static void CheckTimer(Errors errors, string field, string label, long value)
    {
        if (value is < 0 or > SoaContent.MaxTimer)
        {
            errors.Add(field, $"{label} must be a whole number of seconds from 0 to {SoaContent.MaxTimer}");
        }
    }

    private sealed class Errors
    {
        private readonly Dictionary<string, List<string>> _errors = [];

        public bool Any => _errors.Count > 0;

        public StageResult Result => new(_errors.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value));

        public void Add(string field, params IEnumerable<string> messages)
        {
            foreach (var message in messages)
            {
                if (!_errors.TryGetValue(field, out var list))
                {
                    _errors[field] = list = [];
                }
                list.Add(message);
            }
        }
    }
}

/// <summary>One row of an RRset as edited: the content it was (null for a new row), its content now, disabled.</summary>
/// <summary>Where an imported change set came from: whether the file replaced the whole zone or was merged into it.</summary>
public sealed record ImportOrigin(bool ReplaceWholeZone)
{
    public string Describe(int changes) =>
        $"{changes} change(s) from a zone file, {(ReplaceWholeZone ? "replacing the whole zone" : "merged into the zone")}";
}

public sealed record RecordEdit(string? From, string Content, bool Disabled);
