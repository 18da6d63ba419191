using System.Xml.Linq;
using Dashboard.Route53;

namespace Dashboard.Tests.Route53;

/// <summary>The bodies follow the request and response syntax and examples of Route 53's API reference (2013-04-01).</summary>
public sealed class Route53XmlTests
{
    private static readonly XNamespace Ns = "https://route53.amazonaws.com/doc/2013-04-01/";

    private static ResourceRecordSet Latency(string region, string value, string? healthCheck = null) =>
        new("client.example.com.", "A", 60, [value], SetIdentifier: region, Region: region, HealthCheckId: healthCheck);

    [Fact]
    public void WriteChangeResourceRecordSetsRequest_LatencyCreate_DocumentedShape()
    {
        var batch = new ChangeBatch(
            [new Change(ChangeAction.Create, Latency("eu-west-1", "192.0.2.10", "abcdef11-2222-3333-4444-555555fedcba"))],
            "route client entry to eu");

        var xml = Route53Xml.WriteChangeResourceRecordSetsRequest(batch);

        xml.ShouldStartWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ChangeResourceRecordSetsRequest");
        var expected = XElement.Parse("""
            <ChangeResourceRecordSetsRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
              <ChangeBatch>
                <Comment>route client entry to eu</Comment>
                <Changes>
                  <Change>
                    <Action>CREATE</Action>
                    <ResourceRecordSet>
                      <Name>client.example.com.</Name>
                      <Type>A</Type>
                      <SetIdentifier>eu-west-1</SetIdentifier>
                      <Region>eu-west-1</Region>
                      <TTL>60</TTL>
                      <ResourceRecords>
                        <ResourceRecord><Value>192.0.2.10</Value></ResourceRecord>
                      </ResourceRecords>
                      <HealthCheckId>abcdef11-2222-3333-4444-555555fedcba</HealthCheckId>
                    </ResourceRecordSet>
                  </Change>
                </Changes>
              </ChangeBatch>
            </ChangeResourceRecordSetsRequest>
            """);
        XNode.DeepEquals(XElement.Parse(xml[xml.IndexOf("?>", StringComparison.Ordinal)..][2..]), Strip(expected)).ShouldBeTrue(xml);
    }

    [Theory]
    [InlineData(ChangeAction.Create, "CREATE")]
    [InlineData(ChangeAction.Delete, "DELETE")]
    [InlineData(ChangeAction.Upsert, "UPSERT")]
    public void WriteChangeResourceRecordSetsRequest_EachAction_WrittenInCapitals(ChangeAction action, string expected)
    {
        var root = XElement.Parse(Route53Xml.WriteChangeResourceRecordSetsRequest(new ChangeBatch([new Change(action, Latency("us-east-1", "192.0.2.1"))])));

        root.Descendants(Ns + "Action").Single().Value.ShouldBe(expected);
        root.Descendants(Ns + "Comment").ShouldBeEmpty();
    }

    [Fact]
    public void WriteChangeResourceRecordSetsRequest_SeveralValuesAndChanges_AllInOrder()
    {
        var batch = new ChangeBatch([
            new Change(ChangeAction.Delete, Latency("us-east-1", "192.0.2.1")),
            new Change(ChangeAction.Upsert, new ResourceRecordSet("client.example.com.", "A", 300, ["192.0.2.2", "192.0.2.3"], "ap-southeast-2", "ap-southeast-2")),
        ]);

        var root = XElement.Parse(Route53Xml.WriteChangeResourceRecordSetsRequest(batch));

        root.Descendants(Ns + "Action").Select(a => a.Value).ShouldBe(["DELETE", "UPSERT"]);
        root.Descendants(Ns + "Value").Select(v => v.Value).ShouldBe(["192.0.2.1", "192.0.2.2", "192.0.2.3"]);
        root.Descendants(Ns + "HealthCheckId").ShouldBeEmpty();
    }

