namespace Dashboard.Features.Audit;

/// <summary>
/// One change the dashboard made, written in the same transaction as the change. Append-only in the database itself:
/// the app's role has no UPDATE/DELETE/TRUNCATE on the table, and a trigger refuses them for every role.
/// The database sets <see cref="At"/>, <see cref="ActorName"/>, <see cref="Seq"/> and <see cref="Hash"/> on insert
/// (trigger <c>audit_entries_chain</c>), whatever the writer sent. Holds no secrets: never a password or API key.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    /// <summary>Set by the database: the time of the INSERT statement.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>A dashboard user's id (a foreign key), or null for the dashboard itself (start-up seeding).</summary>
    public string? ActorId { get; set; }

    /// <summary>
    /// The API key the change was made through (a foreign key; its owner is <see cref="ActorId"/>), or null for a person
    /// or the dashboard itself.
    /// </summary>
    public Guid? ApiKeyId { get; set; }

    /// <summary>
    /// Set by the database: from the user row (<c>system</c> when <see cref="ActorId"/> is null), or <c>key:&lt;name&gt;</c>
    /// from the key row when <see cref="ApiKeyId"/> is set.
    /// </summary>
    public string ActorName { get; set; } = "";

    /// <summary>Set by the database: the entry's position in the hash chain (1, 2, ...; no gaps).</summary>
    public long Seq { get; set; }

    /// <summary>Set by the database: SHA-256 over this entry and the previous entry's hash (see <see cref="AuditChain"/>).</summary>
    public byte[] Hash { get; set; } = [];

    /// <summary>The entry this one belongs under: the <c>zone.import</c> entry for the changes of an import.</summary>
    public long? ParentId { get; set; }

    /// <summary>Dotted verb, e.g. <c>record.add</c>, <c>zone.create</c>, <c>user.disable</c>; see <see cref="AuditActions"/>.</summary>
    public string Action { get; set; } = "";

    public string? Zone { get; set; }
    public string? Name { get; set; }
    public string? Type { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public string? Reason { get; set; }
}

/// <summary>The audit action names, so writers and the Audit page's filter agree.</summary>
public static class AuditActions
{
    public const string ZoneCreate = "zone.create";
    public const string ZoneDelete = "zone.delete";
    public const string RecordAdd = "record.add";
    public const string RecordEdit = "record.edit";
    public const string RecordDelete = "record.delete";
    public const string RecordDisable = "record.disable";
    public const string RecordEnable = "record.enable";
    public const string SoaEdit = "soa.edit";
    public const string ZoneImport = "zone.import";
    public const string UserCreate = "user.create";
    public const string UserRoles = "user.roles";
    public const string UserDisable = "user.disable";
    public const string UserEnable = "user.enable";
    public const string UserPasswordReset = "user.password-reset";
    public const string UserSignOutEverywhere = "user.sign-out-everywhere";
    public const string UserTwoFactorEnable = "user.2fa-enable";
    public const string UserTwoFactorDisable = "user.2fa-disable";
    public const string UserTwoFactorRecoveryCodes = "user.2fa-recovery-codes";
    public const string UserTwoFactorReset = "user.2fa-reset";
    public const string TwoFactorPolicy = "2fa.policy";
    public const string LagDrillStart = "lag.drill-start";
    public const string LagDrillStop = "lag.drill-stop";
    public const string AlertAcknowledge = "alert.acknowledge";
    public const string TakedownCreate = "takedown.create";
    public const string TakedownBulk = "takedown.bulk";

    /// <summary>The actions whose entries have entries under them (an import's changes, a bulk takedown's names).</summary>
    public static readonly IReadOnlySet<string> Parents = new HashSet<string>(StringComparer.Ordinal) { ZoneImport, TakedownBulk };
    public const string TakedownRestore = "takedown.restore";
    public const string TakedownExpire = "takedown.expire";
    public const string RoutingChange = "routing.change";
    public const string RoutingInsync = "routing.insync";
    public const string RoutingRefused = "routing.refused";
    public const string RoutingUnknown = "routing.unknown";
    public const string ApiKeyCreate = "apikey.create";
    public const string ApiKeyRevoke = "apikey.revoke";
}
