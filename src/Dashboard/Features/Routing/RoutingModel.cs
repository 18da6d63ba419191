using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dashboard.Route53;

namespace Dashboard.Features.Routing;

/// <summary>One latency record of an entry name, as Route 53 has it or as the dashboard keeps it while out of rotation.</summary>
public sealed record LatencyRoute(
    string EntryName,
    ResourceRecordSet Set,
    bool InRotation,
    string? PlatformRegion,
    IReadOnlyList<string> RegionProblems,
    RoutingParked? Parked = null)
{
    public string SetIdentifier => Set.SetIdentifier ?? "";
    public string AwsRegion => Set.Region ?? "";

    /// <summary>"192.0.2.10" or "us.edge.example. (alias)", for the table.</summary>
    public string Target => Set.AliasTarget is { } alias ? $"{alias.DnsName} (alias)" : string.Join(", ", Set.Values);
}

/// <summary>Who took a record out of rotation, when and why.</summary>
public sealed record RoutingParked(long Id, DateTimeOffset At, string By, string? Reason);

/// <summary>The Routing page's data: per entry name its latency records (in rotation first), the other record sets at that name, and the recent changes.</summary>
public sealed record RoutingView(
    string HostedZoneId,
    string HostedZone,
    IReadOnlyList<RoutingEntry> Entries,
    IReadOnlyList<RoutingChangeRow> RecentChanges,
    bool StandIn);

public sealed record RoutingEntry(string Name, IReadOnlyList<LatencyRoute> Routes, IReadOnlyList<ResourceRecordSet> Others)
{
    public int InRotation => Routes.Count(r => r.InRotation);
}

/// <summary>One change staged on the Routing page, sent with the others as one batch.</summary>
public sealed record StagedRoutingChange(ChangeAction Action, ResourceRecordSet Set, ResourceRecordSet? Before = null);

/// <summary>Names and words shared by the routing code.</summary>
public static class RoutingWords
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>"a.tunnel.test." from "A.Tunnel.Test": lower case, absolute.</summary>
    public static string Absolute(string name)
    {
        var trimmed = name.Trim().ToLowerInvariant();
        return trimmed.EndsWith('.') ? trimmed : trimmed + ".";
    }

    /// <summary>The entry names a batch changes, as one audit name ("a.tunnel.test. b.tunnel.test.").</summary>
    public static string EntryNames(ChangeBatch batch) => string.Join(" ", batch.Changes.Select(c => Absolute(c.Set.Name)).Distinct());

    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, Json);

    public static T FromJson<T>(string json) => JsonSerializer.Deserialize<T>(json, Json) ?? throw new InvalidDataException("empty JSON");

    /// <summary>"DELETE a.tunnel.test. A [eu, eu-west-1] TTL 60 198.51.100.10".</summary>
    public static string Describe(Change change) => $"{change.Action.ToString().ToUpperInvariant()} {Describe(change.Set)}";

    public static string Describe(ResourceRecordSet set)
    {
        var routing = set.SetIdentifier is null ? "" : $" [{set.SetIdentifier}{(set.Region is null ? "" : ", " + set.Region)}]";
        var target = set.AliasTarget is { } alias ? $"alias {alias.DnsName}" : $"TTL {set.Ttl?.ToString(CultureInfo.InvariantCulture) ?? "?"} {string.Join(" ", set.Values)}";
        var health = set.HealthCheckId is null ? "" : $" health check {set.HealthCheckId}";
        return $"{set.Name} {set.Type}{routing} {target}{health}";
    }

    /// <summary>What taking a region out means for clients, said in the confirmation.</summary>
    public static string TakeOutEffect(LatencyRoute route) =>
        $"Clients near {route.PlatformRegion ?? route.AwsRegion} will be sent to the next-nearest region in rotation; {route.EntryName} stops answering with {route.Target}.";

    public static string PutBackEffect(LatencyRoute route) =>
        $"Clients near {route.PlatformRegion ?? route.AwsRegion} will be sent to {route.Target} again.";
}