    [Fact]
    public void WriteResourceRecordSet_Alias_TargetWithoutTtlOrRecords()
    {
        var set = new ResourceRecordSet("example.com.", "A", null, [],
            AliasTarget: new AliasTarget("Z2FDTNDATAQYW2", "d111111abcdef8.cloudfront.net.", false));

        var element = Route53Xml.WriteResourceRecordSet(set);

        element.Elements().Select(e => e.Name.LocalName).ShouldBe(["Name", "Type", "AliasTarget"]);
        var alias = element.Element(Ns + "AliasTarget")!;
        alias.Element(Ns + "HostedZoneId")!.Value.ShouldBe("Z2FDTNDATAQYW2");
        alias.Element(Ns + "DNSName")!.Value.ShouldBe("d111111abcdef8.cloudfront.net.");
        alias.Element(Ns + "EvaluateTargetHealth")!.Value.ShouldBe("false");
    }

    [Fact]
    public void WriteResourceRecordSet_Value_EscapedAsXml()
    {
        var element = Route53Xml.WriteResourceRecordSet(new ResourceRecordSet("t.example.com.", "TXT", 60, ["\"a<b & c>\""]));

        element.ToString().ShouldContain("<Value>\"a&lt;b &amp; c&gt;\"</Value>");
    }

    [Theory]
    [MemberData(nameof(RoundTripSets))]
    public void ReadResourceRecordSet_WhatWasWritten_ReadsBackEqual(string name)
    {
        var set = SetsByName[name];
        var wrapper = new XElement(Ns + "ListResourceRecordSetsResponse",
            new XElement(Ns + "ResourceRecordSets", Route53Xml.WriteResourceRecordSet(set)),
            new XElement(Ns + "IsTruncated", "false"),
            new XElement(Ns + "MaxItems", "100"));

        var page = Route53Xml.ParseListResourceRecordSets(wrapper.ToString());

        page.Sets.Single().ShouldMatch(set);
        page.IsTruncated.ShouldBeFalse();
        page.Next.ShouldBeNull();
    }

    private static readonly Dictionary<string, ResourceRecordSet> SetsByName = new()
    {
        ["latency with health check"] = Latency("eu-west-1", "192.0.2.10", "abcdef11-2222-3333-4444-555555fedcba"),
        ["simple, two values"] = new("www.example.com.", "AAAA", 300, ["2001:db8::1", "2001:db8::2"]),
        ["alias"] = new("example.com.", "A", null, [], AliasTarget: new AliasTarget("Z2FDTNDATAQYW2", "d111111abcdef8.cloudfront.net.", true)),
        ["latency alias"] = new("client.example.com.", "A", null, [], "ap-northeast-1", "ap-northeast-1",
            AliasTarget: new AliasTarget("Z14GRHDCWA56QT", "dualstack.my-lb-1234.ap-northeast-1.elb.amazonaws.com.", true)),
    };

    public static TheoryData<string> RoundTripSets => new(SetsByName.Keys);

