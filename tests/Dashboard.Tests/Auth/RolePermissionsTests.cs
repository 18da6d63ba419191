using Dashboard.Features.Auth;

namespace Dashboard.Tests.Auth;

public sealed class RolePermissionsTests
{
    [Fact]
    public void Admin_HasEveryPermission()
    {
        Enum.GetValues<Permission>().ShouldAllBe(p => RolePermissions.Allows(Roles.Admin, p));
    }

    [Theory]
    [InlineData("Operator", Permission.EditDns, true)]
    [InlineData("Operator", Permission.EditRouting, true)]
    [InlineData("Operator", Permission.RunChecks, true)]
    [InlineData("Operator", Permission.ManageUsers, false)]
    [InlineData("Operator", Permission.Takedown, false)]
    [InlineData("OnCall", Permission.ReadAll, true)]
    [InlineData("OnCall", Permission.RunChecks, true)]
    [InlineData("OnCall", Permission.AcknowledgeAlerts, true)]
    [InlineData("OnCall", Permission.EditDns, false)]
    [InlineData("OnCall", Permission.EditRouting, false)]
    [InlineData("Abuse", Permission.ReadZones, true)]
    [InlineData("Abuse", Permission.Takedown, true)]
    [InlineData("Abuse", Permission.ReadAll, false)]
    [InlineData("Abuse", Permission.EditDns, false)]
    [InlineData("Abuse", Permission.RunChecks, true)]
    [InlineData("NoSuchRole", Permission.ReadZones, false)]
    public void Allows_RoleTable_MatchesIssue3(string role, Permission permission, bool expected)
    {
        RolePermissions.Allows(role, permission).ShouldBe(expected);
    }

    [Fact]
    public void Demand_NotAllowed_ThrowsNamingActorAndRoles()
    {
        var actor = new Actor("id", "casey", new HashSet<string> { Roles.OnCall });

        var error = Should.Throw<AccessDeniedException>(() => actor.Demand(Permission.EditDns));

        error.Message.ShouldBe("casey may not change DNS data (roles: OnCall).");
        error.Permission.ShouldBe(Permission.EditDns);
    }

    [Fact]
    public void Can_SeveralRoles_UnionOfPermissions()
    {
        var actor = new Actor("id", "sam", new HashSet<string> { Roles.OnCall, Roles.Abuse });

        actor.Can(Permission.Takedown).ShouldBeTrue();
        actor.Can(Permission.RunChecks).ShouldBeTrue();
        actor.Can(Permission.EditDns).ShouldBeFalse();
    }
}
