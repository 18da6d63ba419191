using System.Net;
using static Route53StandIn.Tests.StandInHarness;

namespace Route53StandIn.Tests;

public sealed class ListTests
{
    [Fact]
    public async Task ListHostedZones_answers_each_zone_in_Route53s_shape()
    {
        await using var standIn = await StartAsync();

        var (status, body) = await standIn.GetAsync("2013-04-01/hostedzone");

        status.ShouldBe(HttpStatusCode.OK);
        body.Name.ShouldBe(Ns + "ListHostedZonesResponse");
        var zone = body.Element(Ns + "HostedZones")!.Elements(Ns + "HostedZone").ShouldHaveSingleItem();
        zone.Element(Ns + "Id")!.Value.ShouldBe("/hostedzone/" + standIn.ZoneId);
        standIn.ZoneId.ShouldMatch("^Z[A-Z0-9]{20}$");
        zone.Element(Ns + "Name")!.Value.ShouldBe("example.test.");
        zone.Element(Ns + "CallerReference")!.Value.ShouldNotBeNullOrEmpty();
        zone.Element(Ns + "Config")!.Element(Ns + "PrivateZone")!.Value.ShouldBe("false");
        zone.Element(Ns + "ResourceRecordSetCount")!.Value.ShouldBe("4"); // SOA, NS and the two latency sets
        body.Element(Ns + "IsTruncated")!.Value.ShouldBe("false");
        body.Element(Ns + "MaxItems")!.Value.ShouldBe("100");
    }

    [Fact]
    public async Task ListResourceRecordSets_pages_with_maxitems_and_the_Next_elements()
    {
        await using var standIn = await StartAsync(extraSets: StandInRecordSet.Simple("b.example.test.", "A", 300, "192.0.2.30"));
        var seen = new List<string>();
        var path = $"2013-04-01/hostedzone/{standIn.ZoneId}/rrset?maxitems=2";
        var pages = 0;
        var nexts = new List<string>();
        while (true)
        {
            var (status, body) = await standIn.GetAsync(path);
            status.ShouldBe(HttpStatusCode.OK);
            body.Name.ShouldBe(Ns + "ListResourceRecordSetsResponse");
            body.Element(Ns + "MaxItems")!.Value.ShouldBe("2");
            pages++;
            seen.AddRange(body.Element(Ns + "ResourceRecordSets")!.Elements(Ns + "ResourceRecordSet")
                .Select(s => $"{s.Element(Ns + "Name")!.Value} {s.Element(Ns + "Type")!.Value} {s.Element(Ns + "SetIdentifier")?.Value}".TrimEnd()));
            if (body.Element(Ns + "IsTruncated")!.Value == "false")
            {
                body.Element(Ns + "NextRecordName").ShouldBeNull();
                break;
            }
            body.Element(Ns + "IsTruncated")!.Value.ShouldBe("true");
            var name = body.Element(Ns + "NextRecordName")!.Value;
            var type = body.Element(Ns + "NextRecordType")!.Value;
            var identifier = body.Element(Ns + "NextRecordIdentifier")?.Value;
            nexts.Add($"{name} {type} {identifier}".TrimEnd());
            path = $"2013-04-01/hostedzone/{standIn.ZoneId}/rrset?maxitems=2&name={Uri.EscapeDataString(name)}&type={type}"
                + (identifier is null ? "" : "&identifier=" + Uri.EscapeDataString(identifier));
        }

        pages.ShouldBe(3);
        seen.ShouldBe(["example.test. NS", "example.test. SOA", "a.example.test. A eu", "a.example.test. A us", "b.example.test. A"]);
        // The identifier is given only where the next set has one.
        nexts.ShouldBe(["a.example.test. A eu", "b.example.test. A"]);
    }

