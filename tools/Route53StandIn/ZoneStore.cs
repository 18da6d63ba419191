using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Route53StandIn;

/// <summary>A submitted change: its id (bare, "C…"), when it was submitted, and its comment.</summary>
internal sealed record ChangeRecord(string Id, DateTimeOffset SubmittedAt, string? Comment);

internal sealed record ZoneSummary(string Id, string Name, string CallerReference, int RecordSetCount);

internal sealed record RecordSetPage(IReadOnlyList<StandInRecordSet> Sets, StandInRecordSet? Next);

/// <summary>The outcome of a batch: the change, or every message of a refused batch (nothing written).</summary>
internal sealed record BatchOutcome(ChangeRecord? Change, IReadOnlyList<string> Messages);

/// <summary>
/// The hosted zones and their record sets, and the submitted changes. A batch is applied to a copy and written only
/// when every change in it succeeds (Route 53's "all or none"); the sets are kept in ListResourceRecordSets order.
/// </summary>
internal sealed class ZoneStore
{
    public const int MaxRecordsPerBatch = 1000;
    public const int MaxValueCharactersPerBatch = 32000;

    private static readonly string[] DefaultNameServers =
        ["ns-1.standin.invalid.", "ns-2.standin.invalid.", "ns-3.standin.invalid.", "ns-4.standin.invalid."];

    private readonly Lock _gate = new();
    private readonly List<Zone> _zones = [];
    private readonly Dictionary<string, ChangeRecord> _changes = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    private sealed class Zone(string id, string name, string callerReference)
    {
        public string Id { get; } = id;
        public string Name { get; } = name;
        public string CallerReference { get; } = callerReference;
        public List<StandInRecordSet> Sets { get; set; } = [];
    }

