namespace Dashboard.Data.PowerDns;

/// <summary>
/// The one home of the SQL over PowerDNS's tables (<c>domains</c>, <c>records</c>, <c>comments</c>,
/// <c>domainmetadata</c>) that more than one feature needs, each semantic decided here once. Features keep only their
/// query-specific SQL and build it from these pieces; rows are mapped by <see cref="StoredRecord.Read"/>.
/// Parameters and expressions are passed in as SQL text (<c>@zone</c>, <c>$1</c>, <c>d.id</c>), so a piece fits both
/// named and positional commands.
/// </summary>
public static class PowerDnsSql
{
    /// <summary>The zone's id (parameter <c>@zone</c>, the normalized name): one row, or none when there is no such zone.</summary>
    public const string ZoneIdByName = "SELECT id FROM domains WHERE name = @zone";

    /// <summary>
    /// <see cref="ZoneIdByName"/>, locking the domain row until the transaction ends. Writers that remove the zone take
    /// it; it also holds off every other transaction's record INSERT into the zone (their foreign-key check).
    /// </summary>
    public const string ZoneIdByNameForUpdate = ZoneIdByName + " FOR UPDATE";

    /// <summary>Every zone's name, in name order: what PowerDNS serves (every domain row), whatever the configuration lists.</summary>
    public const string ZoneNames = "SELECT name FROM domains ORDER BY name";

    /// <summary>
    /// The smallest TTL of the zone <paramref name="domainId"/>'s enabled rows (those PowerDNS serves) as a scalar
    /// subquery; NULL for a zone without any.
    /// </summary>
    public static string MinEnabledTtl(string domainId) => $"(SELECT min(ttl) FROM records WHERE domain_id = {domainId} AND NOT disabled)";

    /// <summary>A new zone's domain row, as PowerDNS's API creates a native zone (parameter <c>@zone</c>); returns its id.</summary>
    public const string InsertZone = "INSERT INTO domains (name, type) VALUES (@zone, 'NATIVE') RETURNING id";

    /// <summary>
    /// Every row PowerDNS keeps for the zone <c>@d</c> (an id), one statement each (a batch command holds one), its
    /// domain row last. The dashboard's own rows about the zone (tier, saved change sets) are the caller's to delete.
    /// </summary>
    public static readonly IReadOnlyList<string> DeleteZone =
    [
        "DELETE FROM records WHERE domain_id = @d",
        "DELETE FROM comments WHERE domain_id = @d",
        "DELETE FROM domainmetadata WHERE domain_id = @d",
        "DELETE FROM domains WHERE id = @d",
    ];

    /// <summary>The id of the zone named by <paramref name="zone"/> (a parameter or expression), as a scalar subquery: NULL when there is none.</summary>
    public static string ZoneId(string zone) => $"(SELECT id FROM domains WHERE name = {zone})";

    /// <summary>
    /// The zone's apex SOA, the one definition every reader and writer uses: the <b>enabled</b> SOA row at the apex
    /// name with the <b>lowest id</b>, as <see cref="StoredRecord.Columns"/>; no row when there is none.
    /// <list type="bullet">
    /// <item>A disabled SOA does not count: PowerDNS does not serve it (gpgsql asks for <c>disabled = false</c>), so a zone
    /// whose only SOA is disabled has no SOA here, and the serial an apply bumps is the one PowerDNS answers with.</item>
    /// <item>Lowest id, the oldest row, so the choice is stable when another writer left two.</item>
    /// </list>
    /// Append <c> FOR UPDATE</c> to lock it.
    /// </summary>
    /// <param name="domainId">The zone's id: a parameter, a column (<c>d.id</c>) or <see cref="ZoneId"/>.</param>
    /// <param name="zone">The apex name: a parameter or a column (<c>d.name</c>).</param>
    public static string ApexSoa(string domainId, string zone) =>
        $"SELECT {StoredRecord.Columns} FROM records WHERE domain_id = {domainId} AND name = {zone} AND type = 'SOA' AND NOT disabled ORDER BY id LIMIT 1";

    /// <summary>
    /// The zone's rows (<see cref="StoredRecord.Columns"/>) at the names in the text array <paramref name="names"/>, or
    /// all of them when it is null; every type, disabled ones too; in id order (the order rows are locked in).
    /// </summary>
    public static string Rows(string domainId, string? names) =>
        $"SELECT {StoredRecord.Columns} FROM records WHERE domain_id = {domainId}{(names is null ? "" : $" AND name = ANY({names})")} ORDER BY id";

    /// <summary>
    /// The rows PowerDNS serves (<b>enabled</b>: gpgsql asks for <c>disabled = false</c>, so a NULL is not served either)
    /// at the names in the text array <paramref name="names"/>, of the types in the text array <paramref name="types"/>,
    /// in any zone, as <see cref="StoredRecord.Columns"/>; in id order.
    /// </summary>
    public static string EnabledRowsAt(string names, string types) =>
        $"SELECT {StoredRecord.Columns} FROM records WHERE name = ANY({names}) AND type = ANY({types}) AND NOT disabled ORDER BY id";
}