    [Fact]
    public void ParseListHostedZones_DocumentedSample_BareIdsAndNextMarker()
    {
        const string body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListHostedZonesResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
               <HostedZones>
                  <HostedZone>
                     <Id>/hostedzone/Z111111QQQQQQQ</Id>
                     <Name>example.com.</Name>
                     <CallerReference>MyUniqueIdentifier1</CallerReference>
                     <Config>
                        <Comment>This is my first hosted zone.</Comment>
                        <PrivateZone>false</PrivateZone>
                     </Config>
                     <ResourceRecordSetCount>42</ResourceRecordSetCount>
                  </HostedZone>
                  <HostedZone>
                     <Id>/hostedzone/Z222222VVVVVVV</Id>
                     <Name>example2.com.</Name>
                     <CallerReference>MyUniqueIdentifier2</CallerReference>
                     <Config>
                        <Comment>This is my second hosted zone.</Comment>
                        <PrivateZone>true</PrivateZone>
                     </Config>
                     <ResourceRecordSetCount>17</ResourceRecordSetCount>
                  </HostedZone>
               </HostedZones>
               <Marker>Z222222VVVVVVV</Marker>
               <IsTruncated>true</IsTruncated>
               <NextMarker>Z333333YYYYYYY</NextMarker>
               <MaxItems>10</MaxItems>
            </ListHostedZonesResponse>
            """;

        var page = Route53Xml.ParseListHostedZones(body);

        page.Zones.ShouldBe([
            new HostedZone("Z111111QQQQQQQ", "example.com.", false, 42),
            new HostedZone("Z222222VVVVVVV", "example2.com.", true, 17),
        ]);
        page.IsTruncated.ShouldBeTrue();
        page.NextMarker.ShouldBe("Z333333YYYYYYY");
    }

    [Fact]
    public void ParseListHostedZones_LastPage_NotTruncated()
    {
        var page = Route53Xml.ParseListHostedZones("""
            <ListHostedZonesResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
              <HostedZones/><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems>
            </ListHostedZonesResponse>
            """);

        page.Zones.ShouldBeEmpty();
        page.IsTruncated.ShouldBeFalse();
        page.NextMarker.ShouldBeNull();
    }

    [Fact]
    public void ParseListResourceRecordSets_LatencyAliasAndSimple_AllFieldsAndNextStart()
    {
        const string body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListResourceRecordSetsResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
               <ResourceRecordSets>
                  <ResourceRecordSet>
                     <Name>example.com.</Name>
                     <Type>SOA</Type>
                     <TTL>900</TTL>
                     <ResourceRecords>
                        <ResourceRecord>
                           <Value>ns-2048.awsdns-64.net. hostmaster.awsdns.com. 1 7200 900 1209600 86400</Value>
                        </ResourceRecord>
                     </ResourceRecords>
                  </ResourceRecordSet>
                  <ResourceRecordSet>
                     <Name>client.example.com.</Name>
                     <Type>A</Type>
                     <SetIdentifier>eu-west-1</SetIdentifier>
                     <Region>eu-west-1</Region>
                     <TTL>60</TTL>
                     <ResourceRecords>
                        <ResourceRecord><Value>192.0.2.10</Value></ResourceRecord>
                        <ResourceRecord><Value>192.0.2.11</Value></ResourceRecord>
                     </ResourceRecords>
                     <HealthCheckId>abcdef11-2222-3333-4444-555555fedcba</HealthCheckId>
                  </ResourceRecordSet>
                  <ResourceRecordSet>
                     <Name>\052.example.com.</Name>
                     <Type>A</Type>
                     <AliasTarget>
                        <HostedZoneId>Z2FDTNDATAQYW2</HostedZoneId>
                        <DNSName>d111111abcdef8.cloudfront.net.</DNSName>
                        <EvaluateTargetHealth>false</EvaluateTargetHealth>
                     </AliasTarget>
                  </ResourceRecordSet>
               </ResourceRecordSets>
               <IsTruncated>true</IsTruncated>
               <MaxItems>3</MaxItems>
               <NextRecordName>client.example.com.</NextRecordName>
               <NextRecordType>A</NextRecordType>
               <NextRecordIdentifier>us-east-1</NextRecordIdentifier>
            </ListResourceRecordSetsResponse>
            """;

        var page = Route53Xml.ParseListResourceRecordSets(body);

        page.Sets.Count.ShouldBe(3);
        page.Sets[0].ShouldMatch(new ResourceRecordSet("example.com.", "SOA", 900,
            ["ns-2048.awsdns-64.net. hostmaster.awsdns.com. 1 7200 900 1209600 86400"]));
        page.Sets[1].ShouldMatch(new ResourceRecordSet("client.example.com.", "A", 60, ["192.0.2.10", "192.0.2.11"],
            "eu-west-1", "eu-west-1", "abcdef11-2222-3333-4444-555555fedcba"));
        page.Sets[2].ShouldMatch(new ResourceRecordSet("*.example.com.", "A", null, [],
            AliasTarget: new AliasTarget("Z2FDTNDATAQYW2", "d111111abcdef8.cloudfront.net.", false)));
        page.IsTruncated.ShouldBeTrue();
        page.Next.ShouldBe(new RecordSetStart("client.example.com.", "A", "us-east-1"));
    }

