using Dashboard.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Dashboard.Data.PowerDns;

/// <summary>
/// One write to a zone in PowerDNS's tables, in one transaction on the primary, always in this shape:
/// <list type="number">
/// <item>lock the zone (<see cref="LockAsync"/>), or add it (<see cref="InsertZoneAsync"/>);</item>
/// <item>the caller validates what it locked and plans: <see cref="Rows"/>, <see cref="SetSoa"/> (the serial bump),
/// <see cref="Audit"/>, <see cref="DeleteZone"/>, and its own statements (<see cref="Add"/>);</item>
/// <item><see cref="WriteAsync"/> sends all of that in one batch: one round trip;</item>
/// <item><see cref="CommitAsync"/> commits, telling an in-doubt COMMIT apart, and names what to flush:
/// <see cref="Features.Propagation.PropagationTracker.StartCommittedAsync"/> then reads the commit's WAL position and
/// proves, per region and by DNS, that it is served.</item>
/// </list>
/// Change sets, zone create and delete use it, and abuse takedowns will (lock the SOA and the names, disable the rows,
/// bump the serial, audit). Opened by <see cref="ZoneWrites.BeginAsync"/>. Not thread-safe: one operation's. The caller
/// owns it and its cancellation, and disposes it; disposing it uncommitted rolls everything back.
/// </summary>
public sealed class ZoneWrite : IAsyncDisposable
{
    /// <summary>Above this many changed names the zone apex alone is flushed: PowerDNS's API flush purges the whole subtree of the name it is given.</summary>
    public const int MaxNamesToFlush = 50;

    private readonly IDbContextTransaction _transaction;
    private readonly List<NpgsqlBatchCommand> _statements = [];
    private readonly List<AuditEntry> _audit = [];
    private AuditEntry? _auditParent;
    private NpgsqlBatchCommand? _soa;
    private bool _audited;

    internal ZoneWrite(string zone, DashboardDbContext db, IDbContextTransaction transaction)
    {
        Zone = zone;
        Db = db;
        _transaction = transaction;
        Connection = (NpgsqlConnection)db.Database.GetDbConnection();
        Transaction = (NpgsqlTransaction)transaction.GetDbTransaction();
    }

    /// <summary>
    /// This change's id: its propagation timeline's (<see cref="Features.Propagation.PropagationLog"/>), inserted with
    /// its audit entries and naming them.
    /// </summary>
    public Guid ChangeId { get; } = Guid.CreateVersion7();

    /// <summary>The zone's name, normalized.</summary>
    public string Zone { get; }

    /// <summary>For the caller's reads through EF on this transaction (tier, policy). Nothing is saved through its change tracker.</summary>
    public DashboardDbContext Db { get; }

    /// <summary>For the caller's own SQL on this transaction (its query-specific reads). Owned by the write; do not dispose.</summary>
    public NpgsqlConnection Connection { get; }

    /// <inheritdoc cref="Connection"/>
    public NpgsqlTransaction Transaction { get; }

    /// <summary>The zone's id once <see cref="LockAsync"/> found it or <see cref="InsertZoneAsync"/> added it.</summary>
    public int? DomainId { get; private set; }

    /// <summary>The <c>records</c> rows this write deletes, rewrites and inserts (needs <see cref="DomainId"/>).</summary>
    public RowChanges Rows { get; } = new();

