using System.Globalization;
using Dashboard.Route53;

namespace Dashboard.TestSupport;

/// <summary>
/// Route 53 in memory, for component tests: hosted zones and their record sets, changed the way Route 53 changes them.
/// A batch is checked whole against the zone as each change leaves it and applied all or nothing: CREATE of a set that
/// exists, DELETE of a set that is missing or differs in any field, a set outside the zone, or a routing set beside a
/// simple one of the same name and type fails the batch with InvalidChangeBatch listing every problem. A change stays
/// PENDING until <see cref="SyncAll"/>. Failures can be queued per action (<see cref="FailNext"/>). Thread-safe.
/// </summary>
public sealed class TestRoute53Client(TimeProvider? time = null) : IRoute53Client
{
    public const string ListHostedZones = "ListHostedZones";
    public const string ListResourceRecordSets = "ListResourceRecordSets";
    public const string ChangeResourceRecordSets = "ChangeResourceRecordSets";
    public const string GetChange = "GetChange";

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Zone> _zones = [];
    private readonly Dictionary<string, ChangeInfo> _changes = [];
    private readonly Dictionary<string, Queue<Exception>> _failures = [];
    private readonly List<(string ZoneId, ChangeBatch Batch)> _batches = [];
    private int _nextId;

    private sealed record Zone(string Id, string Name, bool PrivateZone, List<ResourceRecordSet> Sets);

    /// <summary>Most record sets one ListResourceRecordSets page holds when the caller names no maximum (Route 53: 300).</summary>
    public int PageSize { get; set; } = 300;

    /// <summary>Every batch that was applied, in order.</summary>
    public IReadOnlyList<(string ZoneId, ChangeBatch Batch)> Batches
    {
        get
        {
            lock (_gate)
            {
                return [.. _batches];
            }
        }
    }

    /// <summary>Adds a zone with the SOA and NS sets Route 53 creates with one; returns it with its new id.</summary>
    public HostedZone AddZone(string name, bool privateZone = false)
    {
        var apex = Absolute(name);
        lock (_gate)
        {
            var id = "Z" + (++_nextId).ToString("D13", CultureInfo.InvariantCulture);
            _zones[id] = new Zone(id, apex, privateZone, [
                new ResourceRecordSet(apex, "NS", 172800, ["ns-1.awsdns-01.org.", "ns-2.awsdns-02.co.uk.", "ns-3.awsdns-03.com.", "ns-4.awsdns-04.net."]),
                new ResourceRecordSet(apex, "SOA", 900, ["ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"]),
            ]);
            return Describe(_zones[id]);
        }
    }

    /// <summary>The zone's record sets now, in Route 53's listing order.</summary>
    public IReadOnlyList<ResourceRecordSet> RecordSets(string hostedZoneId)
    {
        lock (_gate)
        {
            return [.. Sorted(Find(hostedZoneId).Sets)];
        }
    }

    /// <summary>Makes the next call of <paramref name="action"/> (one of this class's action names) throw <paramref name="error"/> instead.</summary>
    public void FailNext(string action, Exception error)
    {
        lock (_gate)
        {
            if (!_failures.TryGetValue(action, out var queue))
            {
                _failures[action] = queue = new Queue<Exception>();
            }
            queue.Enqueue(error);
        }
    }

    /// <summary>Every pending change becomes INSYNC, as once every Route 53 server has it.</summary>
    public void SyncAll()
    {
        lock (_gate)
        {
            foreach (var (id, info) in _changes.ToList())
            {
                _changes[id] = info with { Status = ChangeStatus.Insync };
            }
        }
    }

