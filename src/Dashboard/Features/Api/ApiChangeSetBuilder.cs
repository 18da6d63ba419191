using Dashboard.Dns;
using Dashboard.Features.Zones;

namespace Dashboard.Features.Api;

/// <summary>
/// Turns an API change set (<see cref="ChangeSetRequestDto"/>) into the <see cref="ChangeSet"/> the pages stage, with
/// the same rules: per-type content, the tier's TTL bounds and the RRset rules, each error keyed by the field the client
/// sent (<c>rrsets[2].records[0].content</c>). Each entry replaces one whole RRset; its version must be the one the RRset
/// has now, else the entry is a conflict. Pure: the current RRsets are read by the caller.
/// </summary>
public static class ApiChangeSetBuilder
{
    public sealed record Built(ChangeSet? Set, IReadOnlyDictionary<string, string[]> Errors, IReadOnlyList<RRsetConflictDto> Conflicts, IReadOnlyList<RRsetKey> Keys);

    /// <summary>The RRset keys the request names (valid entries only), so the caller can read their current state.</summary>
    public static IReadOnlyList<string> NamesOf(string zone, ChangeSetRequestDto request) =>
        [.. (request.Rrsets ?? []).Select(r => r?.Name is { } name ? DnsName.ResolveOwner(name, zone) : null)
            .Where(r => r is { IsValid: true }).Select(r => r!.Value!).Distinct()];

    public static Built Build(string zone, ZonePolicy policy, ChangeSetRequestDto request, IReadOnlyDictionary<RRsetKey, RRsetRow> current, int maxRRsets)
    {
        zone = DnsName.Normalize(zone);
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, IEnumerable<string> messages)
        {
            foreach (var message in messages)
            {
                if (!errors.TryGetValue(field, out var list))
                {
                    errors[field] = list = [];
                }
                list.Add(message);
            }
        }

        var rrsets = request.Rrsets ?? [];
        if (rrsets.Count == 0)
        {
            Add("rrsets", ["Give at least one RRset to change."]);
        }
        if (rrsets.Count > maxRRsets)
        {
            Add("rrsets", [$"{rrsets.Count:N0} RRsets; a change set takes at most {maxRRsets:N0}. Split it."]);
        }
        if (request.Reason is { Length: > Audit.AuditLog.MaxReasonLength } reason)
        {
            Add("reason", [$"The reason is {reason.Length:N0} characters long; at most {Audit.AuditLog.MaxReasonLength:N0} are kept."]);
        }
        if (errors.Count > 0)
        {
            return Refused(errors);
        }

        var set = new ChangeSet(zone, policy);
        var conflicts = new List<RRsetConflictDto>();
        var keys = new List<RRsetKey>();
        var seen = new Dictionary<RRsetKey, int>();
        for (var i = 0; i < rrsets.Count; i++)
        {
            var at = $"rrsets[{i}]";
            var change = rrsets[i];
            if (change is null)
            {
                Add(at, ["An RRset change is required here."]);
                continue;
            }
            var owner = DnsName.ResolveOwner(change.Name ?? "", zone);
            Add($"{at}.name", owner.Errors);
            RecordType? type = null;
            if (string.IsNullOrWhiteSpace(change.Type))
            {
                Add($"{at}.type", ["Give the record type (A, AAAA, CNAME, …)."]);
            }
            else if (!RecordTypes.TryParse(change.Type, out var parsed))
            {
                Add($"{at}.type", [RecordTypes.Explain(change.Type) ?? $"{change.Type} is not a record type."]);
            }
            else if (parsed == RecordType.SOA)
            {
                Add($"{at}.type", ["The SOA is not changed through change sets."]);
            }
            else
            {
                type = parsed;
            }
            var records = change.Records ?? [];
            if (records.Count > 0 && change.Ttl is null)
            {
                Add($"{at}.ttl", ["Give the RRset's TTL."]);
            }
            var contents = new List<ZoneRecord>();
            for (var j = 0; j < records.Count; j++)
            {
                if (records[j]?.Content is not { } content)
                {
                    Add($"{at}.records[{j}].content", ["Give the record's content."]);
                    continue;
                }
                if (type is null)
                {
                    continue;
                }
                var valid = RecordContent.Validate(type.Value, content);
                Add($"{at}.records[{j}].content", valid.Errors);
                if (valid.IsValid)
                {
                    contents.Add(new ZoneRecord(owner.Value ?? zone, type.Value, valid.Value!, change.Ttl ?? 0, records[j]!.Disabled));
                }
            }
            if (!owner.IsValid || type is null || errors.Keys.Any(k => k.StartsWith(at + ".", StringComparison.Ordinal)))
            {
                continue;
            }
            var key = new RRsetKey(owner.Value!, type.Value);
            if (seen.TryGetValue(key, out var first))
            {
                Add($"{at}.name", [$"{key} is already changed by rrsets[{first}]; give each RRset once."]);
                continue;
            }
            seen[key] = i;
            keys.Add(key);
            var now = current.GetValueOrDefault(key);
            var wanted = string.IsNullOrEmpty(change.Version) ? RRsetVersion.Empty : change.Version;
            if ((now?.Version ?? RRsetVersion.Empty) != wanted)
            {
                conflicts.Add(new RRsetConflictDto(i, key.ToString()));
                continue;
            }
            var staged = set.Replace(key, now, contents);
            foreach (var (field, messages) in staged.Errors)
            {
                Add(field switch
                {
                    ChangeSetFields.Ttl => $"{at}.ttl",
                    ChangeSetFields.Name => $"{at}.name",
                    ChangeSetFields.Type => $"{at}.type",
                    _ => $"{at}.records",
                }, messages);
            }
        }
        if (errors.Count > 0)
        {
            return Refused(errors);
        }
        return new Built(conflicts.Count > 0 ? null : set, new Dictionary<string, string[]>(), conflicts, keys);
    }

    private static Built Refused(Dictionary<string, List<string>> errors) =>
        new(null, errors.ToDictionary(e => e.Key, e => e.Value.ToArray()), [], []);
}