    public ZoneStore(IEnumerable<StandInZone> zones, TimeProvider time)
    {
        _time = time;
        foreach (var zone in zones)
        {
            var name = DnsNames.Canonical(zone.Name);
            var id = zone.Id ?? StableZoneId(name);
            if (_zones.Any(z => z.Id == id || z.Name == name))
            {
                throw new ArgumentException($"Hosted zone {name} ({id}) is given twice.");
            }
            var sets = zone.RecordSets.Select(Canonical).ToList();
            foreach (var set in sets)
            {
                if (!DnsNames.IsInZone(set.Name, name))
                {
                    throw new ArgumentException($"Record set {set.Name} is not in zone {name}.");
                }
            }
            if (!sets.Any(s => s.Name == name && s.Type == "SOA"))
            {
                sets.Add(new StandInRecordSet(name, "SOA", 900, [$"{DefaultNameServers[0]} hostmaster.standin.invalid. 1 7200 900 1209600 86400"]));
            }
            if (!sets.Any(s => s.Name == name && s.Type == "NS"))
            {
                sets.Add(new StandInRecordSet(name, "NS", 172800, DefaultNameServers));
            }
            var duplicate = sets.GroupBy(Key).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw new ArgumentException($"Record set {Describe(duplicate.First())} is given twice.");
            }
            _zones.Add(new Zone(id, name, zone.CallerReference ?? "route53-standin-" + name.TrimEnd('.')) { Sets = Sorted(sets) });
        }
    }

    /// <summary>
    /// A zone id derived from the name ("Z" and 20 base-32 characters, the shape of Route 53's), so that the demo's
    /// configuration can name it before the stand-in starts.
    /// </summary>
    public static string StableZoneId(string zoneName)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(DnsNames.Canonical(zoneName)));
        var id = new StringBuilder("Z");
        for (var i = 0; i < 20; i++)
        {
            id.Append(alphabet[hash[i] % 32]);
        }
        return id.ToString();
    }

    public IReadOnlyList<ZoneSummary> Zones()
    {
        lock (_gate)
        {
            return _zones.Select(z => new ZoneSummary(z.Id, z.Name, z.CallerReference, z.Sets.Count)).ToList();
        }
    }

    public bool HasZone(string id)
    {
        lock (_gate)
        {
            return _zones.Any(z => z.Id == id);
        }
    }

    public IReadOnlyList<StandInRecordSet>? RecordSets(string zoneId)
    {
        lock (_gate)
        {
            return _zones.FirstOrDefault(z => z.Id == zoneId)?.Sets.ToList();
        }
    }

    /// <summary>
    /// One page in the documented order, starting at the first set whose (name, type, set identifier) is at or after
    /// the start; null when the zone does not exist.
    /// </summary>
    public RecordSetPage? List(string zoneId, string? startName, string? startType, string? startIdentifier, int maxItems)
    {
        lock (_gate)
        {
            var zone = _zones.FirstOrDefault(z => z.Id == zoneId);
            if (zone is null)
            {
                return null;
            }
            var sets = zone.Sets.AsEnumerable();
            if (startName is not null)
            {
                var start = (DnsNames.ReversedKey(DnsNames.Canonical(startName)), startType ?? "", startIdentifier ?? "");
                sets = sets.Where(s => CompareKey(SortKey(s), start) >= 0);
            }
            var page = sets.Take(maxItems + 1).ToList();
            return page.Count > maxItems ? new RecordSetPage(page[..maxItems], page[maxItems]) : new RecordSetPage(page, null);
        }
    }

    public ChangeRecord? Change(string id)
    {
        lock (_gate)
        {
            return _changes.GetValueOrDefault(id);
        }
    }

    /// <summary>Applies a batch all or nothing; null when the zone does not exist.</summary>
    public BatchOutcome? Apply(string zoneId, ParsedBatch batch)
    {
        lock (_gate)
        {
            var zone = _zones.FirstOrDefault(z => z.Id == zoneId);
            if (zone is null)
            {
                return null;
            }
            var messages = new List<string>();

            // Batch limits: an UPSERT counts twice (it may delete and create).
            var records = batch.Changes.Sum(c => c.Set.Values.Count * (c.Action == ChangeAction.Upsert ? 2 : 1));
            if (records > MaxRecordsPerBatch)
            {
                messages.Add($"Number of records limit of {MaxRecordsPerBatch} exceeded.");
            }
            var characters = batch.Changes.Sum(c => Route53Xml.ValueCharacters(c.Set) * (c.Action == ChangeAction.Upsert ? 2 : 1));
            if (characters > MaxValueCharactersPerBatch)
            {
                messages.Add($"RDATA character limit of {MaxValueCharactersPerBatch} exceeded ({characters} characters in the batch's values, UPSERT counted twice).");
            }
            if (messages.Count > 0)
            {
                return new BatchOutcome(null, messages);
            }

            var working = zone.Sets.ToList();
            var touched = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (action, set) in batch.Changes)
            {
                touched.Add(set.Name);
                if (!DnsNames.IsInZone(set.Name, zone.Name))
                {
                    messages.Add($"RRSet with DNS name {set.Name} is not permitted in zone {zone.Name}");
                    continue;
                }
                foreach (var problem in ValueProblems(set))
                {
                    messages.Add(problem);
                }
                var index = working.FindIndex(s => Key(s) == Key(set));
                switch (action)
                {
                    case ChangeAction.Create when index >= 0:
                        messages.Add($"Tried to create resource record set {Describe(set)} but it already exists");
                        break;
                    case ChangeAction.Create:
                        working.Add(set);
                        break;
                    case ChangeAction.Delete when index < 0:
                        messages.Add($"Tried to delete resource record set {Describe(set)} but it was not found");
                        break;
                    case ChangeAction.Delete when !Same(working[index], set):
                        messages.Add($"Tried to delete resource record set {Describe(set)} but the values provided do not match the current values");
                        break;
                    case ChangeAction.Delete:
                        working.RemoveAt(index);
                        break;
                    case ChangeAction.Upsert when index >= 0:
                        working[index] = set;
                        break;
                    case ChangeAction.Upsert:
                        working.Add(set);
                        break;
                }
            }
            if (messages.Count == 0)
            {
                messages.AddRange(StateProblems(zone.Name, working, touched));
            }
            if (messages.Count > 0)
            {
                return new BatchOutcome(null, messages);
            }

            zone.Sets = Sorted(working);
            var change = new ChangeRecord(NewChangeId(), _time.GetUtcNow(), batch.Comment);
            _changes[change.Id] = change;
            return new BatchOutcome(change, []);
        }
    }

    /// <summary>What Route 53 refuses about the zone as the batch would leave it, for the names the batch touched.</summary>
    private static IEnumerable<string> StateProblems(string zoneName, List<StandInRecordSet> sets, HashSet<string> touched)
    {
        foreach (var name in touched.Order(StringComparer.Ordinal))
        {
            var atName = sets.Where(s => s.Name == name).ToList();
            if (name == zoneName)
            {
                if (!atName.Any(s => s.Type == "SOA"))
                {
                    yield return $"A HostedZone must contain exactly one SOA record at the zone apex {zoneName}";
                }
                if (!atName.Any(s => s.Type == "NS"))
                {
                    yield return $"A HostedZone must contain at least one NS record for the zone itself ({zoneName})";
                }
                if (atName.Any(s => s.Type == "CNAME"))
                {
                    yield return $"RRSet of type CNAME with DNS name {name} is not permitted at apex in zone {zoneName}";
                }
            }
            if (atName.Any(s => s.Type == "CNAME") && atName.Any(s => s.Type != "CNAME"))
            {
                yield return $"RRSet of type CNAME with DNS name {name} is not permitted as it conflicts with other records with the same DNS name in zone {zoneName}";
            }
            foreach (var group in atName.GroupBy(s => s.Type))
            {
                if (group.Any(s => s.SetIdentifier is null) && group.Any(s => s.SetIdentifier is not null))
                {
                    yield return $"RRSet with DNS name {name}, type {group.Key} cannot be created: a simple record set and record sets with a SetIdentifier cannot share a name and type";
                }
                foreach (var region in group.Where(s => s.Region is not null).GroupBy(s => s.Region).Where(r => r.Count() > 1))
                {
                    var second = region.Skip(1).First();
                    yield return $"RRSet with DNS name {name}, type {group.Key}, SetIdentifier {second.SetIdentifier}, and Region Name={region.Key} cannot be created because a latency RRSet with the same name, type and region already exists.";
                }
            }
        }
    }

    /// <summary>Values Route 53 would not accept for A and AAAA (other types are taken as given).</summary>
    private static IEnumerable<string> ValueProblems(StandInRecordSet set)
    {
        foreach (var value in set.Values)
        {
            if (set.Type == "A" && !(IPAddress.TryParse(value, out var v4) && v4.AddressFamily == AddressFamily.InterNetwork && value.Count(c => c == '.') == 3))
            {
                yield return $"Invalid Resource Record: 'FATAL problem: ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address) encountered with '{value}''";
            }
            if (set.Type == "AAAA" && !(IPAddress.TryParse(value, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6))
            {
                yield return $"Invalid Resource Record: 'FATAL problem: AAAARRDATAIllegalIPv6Address (Value is not a valid IPv6 address) encountered with '{value}''";
            }
        }
    }

    private static StandInRecordSet Canonical(StandInRecordSet set) => set with
    {
        Name = DnsNames.Canonical(set.Name),
        Type = set.Type.ToUpperInvariant(),
        Values = set.Values.ToList(),
        AliasTarget = set.AliasTarget is { } a ? a with { DnsName = DnsNames.Canonical(a.DnsName) } : null,
    };

    private static (string Name, string Type, string? SetIdentifier) Key(StandInRecordSet set) => (set.Name, set.Type, set.SetIdentifier);

    /// <summary>DELETE needs every value the set was created with: TTL, values (in any order), region, health check, alias.</summary>
    private static bool Same(StandInRecordSet a, StandInRecordSet b) =>
        Key(a) == Key(b) && a.Ttl == b.Ttl && a.Region == b.Region && a.HealthCheckId == b.HealthCheckId
        && a.AliasTarget == b.AliasTarget
        && a.Values.Order(StringComparer.Ordinal).SequenceEqual(b.Values.Order(StringComparer.Ordinal), StringComparer.Ordinal);

    internal static string Describe(StandInRecordSet set) => set.SetIdentifier is null
        ? $"[name='{set.Name}', type='{set.Type}']"
        : $"[name='{set.Name}', type='{set.Type}', set-identifier='{set.SetIdentifier}']";

    private static (string, string, string) SortKey(StandInRecordSet set) => (DnsNames.ReversedKey(set.Name), set.Type, set.SetIdentifier ?? "");

    private static int CompareKey((string, string, string) a, (string, string, string) b)
    {
        var c = string.CompareOrdinal(a.Item1, b.Item1);
        if (c == 0)
        {
            c = string.CompareOrdinal(a.Item2, b.Item2);
        }
        return c != 0 ? c : string.CompareOrdinal(a.Item3, b.Item3);
    }

    private static List<StandInRecordSet> Sorted(List<StandInRecordSet> sets)
    {
        var sorted = sets.ToList();
        sorted.Sort((a, b) => CompareKey(SortKey(a), SortKey(b)));
        return sorted;
    }

    private string NewChangeId()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        while (true)
        {
            var id = "C" + string.Create(13, 0, (span, _) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
                }
            });
            if (!_changes.ContainsKey(id))
            {
                return id;
            }
        }
    }
}
