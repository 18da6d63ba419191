using System.Net;
using static Route53StandIn.Tests.StandInHarness;

namespace Route53StandIn.Tests;

public sealed class SignatureAndRateTests
{
    [Fact]
    public async Task An_unsigned_request_is_403_MissingAuthenticationToken()
    {
        await using var standIn = await StartAsync();

        var (status, body) = await standIn.SendAsync(new HttpRequestMessage(HttpMethod.Get, "2013-04-01/hostedzone"));

        status.ShouldBe(HttpStatusCode.Forbidden);
        body.Name.ShouldBe(Ns + "ErrorResponse");
        Error(body, "Type").ShouldBe("Sender");
        Error(body, "Code").ShouldBe("MissingAuthenticationToken");
        Error(body, "Message").ShouldBe("Missing Authentication Token");
    }

    public static TheoryData<string, string> MalformedAuthorizations()
    {
        var sig = FakeSignature;
        return new()
        {
            { "AWS3 Credential=AKID/20260301/us-east-1/route53/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + sig, "AWS4-HMAC-SHA256" },
            { "AWS4-HMAC-SHA256 Credential=AKID/20260301/us-east-1/route53/aws4_request, Signature=" + sig, "Authorization header requires 'SignedHeaders' parameter." },
            { "AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, Signature=" + sig, "Authorization header requires 'Credential' parameter." },
            { "AWS4-HMAC-SHA256 Credential=AKID/20260301/us-east-1/route53, SignedHeaders=host;x-amz-date, Signature=" + sig, "Credential is mal-formed" },
            { "AWS4-HMAC-SHA256 Credential=AKID/2026-03-01/us-east-1/route53/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + sig, "Credential is mal-formed" },
            { "AWS4-HMAC-SHA256 Credential=AKID/20260301/us-east-1/route53/aws4_request, SignedHeaders=host, Signature=" + sig, "SignedHeaders must include 'x-amz-date'" },
            { "AWS4-HMAC-SHA256 Credential=AKID/20260301/us-east-1/route53/aws4_request, SignedHeaders=Host;X-Amz-Date, Signature=" + sig, "SignedHeaders must be lower-case" },
            { "AWS4-HMAC-SHA256 Credential=AKID/20260301/us-east-1/route53/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + sig.ToUpperInvariant(), "Signature must be 64 lower-case hexadecimal digits" },
            { "AWS4-HMAC-SHA256 Credential=AKID/20260301/us-east-1/route53/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc", "Signature must be 64 lower-case hexadecimal digits" },
            { "AWS4-HMAC-SHA256 Credential=AKID/20260228/us-east-1/route53/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + sig, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20260228' != '20260301'" },
        };
    }

    [Theory]
    [MemberData(nameof(MalformedAuthorizations))]
    public async Task A_malformed_Authorization_header_is_403_IncompleteSignature_naming_the_fault(string authorization, string fault)
    {
        await using var standIn = await StartAsync();
        var request = standIn.Signed(HttpMethod.Get, "2013-04-01/hostedzone");
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        var (status, body) = await standIn.SendAsync(request);

        status.ShouldBe(HttpStatusCode.Forbidden);
        Error(body, "Code").ShouldBe("IncompleteSignature");
        Error(body, "Message").ShouldContain(fault);
    }

    [Theory]
    [InlineData(null, "Authorization header requires existence of the 'X-Amz-Date' header")]
    [InlineData("2026-03-01T12:00:00Z", "Date must be in ISO-8601 'basic format'. Got '2026-03-01T12:00:00Z'.")]
    public async Task A_missing_or_ill_formed_X_Amz_Date_is_IncompleteSignature(string? amzDate, string fault)
    {
        await using var standIn = await StartAsync();
        var request = standIn.Signed(HttpMethod.Get, "2013-04-01/hostedzone");
        request.Headers.Remove("X-Amz-Date");
        if (amzDate is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        }

        var (status, body) = await standIn.SendAsync(request);

        status.ShouldBe(HttpStatusCode.Forbidden);
        Error(body, "Code").ShouldBe("IncompleteSignature");
        Error(body, "Message").ShouldContain(fault);
    }

    [Theory]
    [InlineData("eu-west-1", "route53", "Credential should be scoped to a valid region, not 'eu-west-1'.")]
    [InlineData("us-east-1", "s3", "Credential should be scoped to correct service: 'route53'.")]
    public async Task A_scope_for_another_region_or_service_is_SignatureDoesNotMatch(string region, string service, string fault)
    {
        await using var standIn = await StartAsync();
        var request = standIn.Signed(HttpMethod.Get, "2013-04-01/hostedzone");
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential=AKID/20260301/{region}/{service}/aws4_request, SignedHeaders=host;x-amz-date, Signature={FakeSignature}");

        var (status, body) = await standIn.SendAsync(request);

        status.ShouldBe(HttpStatusCode.Forbidden);
        Error(body, "Code").ShouldBe("SignatureDoesNotMatch");
        Error(body, "Message").ShouldStartWith(fault);
    }

    [Theory]
    [InlineData(-301, "Signature expired: 20260301T115459Z is now earlier than 20260301T115500Z (20260301T120000Z - 5 min.)")]
    [InlineData(301, "Signature not yet current: 20260301T120501Z is still later than 20260301T120500Z (20260301T120000Z + 5 min.)")]
    public async Task An_X_Amz_Date_more_than_5_minutes_off_is_SignatureDoesNotMatch(int offsetSeconds, string message)
    {
        await using var standIn = await StartAsync();

        var (status, body) = await standIn.SendAsync(standIn.Signed(HttpMethod.Get, "2013-04-01/hostedzone",
            signedAt: standIn.Time.GetUtcNow().AddSeconds(offsetSeconds)));

        status.ShouldBe(HttpStatusCode.Forbidden);
        Error(body, "Code").ShouldBe("SignatureDoesNotMatch");
        Error(body, "Message").ShouldBe(message);
    }

    [Fact]
    public async Task An_X_Amz_Date_just_within_5_minutes_is_taken()
    {
        await using var standIn = await StartAsync();

        var (status, _) = await standIn.SendAsync(standIn.Signed(HttpMethod.Get, "2013-04-01/hostedzone",
            signedAt: standIn.Time.GetUtcNow().AddMinutes(-5)));

        status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Past_the_rate_in_one_second_the_stand_in_answers_Throttling_until_the_next_second()
    {
        await using var standIn = await StartAsync(maxRequestsPerSecond: 5);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await standIn.GetAsync("2013-04-01/hostedzone")).Status);
        }
        var (throttled, body) = await standIn.GetAsync("2013-04-01/hostedzone");
        standIn.Time.Advance(TimeSpan.FromSeconds(1));
        var (next, _) = await standIn.GetAsync("2013-04-01/hostedzone");

        statuses.ShouldAllBe(s => s == HttpStatusCode.OK);
        throttled.ShouldBe(HttpStatusCode.BadRequest);
        body.Name.ShouldBe(Ns + "ErrorResponse");
        Error(body, "Type").ShouldBe("Sender");
        Error(body, "Code").ShouldBe("Throttling");
        Error(body, "Message").ShouldBe("Rate exceeded");
        next.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_unsigned_request_does_not_use_up_the_rate()
    {
        await using var standIn = await StartAsync(maxRequestsPerSecond: 1);

        await standIn.SendAsync(new HttpRequestMessage(HttpMethod.Get, "2013-04-01/hostedzone"));
        var (status, _) = await standIn.GetAsync("2013-04-01/hostedzone");

        status.ShouldBe(HttpStatusCode.OK);
    }
}
