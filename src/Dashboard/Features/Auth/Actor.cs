namespace Dashboard.Features.Auth;

/// <summary>
/// Who is acting, as the database says now (not as a cookie said at sign-in): roles are loaded fresh and a disabled
/// user never becomes an actor. Every command takes one and demands its permission itself.
/// </summary>
public sealed record Actor(string UserId, string UserName, IReadOnlySet<string> Roles)
{
    /// <summary>The dashboard itself (start-up seeding); it is recorded in the audit trail under this name.</summary>
    public static readonly Actor System = new("system", "system", new HashSet<string> { Auth.Roles.Admin });

    public bool Can(Permission permission) => RolePermissions.AnyAllows(Roles, permission);

    /// <summary>Throws <see cref="AccessDeniedException"/> unless one of the actor's roles allows <paramref name="permission"/>.</summary>
    public void Demand(Permission permission)
    {
        if (!Can(permission))
        {
            throw new AccessDeniedException(this, permission);
        }
    }
}

/// <summary>An action was refused on the server because the actor's roles do not allow it. Nothing was written.</summary>
public sealed class AccessDeniedException(Actor actor, Permission permission)
    : Exception($"{actor.UserName} may not {Describe(permission)} (roles: {(actor.Roles.Count == 0 ? "none" : string.Join(", ", actor.Roles.Order()))}).")
{
    public Permission Permission { get; } = permission;

    private static string Describe(Permission permission) => permission switch
    {
        Permission.ReadAll => "read this",
        Permission.ReadZones => "read zones",
        Permission.EditDns => "change DNS data",
        Permission.EditRouting => "change Route 53 routing",
        Permission.RunChecks => "run checks",
        Permission.AcknowledgeAlerts => "acknowledge alerts",
        Permission.RunLagDrills => "run lag drills",
        Permission.Takedown => "take down records",
        Permission.ManageUsers => "manage users",
        Permission.ReadAudit => "read the audit trail",
        _ => permission.ToString(),
    };
}
