using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Route53StandIn;

internal enum ChangeAction
{
    Create,
    Delete,
    Upsert,
}

internal sealed record ParsedChange(ChangeAction Action, StandInRecordSet Set);

internal sealed record ParsedBatch(IReadOnlyList<ParsedChange> Changes, string? Comment);

/// <summary>A request the stand-in refuses with an ErrorResponse (InvalidInput and the like).</summary>
internal sealed class StandInRequestException(int statusCode, string code, string message) : Exception(message)
{
    public StandInError Error { get; } = new(statusCode, code, message);

    public static StandInRequestException InvalidInput(string message) => new(400, "InvalidInput", message);
}

/// <summary>
/// Route 53's XML, read and written with System.Xml.Linq (no AWS or dashboard code), in namespace
/// https://route53.amazonaws.com/doc/2013-04-01/. Requests are checked against the element order of Route 53's
/// schema, which Route 53 enforces (it answers InvalidInput "Invalid XML ; cvc-complex-type.2.4.a: …" to elements out
/// of order, and cvc-elt.1 to a request without the namespace). The order is the one the AWS SDKs serialize in, not
/// the alphabetical one of the API reference's "Request Syntax" listing. Responses are written in that order too.
/// </summary>
internal static class Route53Xml
{
    public const string NamespaceUri = "https://route53.amazonaws.com/doc/2013-04-01/";
    public static readonly XNamespace Ns = NamespaceUri;

