using System.Net;
using static Route53StandIn.Tests.StandInHarness;

namespace Route53StandIn.Tests;

public sealed class ChangeTests
{
    [Fact]
    public async Task A_created_set_is_listed_at_once_and_its_change_is_PENDING_until_PendingFor_has_passed()
    {
        await using var standIn = await StartAsync(pendingFor: TimeSpan.FromSeconds(30));
        var submittedAt = standIn.Time.GetUtcNow();

        var (status, body) = await standIn.ChangeAsync(ChangeBatch("add b", Change.Simple("CREATE", "b.example.test", "A", 60, "192.0.2.30")));

        status.ShouldBe(HttpStatusCode.OK);
        body.Name.ShouldBe(Ns + "ChangeResourceRecordSetsResponse");
        var info = body.Element(Ns + "ChangeInfo")!;
        info.Element(Ns + "Id")!.Value.ShouldMatch("^/change/C[A-Z0-9]+$");
        info.Element(Ns + "Status")!.Value.ShouldBe("PENDING");
        info.Element(Ns + "SubmittedAt")!.Value.ShouldBe("2026-03-01T12:00:00.000Z");
        info.Element(Ns + "Comment")!.Value.ShouldBe("add b");
        (await standIn.ListAllAsync()).ShouldContain(("b.example.test.", "A", null, "60", "192.0.2.30"));

        var changePath = "2013-04-01/change/" + info.Element(Ns + "Id")!.Value["/change/".Length..];
        standIn.Time.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromMilliseconds(1));
        var (pendingStatus, pending) = await standIn.GetAsync(changePath);
        pendingStatus.ShouldBe(HttpStatusCode.OK);
        pending.Name.ShouldBe(Ns + "GetChangeResponse");
        pending.Element(Ns + "ChangeInfo")!.Element(Ns + "Status")!.Value.ShouldBe("PENDING");

        standIn.Time.Advance(TimeSpan.FromMilliseconds(1));
        var (_, insync) = await standIn.GetAsync(changePath);
        var insyncInfo = insync.Element(Ns + "ChangeInfo")!;
        insyncInfo.Element(Ns + "Status")!.Value.ShouldBe("INSYNC");
        insyncInfo.Element(Ns + "Id")!.Value.ShouldBe(info.Element(Ns + "Id")!.Value);
        DateTimeOffset.Parse(insyncInfo.Element(Ns + "SubmittedAt")!.Value, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(submittedAt);
    }

    [Fact]
    public async Task Creating_a_set_that_exists_refuses_the_whole_batch_with_InvalidChangeBatch()
    {
        await using var standIn = await StartAsync();
        var before = await standIn.ListAllAsync();

        var (status, body) = await standIn.ChangeAsync(ChangeBatch(null,
            Change.Simple("CREATE", "c.example.test.", "A", 60, "192.0.2.40"),
            Change.Latency("CREATE", "a.example.test.", "eu", "eu-west-1", 60, "192.0.2.21")));

        status.ShouldBe(HttpStatusCode.BadRequest);
        body.Name.ShouldBe(Ns + "InvalidChangeBatch");
        Messages(body).ShouldBe(["Tried to create resource record set [name='a.example.test.', type='A', set-identifier='eu'] but it already exists"]);
        body.Element(Ns + "RequestId")!.Value.ShouldNotBeNullOrEmpty();
        // All or nothing: the first change, valid on its own, was not applied either.
        (await standIn.ListAllAsync()).ShouldBe(before);
        standIn.Log.ShouldContain(line => line.Contains(" POST /2013-04-01/hostedzone/") && line.EndsWith("/rrset/ 400 InvalidChangeBatch"));
    }

