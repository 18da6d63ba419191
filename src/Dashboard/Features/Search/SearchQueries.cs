using Dashboard.Dns;
using System.Net;
using System.Net.Sockets;
using Dashboard.Data;
using Dashboard.Data.PowerDns;
using Dashboard.Features.Auth;
using Dashboard.Features.Zones;

namespace Dashboard.Features.Search;

/// <summary>
/// One record found by a search, with the zone it belongs to. Content is in presentation form. <see cref="Via"/> is
/// the name a CNAME hit points to on its way to the address (null for direct hits); <see cref="Depth"/> counts the
/// CNAME steps (0 for an A/AAAA or text hit).
/// </summary>
public sealed record SearchHit(string Zone, string Name, string Type, string Content, int Ttl, bool Disabled, string? Via = null, int Depth = 0);

/// <summary>A page of hits and how many there are in all.</summary>
public sealed record SearchResults(IReadOnlyList<SearchHit> Items, long Total, long Offset, bool IsAddressSearch)
{
    public bool HasMore => Offset + Items.Count < Total;
}

/// <summary>
/// Search across every zone, server-side paged, with an exact total. An IP address finds every A/AAAA record pointing
/// to it (exact, over <c>records_address_idx</c>) and then every CNAME in the same zone that leads there, up to
/// <see cref="MaxCnameDepth"/> CNAMEs deep; any other text of at least <see cref="MinLength"/> characters finds names
/// and contents containing it (pg_trgm indexes). Demands <see cref="Permission.ReadZones"/>. Singleton, thread-safe;
/// callers own cancellation.
/// </summary>
public sealed class SearchQueries(RegionDataSources dataSources)
{
    public const int MinLength = 3;

    /// <summary>How many CNAMEs an address search follows back from the A/AAAA record (a tunnel to an edge name is one).</summary>
    public const int MaxCnameDepth = 3;

    public const int MaxPageSize = 200;

    // Both list the zone, then StoredRecord.Columns, then via, depth and the total.
    // Direct A/AAAA hits, then CNAMEs in the same zone whose target is a name already found. UNION (not ALL) drops the
    // duplicate a name with two matching rows would produce; a CNAME loop cannot reach an address, and depth bounds it.
    private const string AddressSql = """
        WITH RECURSIVE hits(domain_id, id, name, type, content, ttl, prio, disabled, depth, via) AS (
            SELECT r.domain_id, r.id, r.name, r.type, r.content, r.ttl, r.prio, r.disabled, 0, NULL::text
            FROM records r
            WHERE r.type IN ('A', 'AAAA') AND r.content = ANY($1)
          UNION
            SELECT c.domain_id, c.id, c.name, c.type, c.content, c.ttl, c.prio, c.disabled, h.depth + 1, h.name
            FROM hits h
            JOIN records c ON c.domain_id = h.domain_id AND c.type = 'CNAME' AND c.content = h.name
            WHERE h.depth < $2
        )
        SELECT d.name, h.id, h.name, h.type, h.content, h.ttl, h.prio, h.disabled, h.via, h.depth, count(*) OVER ()
        FROM hits h JOIN domains d ON d.id = h.domain_id
        ORDER BY h.depth, h.name, h.type, h.id
        """;

    private static readonly string TextSql = $"""
        SELECT d.name, {StoredRecord.ColumnsOf("r")}, NULL::text, 0, count(*) OVER ()
        FROM records r JOIN domains d ON d.id = r.domain_id
        WHERE (r.name LIKE $1 OR r.content LIKE $1) AND r.type <> 'SOA'
        ORDER BY r.name, r.type, r.id
        """;

    // Past the last hit the window count is gone with the rows; this gives the total for an out-of-range page.
    private const string AddressCountSql = $"SELECT count(*) FROM ({AddressSql}) x";
    private const string TextCountSql = """
        SELECT count(*) FROM records r WHERE (r.name LIKE $1 OR r.content LIKE $1) AND r.type <> 'SOA'
        """;

    public async Task<SearchResults> SearchAsync(Actor actor, string text, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        actor.Demand(Permission.ReadZones);
        var term = text.Trim();
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var offset = (long)Math.Max(0, page) * pageSize;
        var addresses = AddressForms(term);
        // PostgreSQL text cannot hold NUL, so nothing stored contains one.
        if (addresses is null && (term.Length < MinLength || term.Contains('\0')))
        {
            return new SearchResults([], 0, offset, false);
        }

        object[] parameters = addresses is not null
            ? [addresses, MaxCnameDepth]
            : ["%" + RecordQueries.EscapeLike(term.ToLowerInvariant()) + "%"];
        await using var command = dataSources.Primary.CreateCommand($"{(addresses is not null ? AddressSql : TextSql)} LIMIT {pageSize} OFFSET {offset}");
        foreach (var value in parameters)
        {
            command.Parameters.AddWithValue(value);
        }
        var hits = new List<SearchHit>();
        long? total = null;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = StoredRecord.Read(reader, 1);
                const int Via = 1 + StoredRecord.ColumnCount;
                hits.Add(new SearchHit(
                    reader.GetString(0),
                    row.Name,
                    row.Type,
                    row.Content,
                    row.Ttl,
                    row.Disabled,
                    reader.IsDBNull(Via) ? null : reader.GetString(Via),
                    reader.GetInt32(Via + 1)));
                total ??= reader.GetInt64(Via + 2);
            }
        }
        if (total is null)
        {
            await using var count = dataSources.Primary.CreateCommand(addresses is not null ? AddressCountSql : TextCountSql);
            foreach (var value in parameters)
            {
                count.Parameters.AddWithValue(value);
            }
            total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }
        return new SearchResults(hits, total.Value, offset, addresses is not null);
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