    [Fact]
    public async Task Record_sets_are_sorted_by_name_with_the_labels_reversed_then_type()
    {
        await using var standIn = await StartAsync(extraSets:
        [
            StandInRecordSet.Simple("b.example.test.", "TXT", 300, "\"b\""),
            StandInRecordSet.Simple("z.a.example.test.", "A", 300, "192.0.2.1"),
            StandInRecordSet.Simple("b.example.test.", "AAAA", 300, "2001:db8::1"),
            StandInRecordSet.Simple("a-b.example.test.", "A", 300, "192.0.2.2"),
        ]);

        var names = (await standIn.ListAllAsync()).Select(s => $"{s.Name} {s.Type} {s.SetIdentifier}".TrimEnd()).ToList();

        // "z.a" sorts as test.example.a.z, before b (plain name order would put it last); "-" (45) sorts before "." (46).
        names.ShouldBe(
        [
            "example.test. NS", "example.test. SOA",
            "a-b.example.test. A",
            "a.example.test. A eu", "a.example.test. A us",
            "z.a.example.test. A",
            "b.example.test. AAAA", "b.example.test. TXT",
        ]);
    }

    [Fact]
    public async Task A_start_name_without_type_starts_at_the_first_set_at_or_after_it()
    {
        await using var standIn = await StartAsync();

        var (status, body) = await standIn.GetAsync($"2013-04-01/hostedzone/{standIn.ZoneId}/rrset?name=a.example.test&maxitems=1");

        status.ShouldBe(HttpStatusCode.OK);
        var set = body.Element(Ns + "ResourceRecordSets")!.Elements(Ns + "ResourceRecordSet").ShouldHaveSingleItem();
        set.Element(Ns + "Name")!.Value.ShouldBe("a.example.test.");
        set.Element(Ns + "SetIdentifier")!.Value.ShouldBe("eu");
        set.Element(Ns + "Region")!.Value.ShouldBe("eu-west-1");
        set.Element(Ns + "TTL")!.Value.ShouldBe("60");
        set.Element(Ns + "ResourceRecords")!.Element(Ns + "ResourceRecord")!.Element(Ns + "Value")!.Value.ShouldBe("192.0.2.20");
        body.Element(Ns + "NextRecordIdentifier")!.Value.ShouldBe("us");
    }

    [Fact]
    public async Task A_type_without_a_name_is_InvalidInput()
    {
        await using var standIn = await StartAsync();

        var (status, body) = await standIn.GetAsync($"2013-04-01/hostedzone/{standIn.ZoneId}/rrset?type=A");

        status.ShouldBe(HttpStatusCode.BadRequest);
        Error(body, "Code").ShouldBe("InvalidInput");
    }

    [Fact]
    public async Task An_unknown_hosted_zone_is_NoSuchHostedZone()
    {
        await using var standIn = await StartAsync();

        var (listStatus, listBody) = await standIn.GetAsync("2013-04-01/hostedzone/ZNOSUCHZONE00000000/rrset");
        var (changeStatus, changeBody) = await standIn.ChangeAsync(
            ChangeBatch(null, Change.Simple("CREATE", "x.example.test.", "A", 60, "192.0.2.1")), "ZNOSUCHZONE00000000");

        listStatus.ShouldBe(HttpStatusCode.NotFound);
        listBody.Name.ShouldBe(Ns + "ErrorResponse");
        Error(listBody, "Type").ShouldBe("Sender");
        Error(listBody, "Code").ShouldBe("NoSuchHostedZone");
        listBody.Element(Ns + "RequestId")!.Value.ShouldNotBeNullOrEmpty();
        changeStatus.ShouldBe(HttpStatusCode.NotFound);
        Error(changeBody, "Code").ShouldBe("NoSuchHostedZone");
    }

    [Fact]
    public async Task An_unknown_change_is_NoSuchChange()
    {
        await using var standIn = await StartAsync();

        var (status, body) = await standIn.GetAsync("2013-04-01/change/CNOSUCHCHANGE0");

        status.ShouldBe(HttpStatusCode.NotFound);
        Error(body, "Code").ShouldBe("NoSuchChange");
    }

    [Fact]
    public async Task Each_request_is_logged_in_one_line_with_method_path_status_and_code()
    {
        await using var standIn = await StartAsync();

        await standIn.GetAsync("2013-04-01/hostedzone");
        await standIn.GetAsync("2013-04-01/hostedzone/ZNOSUCHZONE00000000/rrset");

        standIn.Log.Count.ShouldBe(2);
        standIn.Log[0].ShouldEndWith("GET /2013-04-01/hostedzone 200");
        standIn.Log[1].ShouldEndWith("GET /2013-04-01/hostedzone/ZNOSUCHZONE00000000/rrset 404 NoSuchHostedZone");
    }
}