    [Fact]
    public async Task Delete_needs_the_set_exactly_as_it_is()
    {
        await using var standIn = await StartAsync();

        var (wrongTtl, wrongTtlBody) = await standIn.ChangeAsync(ChangeBatch(null, Change.Latency("DELETE", "a.example.test.", "eu", "eu-west-1", 300, "192.0.2.20")));
        var (wrongValue, wrongValueBody) = await standIn.ChangeAsync(ChangeBatch(null, Change.Latency("DELETE", "a.example.test.", "eu", "eu-west-1", 60, "192.0.2.99")));
        var (absent, absentBody) = await standIn.ChangeAsync(ChangeBatch(null, Change.Latency("DELETE", "a.example.test.", "ap", "ap-southeast-1", 60, "192.0.2.20")));

        wrongTtl.ShouldBe(HttpStatusCode.BadRequest);
        Messages(wrongTtlBody).ShouldBe(["Tried to delete resource record set [name='a.example.test.', type='A', set-identifier='eu'] but the values provided do not match the current values"]);
        wrongValue.ShouldBe(HttpStatusCode.BadRequest);
        Messages(wrongValueBody).ShouldHaveSingleItem().ShouldContain("do not match the current values");
        absent.ShouldBe(HttpStatusCode.BadRequest);
        Messages(absentBody).ShouldBe(["Tried to delete resource record set [name='a.example.test.', type='A', set-identifier='ap'] but it was not found"]);
        (await standIn.ListAllAsync()).Count(s => s.Name == "a.example.test.").ShouldBe(2);

        var (exact, _) = await standIn.ChangeAsync(ChangeBatch(null, Change.Latency("DELETE", "a.example.test.", "eu", "eu-west-1", 60, "192.0.2.20")));

        exact.ShouldBe(HttpStatusCode.OK);
        (await standIn.ListAllAsync()).Where(s => s.Name == "a.example.test.").Select(s => s.SetIdentifier).ShouldBe(["us"]);
    }

    [Fact]
    public async Task Upsert_replaces_a_set_or_creates_it()
    {
        await using var standIn = await StartAsync();

        var (status, _) = await standIn.ChangeAsync(ChangeBatch(null,
            Change.Latency("UPSERT", "a.example.test.", "eu", "eu-west-1", 30, "192.0.2.21", "192.0.2.22"),
            Change.Latency("UPSERT", "a.example.test.", "ap", "ap-southeast-1", 60, "192.0.2.50")));

        status.ShouldBe(HttpStatusCode.OK);
        (await standIn.ListAllAsync()).Where(s => s.Name == "a.example.test.").ShouldBe(
        [
            ("a.example.test.", "A", "ap", "60", "192.0.2.50"),
            ("a.example.test.", "A", "eu", "30", "192.0.2.21,192.0.2.22"),
            ("a.example.test.", "A", "us", "60", "192.0.2.10"),
        ]);
    }

    [Fact]
    public async Task Deleting_the_same_set_twice_in_one_batch_is_refused()
    {
        await using var standIn = await StartAsync();
        var delete = Change.Latency("DELETE", "a.example.test.", "eu", "eu-west-1", 60, "192.0.2.20");

        var (status, body) = await standIn.ChangeAsync(ChangeBatch(null, delete, delete));

        status.ShouldBe(HttpStatusCode.BadRequest);
        Messages(body).ShouldBe(["Tried to delete resource record set [name='a.example.test.', type='A', set-identifier='eu'] but it was not found"]);
        (await standIn.ListAllAsync()).Count(s => s.Name == "a.example.test.").ShouldBe(2);
    }

    [Fact]
    public async Task A_second_latency_set_for_the_same_region_is_refused()
    {
        await using var standIn = await StartAsync();

        var (status, body) = await standIn.ChangeAsync(ChangeBatch(null, Change.Latency("CREATE", "a.example.test.", "eu2", "eu-west-1", 60, "192.0.2.23")));

        status.ShouldBe(HttpStatusCode.BadRequest);
        Messages(body).ShouldHaveSingleItem().ShouldContain("a latency RRSet with the same name, type and region already exists");
    }

    [Fact]
    public async Task A_name_outside_the_zone_and_a_bad_IPv4_value_are_InvalidChangeBatch_with_every_message()
    {
        await using var standIn = await StartAsync();

        var (status, body) = await standIn.ChangeAsync(ChangeBatch(null,
            Change.Simple("CREATE", "x.other.test.", "A", 60, "192.0.2.1"),
            Change.Simple("CREATE", "y.example.test.", "A", 60, "192.0.2")));

        status.ShouldBe(HttpStatusCode.BadRequest);
        Messages(body).ShouldBe(
        [
            "RRSet with DNS name x.other.test. is not permitted in zone example.test.",
            "Invalid Resource Record: 'FATAL problem: ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address) encountered with '192.0.2''",
        ]);
    }

