namespace Dashboard.Features.Auth;

/// <summary>The four roles of the console. A user may hold several.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Operator = "Operator";
    public const string OnCall = "OnCall";
    public const string Abuse = "Abuse";

    public static readonly IReadOnlyList<string> All = [Admin, Operator, OnCall, Abuse];
}
