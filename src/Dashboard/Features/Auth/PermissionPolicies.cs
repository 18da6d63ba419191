using Microsoft.AspNetCore.Authorization;

namespace Dashboard.Features.Auth;

/// <summary>
/// One authorization policy per <see cref="Permission"/>, named after it, allowing exactly the roles
/// <see cref="RolePermissions"/> allows. Pages and the hub use them; commands still demand the permission themselves
/// against roles read fresh from the database.
/// </summary>
public static class PermissionPolicies
{
    public static AuthorizationBuilder AddPermissionPolicies(this AuthorizationBuilder builder)
    {
        foreach (var permission in Enum.GetValues<Permission>())
        {
            var roles = Roles.All.Where(r => RolePermissions.Allows(r, permission)).ToArray();
            builder.AddPolicy(permission.ToString(), policy => policy.RequireAuthenticatedUser().RequireRole(roles));
        }
        return builder;
    }
}
