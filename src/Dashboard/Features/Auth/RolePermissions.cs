namespace Dashboard.Features.Auth;

/// <summary>The role table of issue #3, as data. The one place that says which role may do what.</summary>
public static class RolePermissions
{
    private static readonly IReadOnlyDictionary<string, IReadOnlySet<Permission>> Table = new Dictionary<string, IReadOnlySet<Permission>>(StringComparer.Ordinal)
    {
        [Roles.Admin] = Enum.GetValues<Permission>().ToHashSet(),
        [Roles.Operator] = new HashSet<Permission> { Permission.ReadAll, Permission.ReadZones, Permission.EditDns, Permission.EditRouting, Permission.RunChecks, Permission.ReadAudit },
        [Roles.OnCall] = new HashSet<Permission> { Permission.ReadAll, Permission.ReadZones, Permission.RunChecks, Permission.AcknowledgeAlerts, Permission.ReadAudit },
        [Roles.Abuse] = new HashSet<Permission> { Permission.ReadZones, Permission.Takedown, Permission.RunChecks },
    };

    public static bool Allows(string role, Permission permission) =>
        Table.TryGetValue(role, out var permissions) && permissions.Contains(permission);

    public static bool AnyAllows(IEnumerable<string> roles, Permission permission) => roles.Any(r => Allows(r, permission));
}
