using Dashboard.Features.Auth;

namespace Dashboard.Features.Users;

public static class RoleDescriptions
{
    public static string Of(string role) => role switch
    {
        Roles.Admin => "everything, plus managing users",
        Roles.Operator => "zones, records, TTLs, SOA, Route 53 routing; run checks",
        Roles.OnCall => "read everything; run checks; acknowledge lag alerts; no DNS changes",
        Roles.Abuse => "read zones; take down and restore records in free zones only",
        _ => "",
    };
}