    /// <summary>The record types Route 53 accepts (RRType).</summary>
    public static readonly IReadOnlySet<string> RecordTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "SOA", "A", "TXT", "NS", "CNAME", "MX", "NAPTR", "PTR", "SRV", "SPF", "AAAA", "CAA", "DS", "TLSA", "SSHFP", "SVCB", "HTTPS",
    };

    private sealed record Particle(string Name, bool Required, bool Repeats = false, Particle[]? Children = null, bool AnyContent = false);

    private static readonly Particle[] AliasTargetSchema =
    [
        new("HostedZoneId", true), new("DNSName", true), new("EvaluateTargetHealth", true),
    ];

    private static readonly Particle[] ResourceRecordSetSchema =
    [
        new("Name", true),
        new("Type", true),
        new("SetIdentifier", false),
        new("Weight", false),
        new("Region", false),
        new("GeoLocation", false, AnyContent: true),
        new("Failover", false),
        new("MultiValueAnswer", false),
        new("TTL", false),
        new("ResourceRecords", false, Children: [new("ResourceRecord", true, Repeats: true, Children: [new("Value", true)])]),
        new("AliasTarget", false, Children: AliasTargetSchema),
        new("HealthCheckId", false),
        new("TrafficPolicyInstanceId", false),
        new("CidrRoutingConfig", false, AnyContent: true),
        new("GeoProximityLocation", false, AnyContent: true),
    ];

    private static readonly Particle[] RequestSchema =
    [
        new("ChangeBatch", true, Children:
        [
            new("Comment", false),
            new("Changes", true, Children:
            [
                new("Change", true, Repeats: true, Children: [new("Action", true), new("ResourceRecordSet", true, Children: ResourceRecordSetSchema)]),
            ]),
        ]),
    ];

    private static readonly string[] Unsupported =
        ["Weight", "GeoLocation", "Failover", "MultiValueAnswer", "TrafficPolicyInstanceId", "CidrRoutingConfig", "GeoProximityLocation"];

    /// <summary>Reads a ChangeResourceRecordSetsRequest; throws <see cref="StandInRequestException"/> (InvalidInput) for what Route 53 would refuse as input.</summary>
    public static ParsedBatch ParseChangeRequest(string body)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(body, LoadOptions.None);
        }
        catch (XmlException ex)
        {
            throw StandInRequestException.InvalidInput($"Invalid XML ; {ex.Message}");
        }
        var root = document.Root!;
        if (root.Name.Namespace != Ns)
        {
            throw StandInRequestException.InvalidInput($"Invalid XML ; cvc-elt.1: Cannot find the declaration of element '{root.Name.LocalName}'.");
        }
        if (root.Name.LocalName != "ChangeResourceRecordSetsRequest")
        {
            throw new StandInRequestException(400, "MalformedInput", $"{root.Name.LocalName} is not valid, expected ChangeResourceRecordSetsRequest");
        }
        CheckSequence(root, RequestSchema);

        var batch = root.Element(Ns + "ChangeBatch")!;
        var comment = batch.Element(Ns + "Comment")?.Value;
        var changes = new List<ParsedChange>();
        var index = 0;
        foreach (var change in batch.Element(Ns + "Changes")!.Elements(Ns + "Change"))
        {
            index++;
            changes.Add(ParseChange(change, index));
        }
        return new ParsedBatch(changes, comment);
    }

    private static ParsedChange ParseChange(XElement change, int index)
    {
        var actionText = change.Element(Ns + "Action")!.Value;
        ChangeAction action = actionText switch
        {
            "CREATE" => ChangeAction.Create,
            "DELETE" => ChangeAction.Delete,
            "UPSERT" => ChangeAction.Upsert,
            _ => throw StandInRequestException.InvalidInput(
                $"1 validation error detected: Value '{actionText}' at 'changeBatch.changes.{index}.member.action' failed to satisfy constraint: Member must satisfy enum value set: [CREATE, DELETE, UPSERT]"),
        };
        var set = change.Element(Ns + "ResourceRecordSet")!;
        string? Text(string name) => set.Element(Ns + name)?.Value;

        foreach (var name in Unsupported)
        {
            if (set.Element(Ns + name) is not null)
            {
                throw StandInRequestException.InvalidInput(
                    $"The Route 53 stand-in supports simple and latency record sets only, not {name} (change {index}).");
            }
        }

        var recordName = DnsNames.Canonical(Text("Name")!);
        var type = Text("Type")!;
        if (!RecordTypes.Contains(type))
        {
            throw StandInRequestException.InvalidInput(
                $"1 validation error detected: Value '{type}' at 'changeBatch.changes.{index}.member.resourceRecordSet.type' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", RecordTypes)}]");
        }
        var setIdentifier = Text("SetIdentifier");
        var region = Text("Region");
        long? ttl = null;
        if (Text("TTL") is { } ttlText)
        {
            if (!long.TryParse(ttlText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
            {
                throw StandInRequestException.InvalidInput($"Invalid XML ; cvc-datatype-valid.1.2.1: '{ttlText}' is not a valid value for 'integer'.");
            }
            if (parsed is < 0 or > int.MaxValue)
            {
                var bound = parsed < 0 ? "greater than or equal to 0" : "less than or equal to 2147483647";
                throw StandInRequestException.InvalidInput(
                    $"1 validation error detected: Value '{parsed}' at 'changeBatch.changes.{index}.member.resourceRecordSet.tTL' failed to satisfy constraint: Member must have value {bound}");
            }
            ttl = parsed;
        }
        var records = set.Element(Ns + "ResourceRecords");
        var values = records?.Elements(Ns + "ResourceRecord").Select(r => r.Element(Ns + "Value")!.Value).ToList() ?? [];
        StandInAliasTarget? alias = null;
        if (set.Element(Ns + "AliasTarget") is { } aliasElement)
        {
            var evaluate = aliasElement.Element(Ns + "EvaluateTargetHealth")!.Value;
            if (evaluate is not ("true" or "false"))
            {
                throw StandInRequestException.InvalidInput($"Invalid XML ; cvc-datatype-valid.1.2.1: '{evaluate}' is not a valid value for 'boolean'.");
            }
            alias = new StandInAliasTarget(aliasElement.Element(Ns + "HostedZoneId")!.Value,
                DnsNames.Canonical(aliasElement.Element(Ns + "DNSName")!.Value), evaluate == "true");
        }

        var description = $"Change with [Action={actionText}, Name={recordName}, Type={type}, SetIdentifier={setIdentifier ?? "null"}]";
        var found = alias is not null
            ? (ttl is not null || records is not null ? "more than one" : null)
            : (ttl is null || records is null ? "none" : null);
        if (found is not null)
        {
            throw StandInRequestException.InvalidInput(
                $"Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found {found} in {description}");
        }
        if (setIdentifier is not null && region is null)
        {
            throw StandInRequestException.InvalidInput(
                $"Invalid request: Expected exactly one of [Weight, Region, Failover, GeoLocation, or MultiValueAnswer], but found none in {description}");
        }
        if (region is not null && setIdentifier is null)
        {
            throw StandInRequestException.InvalidInput($"Invalid request: Missing field 'SetIdentifier' in {description}");
        }
        if (region is not null && !IsRegionName(region))
        {
            throw StandInRequestException.InvalidInput(
                $"1 validation error detected: Value '{region}' at 'changeBatch.changes.{index}.member.resourceRecordSet.region' failed to satisfy constraint: Member must be an AWS region name such as us-east-1");
        }
        return new ParsedChange(action, new StandInRecordSet(recordName, type, ttl, values, setIdentifier, region, Text("HealthCheckId"), alias));
    }

    private static bool IsRegionName(string region)
    {
        // eu-west-1, ap-southeast-2, us-gov-west-1, il-central-1: two-letter prefix, words, a number.
        var parts = region.Split('-');
        return parts.Length >= 3 && parts[0].Length == 2 && parts.All(p => p.Length > 0 && p.All(char.IsAsciiLetterOrDigit))
            && parts[^1].All(char.IsAsciiDigit) && parts.Take(parts.Length - 1).All(p => p.All(char.IsAsciiLetterLower));
    }

    /// <summary>Checks an element's children against a sequence, as Route 53's schema validation does, with its cvc-style messages.</summary>
    private static void CheckSequence(XElement parent, Particle[] schema)
    {
        var p = 0;
        var seen = 0; // occurrences of schema[p] so far
        foreach (var child in parent.Elements())
        {
            var (startP, startSeen) = (p, seen);
            while (true)
            {
                if (p >= schema.Length)
                {
                    var expected = Expected(schema, startP, startSeen);
                    throw StandInRequestException.InvalidInput(expected == "{}"
                        ? $"Invalid XML ; cvc-complex-type.2.4.d: Invalid content was found starting with element '{child.Name.LocalName}'. No child element is expected at this point."
                        : $"Invalid XML ; cvc-complex-type.2.4.a: Invalid content was found starting with element '{child.Name.LocalName}'. One of '{expected}' is expected.");
                }
                if (child.Name == Ns + schema[p].Name && (seen == 0 || schema[p].Repeats))
                {
                    CheckElement(child, schema[p]);
                    seen++;
                    break;
                }
                if (schema[p].Required && seen == 0)
                {
                    throw StandInRequestException.InvalidInput(
                        $"Invalid XML ; cvc-complex-type.2.4.a: Invalid content was found starting with element '{child.Name.LocalName}'. One of '{Expected(schema, p, seen)}' is expected.");
                }
                p++;
                seen = 0;
            }
        }
        for (; p < schema.Length; p++, seen = 0)
        {
            if (schema[p].Required && seen == 0)
            {
                throw StandInRequestException.InvalidInput(
                    $"Invalid XML ; cvc-complex-type.2.4.b: The content of element '{parent.Name.LocalName}' is not complete. One of '{Expected(schema, p, seen)}' is expected.");
            }
        }
    }

    private static void CheckElement(XElement element, Particle particle)
    {
        if (particle.AnyContent)
        {
            return;
        }
        if (particle.Children is { } children)
        {
            CheckSequence(element, children);
        }
        else if (element.HasElements)
        {
            throw StandInRequestException.InvalidInput(
                $"Invalid XML ; cvc-type.3.1.2: Element '{element.Name.LocalName}' is a simple type, so it must have no element information item [children].");
        }
    }

    /// <summary>The elements allowed next: from the current particle up to the first one still required.</summary>
    private static string Expected(Particle[] schema, int p, int seen)
    {
        var names = new List<string>();
        for (; p < schema.Length; p++, seen = 0)
        {
            if (seen == 0 || schema[p].Repeats)
            {
                names.Add($"\"{NamespaceUri}\":{schema[p].Name}");
            }
            if (schema[p].Required && seen == 0)
            {
                break;
            }
        }
        return "{" + string.Join(", ", names) + "}";
    }

    // ---- responses

    public static string Document(XElement root) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + root.ToString(SaveOptions.DisableFormatting);

    public static XElement Element(string name, params object?[] content) => new(Ns + name, content);

    public static XElement ErrorResponse(StandInError error, string requestId) =>
        Element("ErrorResponse",
            Element("Error",
                Element("Type", error.StatusCode >= 500 ? "Receiver" : "Sender"),
                Element("Code", error.Code),
                Element("Message", error.Message)),
            Element("RequestId", requestId));

    /// <summary>Route 53's own shape for a refused change batch: every message, not an ErrorResponse.</summary>
    public static XElement InvalidChangeBatch(IEnumerable<string> messages, string requestId) =>
        Element("InvalidChangeBatch",
            Element("Messages", messages.Select(m => Element("Message", m))),
            Element("RequestId", requestId));

    public static XElement ChangeInfo(ChangeRecord change, string status) =>
        Element("ChangeInfo",
            Element("Id", "/change/" + change.Id),
            Element("Status", status),
            Element("SubmittedAt", FormatTime(change.SubmittedAt)),
            change.Comment is null ? null : Element("Comment", change.Comment));

    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static XElement RecordSet(StandInRecordSet set) =>
        Element("ResourceRecordSet",
            Element("Name", set.Name),
            Element("Type", set.Type),
            set.SetIdentifier is null ? null : Element("SetIdentifier", set.SetIdentifier),
            set.Region is null ? null : Element("Region", set.Region),
            set.Ttl is null ? null : Element("TTL", set.Ttl.Value.ToString(CultureInfo.InvariantCulture)),
            set.AliasTarget is not null ? null
                : Element("ResourceRecords", set.Values.Select(v => Element("ResourceRecord", Element("Value", v)))),
            set.AliasTarget is not { } alias ? null
                : Element("AliasTarget",
                    Element("HostedZoneId", alias.HostedZoneId),
                    Element("DNSName", alias.DnsName),
                    Element("EvaluateTargetHealth", alias.EvaluateTargetHealth ? "true" : "false")),
            set.HealthCheckId is null ? null : Element("HealthCheckId", set.HealthCheckId));

    /// <summary>Total characters of values, for the batch limit (Route 53 counts spaces too).</summary>
    public static int ValueCharacters(StandInRecordSet set) => set.Values.Sum(v => new StringInfo(v).LengthInTextElements);
}