    [Theory]
    [InlineData("\\052.example.com.", "*.example.com.")]
    [InlineData("a\\100b.example.com.", "a@b.example.com.")]
    [InlineData("plain-name_1.example.com.", "plain-name_1.example.com.")]
    [InlineData("odd\\9.example.com.", "odd\\9.example.com.")]
    public void DecodeName_OctalEscapes_Undone(string name, string expected)
    {
        Route53Xml.DecodeName(name).ShouldBe(expected);
    }

    [Fact]
    public void ParseChangeInfo_ChangeResourceRecordSetsResponse_PendingWithBareId()
    {
        var info = Route53Xml.ParseChangeInfo("""
            <?xml version="1.0" encoding="UTF-8"?>
            <ChangeResourceRecordSetsResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
               <ChangeInfo>
                  <Comment>route client entry to eu</Comment>
                  <Id>/change/C2682N5HXP0BZ4</Id>
                  <Status>PENDING</Status>
                  <SubmittedAt>2017-03-10T01:36:41.958Z</SubmittedAt>
               </ChangeInfo>
            </ChangeResourceRecordSetsResponse>
            """);

        info.ShouldBe(new ChangeInfo("C2682N5HXP0BZ4", ChangeStatus.Pending,
            new DateTimeOffset(2017, 3, 10, 1, 36, 41, 958, TimeSpan.Zero), "route client entry to eu"));
    }

    [Fact]
    public void ParseChangeInfo_GetChangeResponse_InsyncWithoutComment()
    {
        var info = Route53Xml.ParseChangeInfo("""
            <GetChangeResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
               <ChangeInfo>
                  <Id>/change/C2682N5HXP0BZ4</Id>
                  <Status>INSYNC</Status>
                  <SubmittedAt>2017-03-10T01:36:41.958Z</SubmittedAt>
               </ChangeInfo>
            </GetChangeResponse>
            """);

        info.ShouldBe(new ChangeInfo("C2682N5HXP0BZ4", ChangeStatus.Insync, new DateTimeOffset(2017, 3, 10, 1, 36, 41, 958, TimeSpan.Zero)));
    }

    [Fact]
    public void ParseChangeInfo_UnknownStatus_SaysSo()
    {
        Should.Throw<FormatException>(() => Route53Xml.ParseChangeInfo(
                "<GetChangeResponse><ChangeInfo><Id>/change/C1</Id><Status>DONE</Status><SubmittedAt>2017-03-10T01:36:41Z</SubmittedAt></ChangeInfo></GetChangeResponse>"))
            .Message.ShouldContain("DONE");
    }

    [Fact]
    public void ParseListHostedZones_OtherDocument_SaysWhatCame()
    {
        Should.Throw<FormatException>(() => Route53Xml.ParseListHostedZones("<GetChangeResponse/>")).Message.ShouldContain("<GetChangeResponse>");
    }

    [Theory]
    [InlineData("https://route53.amazonaws.com/doc/2013-04-01/")]
    [InlineData(null)]
    public void ParseError_ErrorResponseThrottling_CodeMessageAndRequestId(string? ns)
    {
        var xmlns = ns is null ? "" : $" xmlns=\"{ns}\"";
        var error = Route53Xml.ParseError(400, $"""
            <?xml version="1.0"?>
            <ErrorResponse{xmlns}>
              <Error>
                <Type>Sender</Type>
                <Code>Throttling</Code>
                <Message>Rate exceeded</Message>
              </Error>
              <RequestId>8a3c1d2e-7f7e-11e7-a1d5-9b6d1c0b4f3a</RequestId>
            </ErrorResponse>
            """);

        error.StatusCode.ShouldBe(400);
        error.Code.ShouldBe("Throttling");
        error.ErrorMessage.ShouldBe("Rate exceeded");
        error.Messages.ShouldBe(["Rate exceeded"]);
        error.RequestId.ShouldBe("8a3c1d2e-7f7e-11e7-a1d5-9b6d1c0b4f3a");
        error.IsRetryable.ShouldBeTrue();
    }