    [Fact]
    public async Task More_than_1000_records_in_a_batch_is_refused_and_an_UPSERT_counts_twice()
    {
        await using var standIn = await StartAsync();
        string[] Values(int count) => Enumerable.Range(0, count).Select(i => $"10.0.{i / 250}.{i % 250}").ToArray();

        var (creates, createsBody) = await standIn.ChangeAsync(ChangeBatch(null,
            Change.Simple("CREATE", "m1.example.test.", "A", 60, Values(500)),
            Change.Simple("CREATE", "m2.example.test.", "A", 60, Values(501))));
        var (upsert, upsertBody) = await standIn.ChangeAsync(ChangeBatch(null, Change.Simple("UPSERT", "m3.example.test.", "A", 60, Values(501))));
        var (atLimit, _) = await standIn.ChangeAsync(ChangeBatch(null, Change.Simple("UPSERT", "m4.example.test.", "A", 60, Values(500))));

        creates.ShouldBe(HttpStatusCode.BadRequest);
        Messages(createsBody).ShouldBe(["Number of records limit of 1000 exceeded."]);
        upsert.ShouldBe(HttpStatusCode.BadRequest);
        Messages(upsertBody).ShouldBe(["Number of records limit of 1000 exceeded."]);
        atLimit.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task More_than_32000_characters_of_values_is_refused()
    {
        await using var standIn = await StartAsync();
        var value = "\"" + new string('x', 253) + "\""; // 255 characters
        var values = Enumerable.Repeat(value, 126).Select((v, i) => v.Insert(1, i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture))[..255]).ToArray();

        var (status, body) = await standIn.ChangeAsync(ChangeBatch(null, Change.Simple("CREATE", "t.example.test.", "TXT", 60, values)));

        status.ShouldBe(HttpStatusCode.BadRequest);
        body.Name.ShouldBe(Ns + "InvalidChangeBatch");
        Messages(body).ShouldHaveSingleItem().ShouldStartWith("RDATA character limit of 32000 exceeded");
    }

    [Fact]
    public async Task Malformed_XML_is_InvalidInput()
    {
        await using var standIn = await StartAsync();

        var (status, body) = await standIn.ChangeAsync("<ChangeResourceRecordSetsRequest xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><ChangeBatch>");

        status.ShouldBe(HttpStatusCode.BadRequest);
        body.Name.ShouldBe(Ns + "ErrorResponse");
        Error(body, "Code").ShouldBe("InvalidInput");
        Error(body, "Message").ShouldStartWith("Invalid XML ;");
    }

