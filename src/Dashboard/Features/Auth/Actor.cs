using Dashboard.Dns;

namespace Dashboard.Features.Auth;

/// <summary>
/// Who is acting, as the database says now (not as a cookie said at sign-in): roles are loaded fresh and a disabled
/// user never becomes an actor. Every command takes one and demands its permission itself. A program calling the HTTP
/// API acts through an API key: <see cref="UserId"/> and <see cref="Roles"/> are then the key's owner's, and
/// <see cref="Key"/> narrows what they allow (its permissions and zones).
/// </summary>
public sealed record Actor(string UserId, string UserName, IReadOnlySet<string> Roles)
{
    /// <summary>The dashboard itself (start-up seeding); it is recorded in the audit trail under this name.</summary>
    public static readonly Actor System = new("system", "system", new HashSet<string> { Auth.Roles.Admin });

    /// <summary>The API key this actor acts through; null for a person (cookie, circuit, hub), who is never narrowed.</summary>
    public ApiKeyScope? Key { get; init; }

    /// <summary>Whether one of the roles allows <paramref name="permission"/>, and the key (if any) was given it.</summary>
    public bool Can(Permission permission) =>
        RolePermissions.AnyAllows(Roles, permission) && (Key is null || Key.Permissions.Contains(permission));

    /// <summary>Throws <see cref="AccessDeniedException"/> unless <see cref="Can"/> allows <paramref name="permission"/>.</summary>
    public void Demand(Permission permission)
    {
        if (!Can(permission))
        {
            throw new AccessDeniedException(this, permission);
        }
    }

    /// <summary>Whether this actor may act on <paramref name="zone"/>: always for a person; for a key, unless it is limited to other zones.</summary>
    public bool CanZone(string zone) => Key is null || Key.AllowsZone(zone);

    /// <summary>Throws <see cref="AccessDeniedException"/> when the actor's key is limited to other zones than <paramref name="zone"/>.</summary>
    public void DemandZone(string zone)
    {
        if (!CanZone(zone))
        {
            throw new AccessDeniedException(this, zone);
        }
    }

    /// <summary>The items whose zone this actor may act on (a list filtered for a zone-limited key; unchanged otherwise).</summary>
    public IEnumerable<T> WhereZone<T>(IEnumerable<T> items, Func<T, string> zoneOf) =>
        Key is null || Key.Zones.Count == 0 ? items : items.Where(i => Key.AllowsZone(zoneOf(i)));
}

/// <summary>
/// What an API key narrows its owner to: <see cref="Permissions"/> (the owner's current roles still bound them) and,
/// when <see cref="Zones"/> is not empty, those zones only (normalized names). <see cref="Name"/> is the key's name.
/// </summary>
public sealed record ApiKeyScope(Guid KeyId, string Name, IReadOnlySet<Permission> Permissions, IReadOnlySet<string> Zones)
{
    /// <summary>How a key acts in messages and the audit trail: <c>key:&lt;name&gt;</c>.</summary>
    public static string ActorNameOf(string keyName) => "key:" + keyName;

    public bool AllowsZone(string zone) => Zones.Count == 0 || Zones.Contains(DnsName.Normalize(zone));
}

/// <summary>An action was refused on the server because the actor's roles (or key) do not allow it. Nothing was written.</summary>
public sealed class AccessDeniedException : Exception
{
    public AccessDeniedException(Actor actor, Permission permission)
        : base($"{actor.UserName} may not {Describe(permission)} ({Holding(actor)}).")
    {
        Permission = permission;
    }

    /// <summary>A key limited to other zones asked for <paramref name="zone"/>.</summary>
    public AccessDeniedException(Actor actor, string zone)
        : base($"{actor.UserName} may not act on zone {zone} (the key is limited to {string.Join(", ", (actor.Key?.Zones ?? new HashSet<string>()).Order())}).")
    {
        Zone = zone;
    }

    /// <summary>The permission refused; null when the refusal is about a zone.</summary>
    public Permission? Permission { get; }

    /// <summary>The zone refused to a zone-limited key; null when the refusal is about a permission.</summary>
    public string? Zone { get; }

    private static string Holding(Actor actor)
    {
        var roles = $"roles: {(actor.Roles.Count == 0 ? "none" : string.Join(", ", actor.Roles.Order()))}";
        return actor.Key is null ? roles : $"key permissions: {string.Join(", ", actor.Key.Permissions.Order())}; owner's {roles}";
    }

    private static string Describe(Permission permission) => permission switch
    {
        Auth.Permission.ReadAll => "read this",
        Auth.Permission.ReadZones => "read zones",
        Auth.Permission.EditDns => "change DNS data",
        Auth.Permission.EditRouting => "change Route 53 routing",
        Auth.Permission.RunChecks => "run checks",
        Auth.Permission.AcknowledgeAlerts => "acknowledge alerts",
        Auth.Permission.RunLagDrills => "run lag drills",
        Auth.Permission.Takedown => "take down records",
        Auth.Permission.ManageUsers => "manage users",
        Auth.Permission.ReadAudit => "read the audit trail",
        _ => permission.ToString(),
    };
}
