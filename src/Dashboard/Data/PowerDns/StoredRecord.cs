using Dashboard.Dns;
using Npgsql;

namespace Dashboard.Data.PowerDns;

/// <summary>
/// A row of PowerDNS's <c>records</c> table as every reader in the dashboard maps it: the one row reader, with one NULL
/// policy. PowerDNS's schema lets every column but <c>id</c> be NULL (other writers: pdnsutil, hand-written SQL), and
/// a NULL reads as PowerDNS itself reads it:
/// <list type="bullet">
/// <item>name, type, content: <c>""</c> (a row without a type belongs to no RRset, so its <see cref="Key"/> is null);</item>
/// <item>ttl: 0;</item>
/// <item>prio: stays null (an MX/SRV stored whole, see <see cref="PowerDnsContent"/>);</item>
/// <item>disabled: false, PowerDNS's column default.</item>
/// </list>
/// <see cref="StoredContent"/> is the <c>content</c> column as stored; <see cref="Content"/> is the presentation form.
/// </summary>
public sealed record StoredRecord(long Id, string Name, string Type, string StoredContent, int Ttl, int? Prio, bool Disabled)
{
    /// <summary>The columns <see cref="Read"/> expects, in its order, unqualified.</summary>
    public const string Columns = "id, name, type, content, ttl, prio, disabled";

    /// <summary>How many columns <see cref="Read"/> consumes.</summary>
    public const int ColumnCount = 7;

    /// <summary><see cref="Columns"/> qualified with a table alias (<c>r.id, r.name, ...</c>), for joins.</summary>
    public static string ColumnsOf(string alias) => string.Join(", ", Columns.Split(", ").Select(c => $"{alias}.{c}"));

    /// <summary>Presentation content: MX/SRV with their priority in front, whichever way the row was written.</summary>
    public string Content => PowerDnsContent.FromStorage(Type, StoredContent, Prio);

    /// <summary>Null for a type the dashboard does not carry (the row still counts as a row of its name).</summary>
    public RRsetKey? Key => RecordTypes.TryParse(Type, out var type) ? new RRsetKey(Name, type) : null;

    /// <summary>The row as the DNS rules and the zone-file writer take it; null when <see cref="Key"/> is.</summary>
    public ZoneRecord? ToZoneRecord() => Key is { } key ? new ZoneRecord(Name, key.Type, Content, Ttl, Disabled) : null;

    /// <summary>Maps the current row, whose <see cref="Columns"/> start at ordinal <paramref name="first"/>.</summary>
    public static StoredRecord Read(NpgsqlDataReader reader, int first = 0)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new StoredRecord(
            reader.GetInt64(first),
            Text(reader, first + 1),
            Text(reader, first + 2),
            Text(reader, first + 3),
            reader.IsDBNull(first + 4) ? 0 : reader.GetInt32(first + 4),
            reader.IsDBNull(first + 5) ? null : reader.GetInt32(first + 5),
            !reader.IsDBNull(first + 6) && reader.GetBoolean(first + 6));
    }

    /// <summary>Every remaining row of the reader's current result set (it does not move to the next one).</summary>
    public static async Task<List<StoredRecord>> ReadAllAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rows = new List<StoredRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(Read(reader));
        }
        return rows;
    }

    /// <summary>The RRsets these rows make (<see cref="RRsetRow.FromStored"/>); rows of types the dashboard does not carry are left out.</summary>
    public static Dictionary<RRsetKey, RRsetRow> ToRRsets(IEnumerable<StoredRecord> rows) =>
        rows.Where(r => r.Key is not null).GroupBy(r => r.Key!.Value).ToDictionary(g => g.Key, g => ToRRset(g.Key, g));

    /// <summary>One RRset of <paramref name="rows"/> (all of <paramref name="key"/>), as <see cref="RRsetRow.FromStored"/> makes it.</summary>
    public static RRsetRow ToRRset(RRsetKey key, IEnumerable<StoredRecord> rows) =>
        RRsetRow.FromStored(key.Name, key.Type, rows.Select(r => (r.Id, r.Content, r.Ttl, r.Disabled)));

    private static string Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? "" : reader.GetString(ordinal);
}