    public Task<IReadOnlyList<HostedZone>> ListHostedZonesAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ThrowIfFailing(ListHostedZones);
            return Task.FromResult<IReadOnlyList<HostedZone>>(_zones.Values.OrderBy(z => z.Id, StringComparer.Ordinal).Select(Describe).ToList());
        }
    }

    public Task<ResourceRecordSetPage> ListResourceRecordSetsAsync(string hostedZoneId, RecordSetStart? start, int? maxItems, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ThrowIfFailing(ListResourceRecordSets);
            var sorted = Sorted(Find(hostedZoneId).Sets).ToList();
            var from = start is null ? 0 : sorted.FindIndex(s => Compare(OrderKey(s), (OrderName(start.Name), start.Type ?? "", start.Identifier ?? "")) >= 0);
            if (from < 0)
            {
                from = sorted.Count;
            }
            var size = maxItems ?? PageSize;
            var page = sorted.Skip(from).Take(size).ToList();
            var next = from + size < sorted.Count ? sorted[from + size] : null;
            return Task.FromResult(new ResourceRecordSetPage(page, next is not null,
                next is null ? null : new RecordSetStart(next.Name, next.Type, next.SetIdentifier)));
        }
    }

    public Task<ChangeInfo> ChangeResourceRecordSetsAsync(string hostedZoneId, ChangeBatch batch, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ThrowIfFailing(ChangeResourceRecordSets);
            var zone = Find(hostedZoneId);
            var errors = new List<string>(ChangeBatchLimits.Validate(batch));
            var working = new List<ResourceRecordSet>(zone.Sets);
            foreach (var change in batch.Changes)
            {
                Apply(zone, working, change, errors);
            }
            if (errors.Count > 0)
            {
                throw new Route53Exception(400, "InvalidChangeBatch", string.Join("; ", errors), errors, NewRequestId());
            }
            zone.Sets.Clear();
            zone.Sets.AddRange(working);
            _batches.Add((zone.Id, batch));
            var info = new ChangeInfo("C" + (++_nextId).ToString("D13", CultureInfo.InvariantCulture), ChangeStatus.Pending, _time.GetUtcNow(), batch.Comment);
            _changes[info.Id] = info;
            return Task.FromResult(info);
        }
    }

    public Task<ChangeInfo> GetChangeAsync(string changeId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ThrowIfFailing(GetChange);
            var id = changeId.StartsWith("/change/", StringComparison.Ordinal) ? changeId["/change/".Length..] : changeId;
            return _changes.TryGetValue(id, out var info)
                ? Task.FromResult(info)
                : throw new Route53Exception(404, "NoSuchChange", $"A change with the specified change ID does not exist: {id}", null, NewRequestId());
        }
    }

    private static void Apply(Zone zone, List<ResourceRecordSet> working, Change change, List<string> errors)
    {
        var set = change.Set with { Name = Absolute(change.Set.Name) };
        var what = $"[name='{set.Name}', type='{set.Type}'{(set.SetIdentifier is null ? "" : $", set-identifier='{set.SetIdentifier}'")}]";
        if (!InZone(set.Name, zone.Name))
        {
            errors.Add($"RRSet with DNS name {set.Name} is not permitted in zone {zone.Name}");
            return;
        }
        var existing = working.FindIndex(s => SameSet(s, set));
        switch (change.Action)
        {
            case ChangeAction.Create when existing >= 0:
                errors.Add($"Tried to create resource record set {what} but it already exists");
                return;
            case ChangeAction.Delete when existing < 0:
                errors.Add($"Tried to delete resource record set {what} but it was not found");
                return;
            case ChangeAction.Delete when !SameContent(working[existing], set):
                errors.Add($"Tried to delete resource record set {what} but the values provided do not match the current values");
                return;
            case ChangeAction.Delete:
                working.RemoveAt(existing);
                return;
        }
        var mixed = working.FirstOrDefault(s => SameNameAndType(s, set) && (s.SetIdentifier is null) != (set.SetIdentifier is null));
        if (mixed is not null)
        {
            errors.Add(set.SetIdentifier is null
                ? $"RRSet with DNS name {set.Name}, type {set.Type} cannot be created because a routing-policy set with the same name and type exists"
                : $"RRSet with DNS name {set.Name}, type {set.Type}, SetIdentifier {set.SetIdentifier} cannot be created as a non-routing-policy set exists with the same name and type");
            return;
        }
        if (existing >= 0)
        {
            working[existing] = set;
        }
        else
        {
            working.Add(set);
        }
    }

    private Zone Find(string hostedZoneId)
    {
        var id = hostedZoneId.StartsWith("/hostedzone/", StringComparison.Ordinal) ? hostedZoneId["/hostedzone/".Length..] : hostedZoneId;
        return _zones.TryGetValue(id, out var zone)
            ? zone
            : throw new Route53Exception(404, "NoSuchHostedZone", $"No hosted zone found with ID: {id}", null, NewRequestId());
    }

    private void ThrowIfFailing(string action)
    {
        if (_failures.TryGetValue(action, out var queue) && queue.TryDequeue(out var error))
        {
            throw error;
        }
    }

    private static HostedZone Describe(Zone zone) => new(zone.Id, zone.Name, zone.PrivateZone, zone.Sets.Count);

    private static string NewRequestId() => Guid.NewGuid().ToString();

    private static string Absolute(string name) => name.EndsWith('.') ? name : name + ".";

    private static bool InZone(string name, string apex) =>
        name.Equals(apex, StringComparison.OrdinalIgnoreCase) || name.EndsWith("." + apex, StringComparison.OrdinalIgnoreCase);

    private static bool SameNameAndType(ResourceRecordSet a, ResourceRecordSet b) =>
        a.Name.Equals(b.Name, StringComparison.OrdinalIgnoreCase) && a.Type.Equals(b.Type, StringComparison.OrdinalIgnoreCase);

    private static bool SameSet(ResourceRecordSet a, ResourceRecordSet b) => SameNameAndType(a, b) && a.SetIdentifier == b.SetIdentifier;

    // A DELETE must repeat the set exactly as it is: TTL, values (any order), region, health check, alias.
    private static bool SameContent(ResourceRecordSet a, ResourceRecordSet b) =>
        a.Ttl == b.Ttl && a.Region == b.Region && a.HealthCheckId == b.HealthCheckId && a.AliasTarget == b.AliasTarget
        && a.Values.Order(StringComparer.Ordinal).SequenceEqual(b.Values.Order(StringComparer.Ordinal));

    // Route 53 lists by name with its labels reversed (com.example.www), then type, then set identifier.
    private static IEnumerable<ResourceRecordSet> Sorted(IEnumerable<ResourceRecordSet> sets) =>
        sets.Order(Comparer<ResourceRecordSet>.Create((a, b) => Compare(OrderKey(a), OrderKey(b))));

    private static (string Name, string Type, string Identifier) OrderKey(ResourceRecordSet set) =>
        (OrderName(set.Name), set.Type, set.SetIdentifier ?? "");

    private static string OrderName(string name) =>
        string.Join('.', Absolute(name).TrimEnd('.').ToLowerInvariant().Split('.').Reverse());

    private static int Compare((string Name, string Type, string Identifier) a, (string Name, string Type, string Identifier) b)
    {
        var byName = string.CompareOrdinal(a.Name, b.Name);
        if (byName != 0)
        {
            return byName;
        }
        var byType = string.CompareOrdinal(a.Type, b.Type);
        return byType != 0 ? byType : string.CompareOrdinal(a.Identifier, b.Identifier);
    }
}
