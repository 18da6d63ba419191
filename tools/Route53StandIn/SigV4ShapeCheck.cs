using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Route53StandIn;

/// <summary>
/// Checks that a request carries an AWS Signature Version 4 of the right <em>shape</em>, so that a client that forgets
/// to sign, or signs with the wrong scope or a stale clock, fails here the way it would against Route 53. It does
/// <strong>not</strong> verify the signature: the stand-in holds no secret key, so it cannot compute the HMAC, and any
/// 64-hex-digit Signature passes. A client's canonical request and signing key are not tested by it.
/// <list type="bullet">
/// <item>No Authorization header: 403 MissingAuthenticationToken "Missing Authentication Token".</item>
/// <item>Not "AWS4-HMAC-SHA256 Credential=AKID/yyyyMMdd/region/service/aws4_request, SignedHeaders=a;b, Signature=hex64",
/// SignedHeaders without host and x-amz-date, no X-Amz-Date or not yyyyMMddTHHmmssZ, or a credential date that is not
/// X-Amz-Date's: 403 IncompleteSignature naming what is wrong.</item>
/// <item>A scope for another region than us-east-1 (Route 53 is signed for us-east-1) or another service than route53,
/// a signed header the request lacks, or an X-Amz-Date more than 5 minutes from the stand-in's clock: 403
/// SignatureDoesNotMatch, as AWS answers these ("Credential should be scoped to a valid region…", "Signature expired…").</item>
/// </list>
/// </summary>
internal static partial class SigV4ShapeCheck
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string Region = "us-east-1";
    public const string Service = "route53";
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(5);

    private const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex SignaturePattern();

    [GeneratedRegex("^[a-z0-9-]+(;[a-z0-9-]+)*$")]
    private static partial Regex SignedHeadersPattern();

    /// <summary>Null when the request is signed in the right shape, else the error to answer.</summary>
    public static StandInError? Check(HttpRequest request, DateTimeOffset now)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(authorization))
        {
            return new StandInError(403, "MissingAuthenticationToken", "Missing Authentication Token");
        }
        if (!authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            var algorithm = authorization.Split(' ', 2)[0];
            return Incomplete($"Unsupported Authorization Type '{algorithm}': the Authorization header must start with '{Algorithm} '. Authorization={authorization}");
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in authorization[(Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0)
            {
                return Incomplete($"Authorization header parameter '{part}' is not of the form Name=value. Authorization={authorization}");
            }
            parameters[part[..equals]] = part[(equals + 1)..];
        }
        var missing = new[] { "Credential", "Signature", "SignedHeaders" }.Where(p => !parameters.ContainsKey(p)).ToList();
        if (missing.Count > 0)
        {
            return Incomplete(string.Concat(missing.Select(p => $"Authorization header requires '{p}' parameter. ")) + $"Authorization={authorization}");
        }

        var scope = parameters["Credential"].Split('/');
        if (scope.Length != 5 || scope[0].Length == 0
            || !DateOnly.TryParseExact(scope[1], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return Incomplete($"Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\", got '{parameters["Credential"]}'.");
        }

        var signedHeaders = parameters["SignedHeaders"];
        if (!SignedHeadersPattern().IsMatch(signedHeaders))
        {
            return Incomplete($"SignedHeaders must be lower-case header names separated by ';', got '{signedHeaders}'.");
        }
        var signed = signedHeaders.Split(';');
        foreach (var required in new[] { "host", "x-amz-date" })
        {
            if (!signed.Contains(required))
            {
                return Incomplete($"SignedHeaders must include '{required}', got '{signedHeaders}'.");
            }
        }
        if (!SignaturePattern().IsMatch(parameters["Signature"]))
        {
            return Incomplete($"Signature must be 64 lower-case hexadecimal digits, got '{parameters["Signature"]}'.");
        }

        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (amzDate.Length == 0)
        {
            return Incomplete("Authorization header requires existence of the 'X-Amz-Date' header (the Route 53 stand-in does not take 'Date' instead).");
        }
        if (!DateTimeOffset.TryParseExact(amzDate, AmzDateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            return Incomplete($"Date must be in ISO-8601 'basic format'. Got '{amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
        if (scope[1] != amzDate[..8])
        {
            return Incomplete($"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{scope[1]}' != '{amzDate[..8]}', from '{amzDate}'.");
        }

        if (scope[2] != Region)
        {
            return Mismatch($"Credential should be scoped to a valid region, not '{scope[2]}'. (Route 53 requests are signed for {Region}.)");
        }
        if (scope[3] != Service)
        {
            return Mismatch($"Credential should be scoped to correct service: '{Service}'. ");
        }
        if (scope[4] != "aws4_request")
        {
            return Mismatch($"Credential should be scoped with a valid terminator: 'aws4_request', not '{scope[4]}'. ");
        }
        foreach (var header in signed)
        {
            if (header != "host" && !request.Headers.ContainsKey(header))
            {
                return Mismatch($"SignedHeaders lists '{header}', which the request does not carry.");
            }
        }

        var format = (DateTimeOffset t) => t.UtcDateTime.ToString(AmzDateFormat, CultureInfo.InvariantCulture);
        if (signedAt < now - AllowedSkew)
        {
            return Mismatch($"Signature expired: {amzDate} is now earlier than {format(now - AllowedSkew)} ({format(now)} - 5 min.)");
        }
        if (signedAt > now + AllowedSkew)
        {
            return Mismatch($"Signature not yet current: {amzDate} is still later than {format(now + AllowedSkew)} ({format(now)} + 5 min.)");
        }
        return null;
    }

    private static StandInError Incomplete(string message) => new(403, "IncompleteSignature", message);

    private static StandInError Mismatch(string message) => new(403, "SignatureDoesNotMatch", message);
}
