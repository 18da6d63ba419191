using Dashboard.Dns;
using System.Net;
using System.Net.Sockets;
using Dashboard.Data;
using Dashboard.Features.Zones;

namespace Dashboard.Features.Search;

/// <summary>One record found by a search, with the zone it belongs to. Content is in presentation form.</summary>
public sealed record SearchHit(string Zone, string Name, string Type, string Content, int Ttl, bool Disabled);

/// <summary>A page of hits; <see cref="HasMore"/> says whether a next page exists (no total: it would cost a full count).</summary>
public sealed record SearchResults(IReadOnlyList<SearchHit> Items, bool HasMore, bool IsAddressSearch);

/// <summary>
/// Search across every zone, server-side paged. An IP address finds every A/AAAA record pointing to it (exact, over
/// <c>records_address_idx</c>); any other text of at least <see cref="MinLength"/> characters finds names and contents
/// containing it (pg_trgm indexes). Singleton, thread-safe; callers own cancellation.
/// </summary>
public sealed class SearchQueries(RegionDataSources dataSources)
{
    public const int MinLength = 3;

    public async Task<SearchResults> SearchAsync(string text, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var term = text.Trim();
        pageSize = Math.Clamp(pageSize, 1, 200);
        var offset = (long)Math.Max(0, page) * pageSize;
        var addresses = AddressForms(term);
        if (addresses is null && term.Length < MinLength)
        {
            return new SearchResults([], false, false);
        }

        await using var command = dataSources.Primary.CreateCommand(addresses is not null
            ? $"""
              SELECT d.name, r.name, r.type, r.content, r.ttl, r.prio, r.disabled
              FROM records r JOIN domains d ON d.id = r.domain_id
              WHERE r.type IN ('A', 'AAAA') AND r.content = ANY($1)
              ORDER BY r.name, r.type, r.id LIMIT {pageSize + 1} OFFSET {offset}
              """
            : $"""
              SELECT d.name, r.name, r.type, r.content, r.ttl, r.prio, r.disabled
              FROM records r JOIN domains d ON d.id = r.domain_id
              WHERE (r.name LIKE $1 OR r.content LIKE $1) AND r.type <> 'SOA'
              ORDER BY r.name, r.type, r.id LIMIT {pageSize + 1} OFFSET {offset}
              """);
        command.Parameters.AddWithValue(addresses is not null ? addresses : (object)("%" + RecordQueries.EscapeLike(term.ToLowerInvariant()) + "%"));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var hits = new List<SearchHit>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var type = reader.GetString(2);
            hits.Add(new SearchHit(
                reader.GetString(0),
                reader.GetString(1),
                type,
                PowerDnsContent.FromStorage(type, reader.IsDBNull(3) ? "" : reader.GetString(3), reader.IsDBNull(5) ? null : reader.GetInt32(5)),
                reader.IsDBNull(4) ? 0 : reader.GetInt32(4),
                !reader.IsDBNull(6) && reader.GetBoolean(6)));
        }
        var hasMore = hits.Count > pageSize;
        return new SearchResults(hasMore ? hits[..pageSize] : hits, hasMore, addresses is not null);
    }

    /// <summary>
    /// The stored spellings an address may have: canonical (192.0.2.1, 2001:db8::1), upper case and fully expanded
    /// IPv6. Null when <paramref name="text"/> is not an IPv4 dotted quad or an IPv6 address.
    /// </summary>
    public static string[]? AddressForms(string text)
    {
        var term = text.Trim();
        if (!IPAddress.TryParse(term, out var address))
        {
            return null;
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            // IPAddress.TryParse accepts "1" or "1.2"; only a dotted quad is what an operator means by an IPv4 address.
            return term.Count(c => c == '.') == 3 ? [address.ToString()] : null;
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6 || address.ScopeId != 0)
        {
            return null;
        }
        var canonical = address.ToString();
        var bytes = address.GetAddressBytes();
        var expanded = string.Join(':', Enumerable.Range(0, 8).Select(i => $"{bytes[2 * i]:x2}{bytes[2 * i + 1]:x2}"));
        return new[] { canonical, canonical.ToUpperInvariant(), expanded, expanded.ToUpperInvariant() }.Distinct().ToArray();
    }
}