    [Fact]
    public async Task A_request_without_Route53s_namespace_is_InvalidInput()
    {
        await using var standIn = await StartAsync();

        var (status, body) = await standIn.ChangeAsync(ChangeBatch(null, Change.Simple("CREATE", "b.example.test.", "A", 60, "192.0.2.1"))
            .Replace(" xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"", ""));

        status.ShouldBe(HttpStatusCode.BadRequest);
        Error(body, "Code").ShouldBe("InvalidInput");
        Error(body, "Message").ShouldBe("Invalid XML ; cvc-elt.1: Cannot find the declaration of element 'ChangeResourceRecordSetsRequest'.");
    }

    [Fact]
    public async Task Elements_out_of_the_schemas_order_are_InvalidInput()
    {
        await using var standIn = await StartAsync();
        var body = ChangeBatch(null, Change.Simple("CREATE", "b.example.test.", "A", 60, "192.0.2.1"));
        // TTL after ResourceRecords, as an alphabetical writer would put it.
        var ttl = "<TTL>60</TTL>";
        var reordered = body.Replace(ttl, "").Replace("</ResourceRecords>", "</ResourceRecords>" + ttl);

        var (status, error) = await standIn.ChangeAsync(reordered);

        status.ShouldBe(HttpStatusCode.BadRequest);
        Error(error, "Code").ShouldBe("InvalidInput");
        Error(error, "Message").ShouldStartWith("Invalid XML ; cvc-complex-type.2.4.a: Invalid content was found starting with element 'TTL'.");
        (await standIn.ListAllAsync()).ShouldNotContain(s => s.Name == "b.example.test.");
    }

    [Theory]
    [InlineData("<Region>eu-west-1</Region>", "Invalid request: Missing field 'SetIdentifier' in Change with [Action=CREATE, Name=b.example.test., Type=A, SetIdentifier=null]")]
    [InlineData("<SetIdentifier>eu</SetIdentifier>", "Invalid request: Expected exactly one of [Weight, Region, Failover, GeoLocation, or MultiValueAnswer], but found none in Change with [Action=CREATE, Name=b.example.test., Type=A, SetIdentifier=eu]")]
    public async Task A_latency_set_needs_both_SetIdentifier_and_Region(string only, string message)
    {
        await using var standIn = await StartAsync();
        var body = ChangeBatch(null, Change.Simple("CREATE", "b.example.test.", "A", 60, "192.0.2.1")).Replace("<Type>A</Type>", "<Type>A</Type>" + only);

        var (status, error) = await standIn.ChangeAsync(body);

        status.ShouldBe(HttpStatusCode.BadRequest);
        Error(error, "Code").ShouldBe("InvalidInput");
        Error(error, "Message").ShouldBe(message);
    }

    [Fact]
    public async Task A_set_without_values_or_alias_is_InvalidInput()
    {
        await using var standIn = await StartAsync();
        var body = ChangeBatch(null, Change.Simple("CREATE", "b.example.test.", "A", 60, "192.0.2.1"));
        var withoutValues = body[..body.IndexOf("<ResourceRecords>", StringComparison.Ordinal)]
            + body[(body.IndexOf("</ResourceRecords>", StringComparison.Ordinal) + "</ResourceRecords>".Length)..];

        var (status, error) = await standIn.ChangeAsync(withoutValues);

        status.ShouldBe(HttpStatusCode.BadRequest);
        Error(error, "Code").ShouldBe("InvalidInput");
        Error(error, "Message").ShouldStartWith("Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none");
    }

    [Theory]
    [InlineData(-1, "greater than or equal to 0")]
    [InlineData(2147483648, "less than or equal to 2147483647")]
    public async Task A_TTL_outside_0_to_2147483647_is_InvalidInput(long ttl, string constraint)
    {
        await using var standIn = await StartAsync();

        var (status, error) = await standIn.ChangeAsync(ChangeBatch(null, Change.Simple("CREATE", "b.example.test.", "A", ttl, "192.0.2.1")));

        status.ShouldBe(HttpStatusCode.BadRequest);
        Error(error, "Code").ShouldBe("InvalidInput");
        Error(error, "Message").ShouldEndWith(constraint);
    }

    [Fact]
    public async Task The_largest_TTL_is_taken()
    {
        await using var standIn = await StartAsync();

        var (status, _) = await standIn.ChangeAsync(ChangeBatch(null, Change.Simple("CREATE", "b.example.test.", "A", 2147483647, "192.0.2.1")));

        status.ShouldBe(HttpStatusCode.OK);
        (await standIn.ListAllAsync()).ShouldContain(("b.example.test.", "A", null, "2147483647", "192.0.2.1"));
    }

    [Fact]
    public async Task Injected_failures_answer_PriorRequestNotComplete_for_the_next_changes_then_the_real_outcome()
    {
        var failures = new StandInFailures();
        await using var standIn = await StartAsync(failures: failures);
        failures.FailNext(2, method: "POST");
        var batch = ChangeBatch(null, Change.Simple("CREATE", "b.example.test.", "A", 60, "192.0.2.1"));

        var (listStatus, _) = await standIn.GetAsync("2013-04-01/hostedzone");
        var first = await standIn.ChangeAsync(batch);
        var second = await standIn.ChangeAsync(batch);
        var third = await standIn.ChangeAsync(batch);

        listStatus.ShouldBe(HttpStatusCode.OK);
        first.Status.ShouldBe(HttpStatusCode.BadRequest);
        Error(first.Body, "Code").ShouldBe("PriorRequestNotComplete");
        second.Status.ShouldBe(HttpStatusCode.BadRequest);
        Error(second.Body, "Code").ShouldBe("PriorRequestNotComplete");
        third.Status.ShouldBe(HttpStatusCode.OK);
        failures.Pending.ShouldBe(0);
    }
}
