using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Dashboard.Route53;

/// <summary>
/// What AWS Signature Version 4 signs of a request. <see cref="Path"/> and <see cref="Query"/> are given as they go on the
/// wire (the query as decoded pairs); <see cref="Headers"/> are the headers to sign besides <c>x-amz-date</c> and
/// <c>x-amz-security-token</c>, which the signer adds. A name may repeat: its values are joined in order.
/// </summary>
public sealed record SigV4Request(
    string Method,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string PayloadHash);

/// <summary>
/// The signing's intermediate texts (kept so they can be compared with AWS's published test vectors) and the headers
/// to send: <see cref="Authorization"/>, <see cref="AmzDate"/> as <c>X-Amz-Date</c>, and the session token, if any,
/// as <c>X-Amz-Security-Token</c>.
/// </summary>
public sealed record SigV4Signature(
    string CanonicalRequest,
    string StringToSign,
    string Signature,
    string Authorization,
    string AmzDate,
    string SignedHeaders);

/// <summary>
/// AWS Signature Version 4 (header form), written against AWS's description of it and checked with its published test
/// suite. The path is encoded once more as given: for a request that means its path as sent, which is what AWS asks of
/// every service but S3 (whose paths are not encoded again). Route 53 paths hold only unreserved characters, so for
/// them the wire path and the canonical URI are the same text.
/// </summary>
public static class SigV4Signer
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string AmzDateHeader = "X-Amz-Date";
    public const string SecurityTokenHeader = "X-Amz-Security-Token";

    /// <summary>Lowercase hex SHA-256 of the payload, as the canonical request's last line wants it.</summary>
    public static string HashPayload(ReadOnlySpan<byte> payload) => Convert.ToHexStringLower(SHA256.HashData(payload));

    /// <summary>Signs <paramref name="request"/> for <paramref name="region"/> and <paramref name="service"/> at <paramref name="time"/>.</summary>
    public static SigV4Signature Sign(SigV4Request request, AwsCredentials credentials, string region, string service, DateTimeOffset time)
    {
        var amzDate = time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];

        var headers = new List<KeyValuePair<string, string>>(request.Headers) { new(AmzDateHeader, amzDate) };
        if (!string.IsNullOrEmpty(credentials.SessionToken))
        {
            headers.Add(new(SecurityTokenHeader, credentials.SessionToken));
        }
        var (canonicalHeaders, signedHeaders) = CanonicalHeaders(headers);

        var canonicalRequest = string.Join('\n',
            request.Method.ToUpperInvariant(),
            CanonicalUri(request.Path),
            CanonicalQuery(request.Query),
            canonicalHeaders,
            signedHeaders,
            request.PayloadHash);

        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = string.Join('\n',
            Algorithm,
            amzDate,
            scope,
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));

        var key = SigningKey(credentials.SecretAccessKey, date, region, service);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        var authorization = $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
        return new SigV4Signature(canonicalRequest, stringToSign, signature, authorization, amzDate, signedHeaders);
    }

    /// <summary>
    /// Signs an outgoing request whose body is <paramref name="payload"/> (the exact bytes of its content), and sets
    /// <c>Authorization</c>, <c>X-Amz-Date</c> and, with a session token, <c>X-Amz-Security-Token</c> on it. Signs the
    /// host and those headers only, so that a handler adding headers later cannot break the signature.
    /// </summary>
    public static SigV4Signature Sign(HttpRequestMessage message, ReadOnlySpan<byte> payload, AwsCredentials credentials, string region, string service, DateTimeOffset time)
    {
        var uri = message.RequestUri ?? throw new ArgumentException("The request has no URI to sign.", nameof(message));
        if (!uri.IsAbsoluteUri)
        {
            throw new ArgumentException("The request's URI must be absolute to be signed (the host is signed).", nameof(message));
        }
        var host = uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port}";
        var signed = Sign(
            new SigV4Request(message.Method.Method, uri.AbsolutePath, ParseQuery(uri.Query), [new("host", host)], HashPayload(payload)),
            credentials, region, service, time);

        message.Headers.Remove(AmzDateHeader);
        message.Headers.Remove(SecurityTokenHeader);
        message.Headers.TryAddWithoutValidation(AmzDateHeader, signed.AmzDate);
        if (!string.IsNullOrEmpty(credentials.SessionToken))
        {
            message.Headers.TryAddWithoutValidation(SecurityTokenHeader, credentials.SessionToken);
        }
        message.Headers.Authorization = new AuthenticationHeaderValue(Algorithm, signed.Authorization[(Algorithm.Length + 1)..]);
        return signed;
    }

    /// <summary>RFC 3986 percent-encoding of the UTF-8 bytes: everything but A-Z, a-z, 0-9, '-', '.', '_', '~' (and '/' when kept).</summary>
    public static string UriEncode(string value, bool keepSlash = false)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '.' or '_' or '~' || (keepSlash && c == '/'))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }

    private static string CanonicalUri(string path) => path.Length == 0 ? "/" : UriEncode(path, keepSlash: true);

    private static string CanonicalQuery(IReadOnlyList<KeyValuePair<string, string>> query) =>
        string.Join('&', query
            .Select(p => (Key: UriEncode(p.Key), Value: UriEncode(p.Value)))
            // Sorted by encoded name, then value: sorting the joined "name=value" texts would put "Param-3=" before "Param=".
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value}"));

    private static (string Canonical, string Signed) CanonicalHeaders(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var grouped = headers
            .GroupBy(h => h.Key.Trim().ToLowerInvariant())
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Value: string.Join(',', g.Select(h => CollapseWhitespace(h.Value)))))
            .ToList();
        var canonical = string.Concat(grouped.Select(h => $"{h.Name}:{h.Value}\n"));
        return (canonical, string.Join(';', grouped.Select(h => h.Name)));
    }

    // Trimmed, and every run of spaces (a folded header's line breaks included) made one space.
    private static string CollapseWhitespace(string value)
    {
        var builder = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var c in value.AsSpan().Trim())
        {
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }
            builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>A query string as sent ("?a=1&b") as decoded name and value pairs, in order; a name alone has the value "".</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseQuery(string query)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? "" : part[(equals + 1)..];
            pairs.Add(new(Uri.UnescapeDataString(name), Uri.UnescapeDataString(value)));
        }
        return pairs;
    }

    private static byte[] SigningKey(string secretAccessKey, string date, string region, string service)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }
}