    /// <summary>
    /// Locks the zone until the transaction ends and reads it, in one round trip and in this order: its domain row
    /// (locked with <see cref="ZoneLock.Domain"/>), its apex SOA (<see cref="PowerDnsSql.ApexSoa"/>; locked with
    /// <see cref="ZoneLock.Soa"/>), then every row at <paramref name="names"/> (all types, locked). Null when the zone
    /// does not exist; <see cref="LockedZone.Soa"/> is null when it has no SOA.
    /// </summary>
    public async Task<LockedZone?> LockAsync(ZoneLock scope, IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        var domainId = PowerDnsSql.ZoneId("@zone");
        await using var batch = new NpgsqlBatch(Connection, Transaction);
        batch.BatchCommands.Add(OnZone(scope == ZoneLock.Domain ? PowerDnsSql.ZoneIdByNameForUpdate : PowerDnsSql.ZoneIdByName));
        batch.BatchCommands.Add(OnZone(PowerDnsSql.ApexSoa(domainId, "@zone") + (scope == ZoneLock.Soa ? " FOR UPDATE" : "")));
        if (names.Count > 0)
        {
            var rows = OnZone(PowerDnsSql.Rows(domainId, "@names") + " FOR UPDATE");
            rows.Parameters.AddWithValue("names", names.ToArray());
            batch.BatchCommands.Add(rows);
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        int? id = await reader.ReadAsync(cancellationToken) ? reader.GetInt32(0) : null;
        await reader.NextResultAsync(cancellationToken);
        var soa = (await StoredRecord.ReadAllAsync(reader, cancellationToken)).FirstOrDefault();
        var locked = names.Count > 0 && await reader.NextResultAsync(cancellationToken)
            ? await StoredRecord.ReadAllAsync(reader, cancellationToken)
            : [];
        DomainId = id;
        return id is { } found ? new LockedZone(found, soa, locked) : null;
    }

    /// <summary>Whether the zone exists, without locking anything (a create checks this before adding it).</summary>
    public async Task<bool> ExistsAsync(CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(PowerDnsSql.ZoneIdByName, Connection, Transaction);
        command.Parameters.AddWithValue("zone", Zone);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>Adds the zone's domain row (one round trip) and returns its id; its rows then go in <see cref="Rows"/>.</summary>
    public async Task<int> InsertZoneAsync(CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(PowerDnsSql.InsertZone, Connection, Transaction);
        command.Parameters.AddWithValue("zone", Zone);
        var id = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        DomainId = id;
        return id;
    }

    /// <summary>Rewrites the apex SOA row <paramref name="soa"/> (the serial bump, and any SOA edit) to <paramref name="content"/> and <paramref name="ttl"/>.</summary>
    public void SetSoa(StoredRecord soa, string content, int ttl)
    {
        ArgumentNullException.ThrowIfNull(soa);
        _soa = new NpgsqlBatchCommand("UPDATE records SET content = @content, ttl = @ttl, prio = 0 WHERE id = @id");
        _soa.Parameters.AddWithValue("content", content);
        _soa.Parameters.AddWithValue("ttl", ttl);
        _soa.Parameters.AddWithValue("id", soa.Id);
    }

    /// <summary>Deletes every row PowerDNS keeps for the zone and its domain row (<see cref="PowerDnsSql.DeleteZone"/>).</summary>
    public void DeleteZone()
    {
        var id = DomainId ?? throw new InvalidOperationException("Lock the zone before deleting it.");
        foreach (var sql in PowerDnsSql.DeleteZone)
        {
            var delete = new NpgsqlBatchCommand(sql);
            delete.Parameters.AddWithValue("d", id);
            _statements.Add(delete);
        }
    }

    /// <summary>A statement of the caller's own (the dashboard's rows about the zone), sent with the rows, in the order added.</summary>
    public void Add(NpgsqlBatchCommand statement) => _statements.Add(statement);

    /// <summary>
    /// Audit entries of this write, chained in the order given, written with its rows by <see cref="AuditLog.Insert"/>.
    /// With <paramref name="parent"/> (at most one per write), the parent comes first and the entries go under it.
    /// </summary>
    public void Audit(IEnumerable<AuditEntry> entries, AuditEntry? parent = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (parent is not null)
        {
            _auditParent = _auditParent is null ? parent : throw new InvalidOperationException("A write has at most one parent audit entry.");
        }
        _audit.AddRange(entries);
    }

    /// <summary>
    /// Sends everything planned in one batch, in this order: row deletes, updates and inserts, the SOA, the zone delete
    /// and the caller's statements, then the audit entries with the change's propagation timeline row (in the same
    /// statement, naming them). Nothing planned, nothing sent.
    /// </summary>
    public async Task WriteAsync(CancellationToken cancellationToken)
    {
        var commands = new List<NpgsqlBatchCommand>();
        if (Rows.Count > 0)
        {
            commands.AddRange(Rows.Statements(DomainId ?? throw new InvalidOperationException("Lock or add the zone before writing its rows.")));
        }
        if (_soa is not null)
        {
            commands.Add(_soa);
        }
        commands.AddRange(_statements);
        if (_audit.Count > 0 || _auditParent is not null)
        {
            commands.Add(AuditLog.Insert(_auditParent, _audit, Features.Propagation.PropagationLog.InsertFollowingAudit(ChangeId, Zone)));
            _audited = true;
        }
        Rows.Deletes.Clear();
        Rows.Updates.Clear();
        Rows.Inserts.Clear();
        _soa = null;
        _statements.Clear();
        _audit.Clear();
        _auditParent = null;
        if (commands.Count == 0)
        {
            return;
        }
        await using var batch = new NpgsqlBatch(Connection, Transaction);
        foreach (var command in commands)
        {
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Sends what is still planned (<see cref="WriteAsync"/>), then COMMITs. A connection that breaks during COMMIT
    /// throws <see cref="CommitInDoubtException"/>: the server may or may not have committed. Returns the names to flush:
    /// <paramref name="changedNames"/> and the apex, or the apex alone when that makes more than <see cref="MaxNamesToFlush"/>.
    /// </summary>
    public async Task<ZoneCommit> CommitAsync(IEnumerable<string> changedNames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changedNames);
        await WriteAsync(cancellationToken);
        try
        {
            await _transaction.CommitAsync(cancellationToken);
        }
        catch (NpgsqlException ex) when (ex is not PostgresException)
        {
            // The connection broke while COMMIT was on its way: the server may or may not have committed.
            throw new CommitInDoubtException(DatabaseFaults.Describe(ex), ex);
        }
        var changed = changedNames.ToList();
        return new ZoneCommit(Zone, changed.Count + 1 > MaxNamesToFlush ? [Zone] : [.. changed.Append(Zone).Distinct()], _audited ? ChangeId : null);
    }

    /// <summary>Ends the transaction (rolled back unless committed) and the context.</summary>
    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await Db.DisposeAsync();
    }

    private NpgsqlBatchCommand OnZone(string sql)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddWithValue("zone", Zone);
        return command;
    }
}

/// <summary>What <see cref="ZoneWrite.LockAsync"/> locks first.</summary>
public enum ZoneLock
{
    /// <summary>The apex SOA row: writers that bump the serial (change sets, takedowns) run one at a time per zone.</summary>
    Soa,

    /// <summary>The domain row: a writer that removes the zone (no new row can join it meanwhile).</summary>
    Domain,
}

/// <summary>The zone as locked: its id, its apex SOA (null when it has none) and the rows at the names asked for.</summary>
public sealed record LockedZone(int DomainId, StoredRecord? Soa, IReadOnlyList<StoredRecord> Rows);

/// <summary>
/// A committed <see cref="ZoneWrite"/>: the names to flush in every region (the apex always among them), and the id of
/// its stored propagation timeline (null when it wrote no audit entry, so no timeline either).
/// </summary>
public sealed record ZoneCommit(string Zone, IReadOnlyCollection<string> NamesToFlush, Guid? ChangeId = null);
