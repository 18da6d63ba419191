using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Dashboard.Route53;

/// <summary>One page of ListHostedZones; when truncated, <see cref="NextMarker"/> is the next page's marker.</summary>
public sealed record HostedZonePage(IReadOnlyList<HostedZone> Zones, bool IsTruncated, string? NextMarker);

/// <summary>
/// The XML of Route 53's REST API (2013-04-01), in the shapes of its API reference: the ChangeResourceRecordSets
/// request the client sends, and the answers it reads. Answers are read by local name, so a body without the
/// namespace (error bodies sometimes come so) reads the same; elements the dashboard does not use are skipped.
/// </summary>
public static class Route53Xml
{
    public static readonly XNamespace Ns = "https://route53.amazonaws.com/doc/2013-04-01/";

    private const string HostedZonePrefix = "/hostedzone/";
    private const string ChangePrefix = "/change/";

    /// <summary>The body of a ChangeResourceRecordSets request, with its XML declaration.</summary>
    public static string WriteChangeResourceRecordSetsRequest(ChangeBatch batch)
    {
        var changeBatch = new XElement(Ns + "ChangeBatch");
        if (batch.Comment is not null)
        {
            changeBatch.Add(new XElement(Ns + "Comment", batch.Comment));
        }
        changeBatch.Add(new XElement(Ns + "Changes", batch.Changes.Select(c => new XElement(Ns + "Change",
            new XElement(Ns + "Action", ActionName(c.Action)),
            WriteResourceRecordSet(c.Set)))));
        var root = new XElement(Ns + "ChangeResourceRecordSetsRequest", changeBatch);
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + root.ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>A <c>ResourceRecordSet</c> element, its children in the order of the API reference's syntax.</summary>
    public static XElement WriteResourceRecordSet(ResourceRecordSet set)
    {
        var element = new XElement(Ns + "ResourceRecordSet",
            new XElement(Ns + "Name", set.Name),
            new XElement(Ns + "Type", set.Type));
        if (set.SetIdentifier is not null)
        {
            element.Add(new XElement(Ns + "SetIdentifier", set.SetIdentifier));
        }
        if (set.Region is not null)
        {
            element.Add(new XElement(Ns + "Region", set.Region));
        }
        if (set.Ttl is { } ttl)
        {
            element.Add(new XElement(Ns + "TTL", ttl.ToString(CultureInfo.InvariantCulture)));
        }
        if (set.AliasTarget is null)
        {
            element.Add(new XElement(Ns + "ResourceRecords", set.Values.Select(v =>
                new XElement(Ns + "ResourceRecord", new XElement(Ns + "Value", v)))));
        }
        else
        {
            element.Add(new XElement(Ns + "AliasTarget",
                new XElement(Ns + "HostedZoneId", set.AliasTarget.HostedZoneId),
                new XElement(Ns + "DNSName", set.AliasTarget.DnsName),
                new XElement(Ns + "EvaluateTargetHealth", XmlConvert.ToString(set.AliasTarget.EvaluateTargetHealth))));
        }
        if (set.HealthCheckId is not null)
        {
            element.Add(new XElement(Ns + "HealthCheckId", set.HealthCheckId));
        }
        return element;
    }

    public static string ActionName(ChangeAction action) => action switch
    {
        ChangeAction.Create => "CREATE",
        ChangeAction.Delete => "DELETE",
        ChangeAction.Upsert => "UPSERT",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "not a Route 53 change action"),
    };

    /// <summary>A ListHostedZonesResponse: the zones with bare ids ("Z1D633PJN98FT9"), and the next marker when truncated.</summary>
    public static HostedZonePage ParseListHostedZones(string xml)
    {
        var root = Load(xml, "ListHostedZonesResponse");
        var zones = Children(Child(root, "HostedZones"), "HostedZone")
            .Select(z => new HostedZone(
                StripPrefix(Required(z, "Id"), HostedZonePrefix),
                Required(z, "Name"),
                Value(Child(z, "Config"), "PrivateZone") is { } privateZone && XmlConvert.ToBoolean(privateZone),
                Value(z, "ResourceRecordSetCount") is { } count ? long.Parse(count, CultureInfo.InvariantCulture) : 0))
            .ToList();
        return new HostedZonePage(zones, IsTruncated(root), Value(root, "NextMarker"));
    }

    /// <summary>A ListResourceRecordSetsResponse: the page's record sets, and where the next page starts when truncated.</summary>
    public static ResourceRecordSetPage ParseListResourceRecordSets(string xml)
    {
        var root = Load(xml, "ListResourceRecordSetsResponse");
        var sets = Children(Child(root, "ResourceRecordSets"), "ResourceRecordSet").Select(ReadResourceRecordSet).ToList();
        var truncated = IsTruncated(root);
        var next = truncated && Value(root, "NextRecordName") is { } nextName
            ? new RecordSetStart(DecodeName(nextName), Value(root, "NextRecordType"), Value(root, "NextRecordIdentifier"))
            : null;
        return new ResourceRecordSetPage(sets, truncated, next);
    }

    /// <summary>A <c>ResourceRecordSet</c> element as the dashboard keeps it; other routing policies' elements are skipped.</summary>
    public static ResourceRecordSet ReadResourceRecordSet(XElement element)
    {
        var alias = Child(element, "AliasTarget") is { } a
            ? new AliasTarget(Required(a, "HostedZoneId"), Required(a, "DNSName"), XmlConvert.ToBoolean(Required(a, "EvaluateTargetHealth")))
            : null;
        return new ResourceRecordSet(
            DecodeName(Required(element, "Name")),
            Required(element, "Type"),
            Value(element, "TTL") is { } ttl ? long.Parse(ttl, CultureInfo.InvariantCulture) : null,
            Children(Child(element, "ResourceRecords"), "ResourceRecord").Select(r => Required(r, "Value")).ToList(),
            Value(element, "SetIdentifier"),
            Value(element, "Region"),
            Value(element, "HealthCheckId"),
            alias);
    }

