namespace Dashboard.Features.Audit;

/// <summary>
/// One change the dashboard made, written in the same transaction as the change. Append-only in the database itself:
/// the app's role has no UPDATE/DELETE/TRUNCATE on the table, and a trigger refuses them for every role.
/// Holds no secrets: never a password, hash or API key.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string ActorId { get; set; } = "";
    public string ActorName { get; set; } = "";

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
}