    [Fact]
    public void ParseError_NoSuchHostedZone_NotRetryable()
    {
        var error = Route53Xml.ParseError(404, """
            <ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
              <Error><Type>Sender</Type><Code>NoSuchHostedZone</Code><Message>No hosted zone found with ID: Z0000</Message></Error>
              <RequestId>r-1</RequestId>
            </ErrorResponse>
            """);

        error.Code.ShouldBe("NoSuchHostedZone");
        error.IsRetryable.ShouldBeFalse();
    }

    [Theory]
    [InlineData("https://route53.amazonaws.com/doc/2013-04-01/")]
    [InlineData(null)]
    public void ParseError_InvalidChangeBatch_EveryMessage(string? ns)
    {
        var xmlns = ns is null ? "" : $" xmlns=\"{ns}\"";
        var error = Route53Xml.ParseError(400, $"""
            <?xml version="1.0"?>
            <InvalidChangeBatch{xmlns}>
              <Messages>
                <Message>Tried to create resource record set [name='client.example.com.', type='A', set-identifier='eu-west-1'] but it already exists</Message>
                <Message>Tried to delete resource record set [name='old.example.com.', type='A'] but it was not found</Message>
              </Messages>
              <RequestId>b25f48e8-84fd-11e6-80d9-574e0c4664cb</RequestId>
            </InvalidChangeBatch>
            """);

        error.Code.ShouldBe("InvalidChangeBatch");
        error.Messages.Count.ShouldBe(2);
        error.Messages[1].ShouldBe("Tried to delete resource record set [name='old.example.com.', type='A'] but it was not found");
        error.ErrorMessage.ShouldContain("already exists; Tried to delete");
        error.RequestId.ShouldBe("b25f48e8-84fd-11e6-80d9-574e0c4664cb");
        error.IsRetryable.ShouldBeFalse();
    }

    [Fact]
    public void ParseError_InvalidChangeBatchAsErrorResponse_MessagesFromTheError()
    {
        var error = Route53Xml.ParseError(400, """
            <ErrorResponse><Error><Type>Sender</Type><Code>InvalidChangeBatch</Code><Message>two problems</Message>
              <messages><Message>first</Message><Message>second</Message></messages></Error><RequestId>r</RequestId></ErrorResponse>
            """);

        error.Code.ShouldBe("InvalidChangeBatch");
        error.Messages.ShouldBe(["first", "second"]);
    }

    [Theory]
    [InlineData(503, "<html><body>Service Unavailable</body></html>", true)]
    [InlineData(502, "", true)]
    [InlineData(403, "not xml", false)]
    public void ParseError_NotRoute53Xml_HttpErrorWithStatus(int status, string body, bool retryable)
    {
        var error = Route53Xml.ParseError(status, body, "req-from-header");

        error.Code.ShouldBe("HttpError");
        error.StatusCode.ShouldBe(status);
        error.ErrorMessage.ShouldContain(status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        error.RequestId.ShouldBe("req-from-header");
        error.IsRetryable.ShouldBe(retryable);
    }

    // Indentation in the expected text is whitespace nodes; the writer writes none.
    private static XElement Strip(XElement element)
    {
        foreach (var text in element.DescendantNodes().OfType<XText>().Where(t => string.IsNullOrWhiteSpace(t.Value)).ToList())
        {
            text.Remove();
        }
        return element;
    }
}