    /// <summary>The <c>ChangeInfo</c> of a ChangeResourceRecordSetsResponse or a GetChangeResponse, with the bare id.</summary>
    public static ChangeInfo ParseChangeInfo(string xml)
    {
        var root = Load(xml, "ChangeResourceRecordSetsResponse", "GetChangeResponse");
        var info = Child(root, "ChangeInfo") ?? throw Malformed($"{root.Name.LocalName} without ChangeInfo");
        var status = Required(info, "Status") switch
        {
            "PENDING" => ChangeStatus.Pending,
            "INSYNC" => ChangeStatus.Insync,
            var other => throw Malformed($"change status '{other}'"),
        };
        var submittedAt = DateTimeOffset.Parse(Required(info, "SubmittedAt"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        return new ChangeInfo(StripPrefix(Required(info, "Id"), ChangePrefix), status, submittedAt, Value(info, "Comment"));
    }

    /// <summary>
    /// The error Route 53 answered: an <c>ErrorResponse</c> (code and message), or an <c>InvalidChangeBatch</c> with
    /// every message it lists. A body that is neither (a proxy's page, nothing at all) becomes an error with code
    /// "HttpError" and the status, so a 5xx stays retryable.
    /// </summary>
    public static Route53Exception ParseError(int statusCode, string? body, string? requestIdHeader = null)
    {
        XElement? root = null;
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                root = XElement.Parse(body);
            }
            catch (XmlException)
            {
                // Not XML: reported below with the body's start.
            }
        }
        var requestId = (root is null ? null : Value(root, "RequestId")) ?? requestIdHeader;
        switch (root?.Name.LocalName)
        {
            case "ErrorResponse" when Child(root, "Error") is { } error:
                var code = Value(error, "Code") ?? "HttpError";
                var message = Value(error, "Message") ?? $"Route 53 answered {statusCode} with no message";
                // The API model puts InvalidChangeBatch's list inside Error as well; Route 53 itself answers the shape below.
                var listed = error.Elements()
                    .Where(e => e.Name.LocalName.Equals("Messages", StringComparison.OrdinalIgnoreCase))
                    .SelectMany(e => Children(e, "Message"))
                    .Select(m => m.Value.Trim())
                    .ToList();
                return new Route53Exception(statusCode, code, message, listed.Count > 0 ? listed : null, requestId);
            case "InvalidChangeBatch":
                var messages = Children(Child(root, "Messages"), "Message").Select(m => m.Value.Trim()).ToList();
                if (messages.Count == 0 && Value(root, "Message") is { } single)
                {
                    messages.Add(single);
                }
                if (messages.Count == 0)
                {
                    messages.Add("Route 53 refused the change batch without saying why");
                }
                return new Route53Exception(statusCode, "InvalidChangeBatch", string.Join("; ", messages), messages, requestId);
            default:
                var text = string.IsNullOrWhiteSpace(body) ? "no body" : Truncate(body.Trim(), 200);
                return new Route53Exception(statusCode, "HttpError", $"Route 53 answered {statusCode}: {text}", null, requestId);
        }
    }

    /// <summary>
    /// A name as Route 53 returns it, with its escapes undone: any character other than a-z, 0-9, '-' and '_' (and
    /// the dots) comes as a backslash and three octal digits, "\052" for '*' in a wildcard name.
    /// </summary>
    public static string DecodeName(string name)
    {
        if (!name.Contains('\\'))
        {
            return name;
        }
        var bytes = new List<byte>(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] == '\\' && i + 3 < name.Length && IsOctal(name[i + 1]) && IsOctal(name[i + 2]) && IsOctal(name[i + 3]))
            {
                bytes.Add((byte)(((name[i + 1] - '0') * 64) + ((name[i + 2] - '0') * 8) + (name[i + 3] - '0')));
                i += 3;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(name[i].ToString()));
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';

    private static string StripPrefix(string id, string prefix) => id.StartsWith(prefix, StringComparison.Ordinal) ? id[prefix.Length..] : id;

    private static XElement Load(string xml, params string[] rootNames)
    {
        XElement root;
        try
        {
            root = XElement.Parse(xml);
        }
        catch (XmlException ex)
        {
            throw new FormatException($"Route 53 answered something that is not XML: {ex.Message}", ex);
        }
        if (!rootNames.Contains(root.Name.LocalName))
        {
            throw Malformed($"<{root.Name.LocalName}> where <{string.Join("> or <", rootNames)}> was expected");
        }
        return root;
    }

    private static bool IsTruncated(XElement root) => Value(root, "IsTruncated") is { } value && XmlConvert.ToBoolean(value);

    private static XElement? Child(XElement? parent, string localName) =>
        parent?.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    private static IEnumerable<XElement> Children(XElement? parent, string localName) =>
        parent?.Elements().Where(e => e.Name.LocalName == localName) ?? [];

    private static string? Value(XElement? parent, string localName) => Child(parent, localName)?.Value;

    private static string Required(XElement parent, string localName) =>
        Value(parent, localName) ?? throw Malformed($"<{parent.Name.LocalName}> without <{localName}>");

    private static FormatException Malformed(string what) => new($"Route 53 answered XML this client does not understand: {what}");

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max] + "…";
}
