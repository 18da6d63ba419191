using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Dashboard.Route53;

namespace Dashboard.Features.Routing;

/// <summary>
/// What the dashboard refuses before anything goes to Route 53, in words: a record that is not a latency record of a
/// configured entry name, values that do not fit their type, two changes to one record in one batch, and above all a
/// batch that would leave an entry name without any region in rotation (every client would fail to connect).
/// Pure: the current records come in, the errors go out.
/// </summary>
public static partial class RoutingRules
{
    public static readonly IReadOnlySet<string> Types = new HashSet<string>(StringComparer.Ordinal) { "A", "AAAA", "CNAME" };

    /// <summary>Route 53 accepts 0 to 2,147,483,647; more than a day is never what an entry name wants.</summary>
    public const long MaxTtl = 86_400;

    [GeneratedRegex("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex AwsRegionPattern();

    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex SetIdentifierPattern();

    /// <summary>The errors of one record set as the page would send it (empty when it may go).</summary>
    public static IReadOnlyList<string> CheckSet(ResourceRecordSet set, IReadOnlyCollection<string> entryNames)
    {
        var errors = new List<string>();
        var name = RoutingWords.Absolute(set.Name);
        if (!entryNames.Contains(name))
        {
            errors.Add($"{set.Name} is not an entry name this dashboard routes ({string.Join(", ", entryNames)})");
        }
        if (string.IsNullOrWhiteSpace(set.SetIdentifier) || !SetIdentifierPattern().IsMatch(set.SetIdentifier))
        {
            errors.Add("A latency record needs a set identifier: 1 to 128 letters, digits, '.', '-', '_' or ':' (e.g. the region's name)");
        }
        if (string.IsNullOrWhiteSpace(set.Region) || !AwsRegionPattern().IsMatch(set.Region))
        {
            errors.Add($"'{set.Region}' is not an AWS region (like us-east-1, eu-west-1, ap-southeast-1)");
        }
        if (!Types.Contains(set.Type))
        {
            errors.Add($"Type {set.Type}: an entry name's latency records are A, AAAA or CNAME");
            return errors;
        }
        if (set.AliasTarget is not null)
        {
            return errors;
        }
        if (set.Ttl is not { } ttl || ttl < 0 || ttl > MaxTtl)
        {
            errors.Add($"TTL must be 0 to {MaxTtl:N0} seconds");
        }
        if (set.Values.Count == 0)
        {
            errors.Add("Give at least one target");
        }
        if (set.Type == "CNAME" && set.Values.Count > 1)
        {
            errors.Add("A CNAME has exactly one target");
        }
        foreach (var value in set.Values)
        {
            var ok = set.Type switch
            {
                "A" => IPAddress.TryParse(value, out var v4) && v4.AddressFamily == AddressFamily.InterNetwork && value.Count(c => c == '.') == 3,
                "AAAA" => IPAddress.TryParse(value, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6,
                _ => Dns.DnsName.Validate(value, Dns.DnsNameKind.Hostname).IsValid,
            };
            if (!ok)
            {
                errors.Add($"'{value}' is not {(set.Type == "CNAME" ? "a host name" : $"an {(set.Type == "A" ? "IPv4" : "IPv6")} address")}");
            }
        }
        return errors;
    }

    /// <summary>
    /// The errors of a whole batch against the entry names' current latency records (<paramref name="current"/>, in
    /// rotation only): each set checked, no record changed twice, CREATE only where nothing is, DELETE and UPSERT only
    /// where the record is, and every entry name left with at least one region in rotation.
    /// </summary>
    public static IReadOnlyList<string> CheckBatch(IReadOnlyList<Change> changes, IReadOnlyDictionary<string, IReadOnlyList<ResourceRecordSet>> current)
    {
        var errors = new List<string>();
        if (changes.Count == 0)
        {
            errors.Add("Nothing is staged");
            return errors;
        }
        var entryNames = current.Keys.ToList();
        var after = current.ToDictionary(e => e.Key, e => e.Value.ToDictionary(s => s.SetIdentifier ?? "", StringComparer.Ordinal));
        var seen = new HashSet<(string, string)>();
        foreach (var change in changes)
        {
            var name = RoutingWords.Absolute(change.Set.Name);
            var id = change.Set.SetIdentifier ?? "";
            if (change.Action != ChangeAction.Delete)
            {
                errors.AddRange(CheckSet(change.Set, entryNames).Select(e => $"{name} [{id}]: {e}"));
            }
            if (!after.TryGetValue(name, out var sets))
            {
                if (change.Action == ChangeAction.Delete)
                {
                    errors.Add($"{name} is not an entry name this dashboard routes");
                }
                continue;
            }
            if (!seen.Add((name, id)))
            {
                errors.Add($"{name} [{id}] is changed twice in one batch; stage one change per record");
                continue;
            }
            if (change.Action == ChangeAction.Create && sets.ContainsKey(id))
            {
                errors.Add($"{name} [{id}] already exists; edit it instead");
            }
            else if (change.Action == ChangeAction.Delete && !sets.ContainsKey(id))
            {
                errors.Add($"{name} [{id}] is not in Route 53 any more; reload the page");
            }
            else if (change.Action == ChangeAction.Delete)
            {
                sets.Remove(id);
            }
            else
            {
                sets[id] = change.Set;
            }
        }
        foreach (var (name, sets) in after)
        {
            if (sets.Count == 0 && current[name].Count > 0)
            {
                errors.Add($"This would leave {name} with no region in rotation: every client resolving it would fail to connect. Keep at least one region.");
            }
        }
        return errors;
    }

    /// <summary>"1 change" / "3 changes".</summary>
    public static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture) + (n == 1 ? " change" : " changes");
}
