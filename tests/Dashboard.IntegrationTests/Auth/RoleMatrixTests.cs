using Dashboard.Configuration;
using Dashboard.Dns;
using Dashboard.Features.Audit;
using Dashboard.Features.Auth;
using Dashboard.Features.Checks;
using Dashboard.Features.Regions;
using Dashboard.Features.Search;
using Dashboard.Features.Users;
using Dashboard.Features.Zones;
using Dashboard.IntegrationTests.Zones;
using Dashboard.TestSupport;

namespace Dashboard.IntegrationTests.Auth;

/// <summary>
/// Role × action, driving the real services (the same ones every page, dialog, hub method and endpoint calls) against
/// the real stack: every "may" succeeds and every "may not" is refused with nothing written. A user with no role is a
/// row of its own: no role means no access, reads included.
/// </summary>
public sealed class RoleMatrixTests(StackFixture fixture)
{
    /// <summary>The row for a signed-in user who holds no role.</summary>
    public const string NoRole = "none";

    private const string ProZone = "pro.tunnel.test";

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    public enum Action
    {
        ReadZoneList,
        ReadZone,
        ReadRRsets,
        Search,
        Export,
        ReadForEditing,
        ReadUsers,
        ManageUsers,
        ReadRegions,
        RunRegionProbe,
        RunResolutionCheck,
        ReadAudit,
        CreateAndDeleteZone,
        ApplyChangeSet,
    }

    /// <summary>The table of issue #3, written out once more by hand so that a change to RolePermissions shows up here.</summary>
    private static readonly Dictionary<Action, string[]> Allowed = new()
    {
        [Action.ReadZoneList] = [Roles.Admin, Roles.Operator, Roles.OnCall, Roles.Abuse],
        [Action.ReadZone] = [Roles.Admin, Roles.Operator, Roles.OnCall, Roles.Abuse],
        [Action.ReadRRsets] = [Roles.Admin, Roles.Operator, Roles.OnCall, Roles.Abuse],
        [Action.Search] = [Roles.Admin, Roles.Operator, Roles.OnCall, Roles.Abuse],
        [Action.Export] = [Roles.Admin, Roles.Operator, Roles.OnCall, Roles.Abuse],
        [Action.ReadForEditing] = [Roles.Admin, Roles.Operator, Roles.OnCall, Roles.Abuse],
        [Action.ReadUsers] = [Roles.Admin],
        [Action.ManageUsers] = [Roles.Admin],
        [Action.ReadRegions] = [Roles.Admin, Roles.Operator, Roles.OnCall],
        [Action.RunRegionProbe] = [Roles.Admin, Roles.Operator, Roles.OnCall],
        [Action.RunResolutionCheck] = [Roles.Admin, Roles.Operator, Roles.OnCall, Roles.Abuse],
        [Action.ReadAudit] = [Roles.Admin, Roles.Operator, Roles.OnCall],
        [Action.CreateAndDeleteZone] = [Roles.Admin, Roles.Operator],
        [Action.ApplyChangeSet] = [Roles.Admin, Roles.Operator],
    };

    /// <summary>The matrix's actor for a role (its user row is made by <see cref="StackFixture"/>, since allowed actions are audited).</summary>
    internal static Actor ActorFor(string role) => new($"matrix-{role}", $"matrix-{role}", role == NoRole ? new HashSet<string>() : new HashSet<string> { role });

    public static TheoryData<string, Action, bool> Matrix()
    {
        var data = new TheoryData<string, Action, bool>();
        foreach (var role in Roles.All.Append(NoRole))
        {
            foreach (var action in Enum.GetValues<Action>())
            {
                data.Add(role, action, Allowed[action].Contains(role));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Action_ByRole_IsAllowedOrRefusedAsTheTableSays(string role, Action action, bool allowed)
    {
        var actor = ActorFor(role);
        await using var app = await AppServices.StartAsync(fixture.Stack, Cancel);

        Func<Task> run = action switch
        {
            Action.ReadZoneList => async () => (await app.Get<ZoneQueries>().ListAsync(actor, Cancel)).ShouldContain(z => z.Name == ProZone),
            Action.ReadZone => async () => (await app.Get<ZoneQueries>().GetAsync(actor, ProZone, Cancel)).ShouldNotBeNull(),
            Action.ReadRRsets => async () => (await app.Get<RecordQueries>().GetPageAsync(actor, ProZone, new RRsetFilter(), Cancel)).Items.ShouldNotBeEmpty(),
            Action.Search => async () => (await app.Get<SearchQueries>().SearchAsync(actor, "192.0.2.20", 0, 10, Cancel)).Items.ShouldNotBeEmpty(),
            Action.Export => async () => (await app.Get<ZoneExporter>().WriteAsync(actor, ProZone, TextWriter.Null, Cancel)).ShouldBeGreaterThan(0),
            Action.ReadForEditing => async () => (await app.Get<ZoneEditingReads>().SoaAsync(actor, ProZone, Cancel)).ShouldNotBeNull(),
            Action.ReadUsers => async () => (await app.Get<UserQueries>().ListAsync(actor, Cancel)).ShouldNotBeEmpty(),
            Action.ManageUsers => () => ManageUsersAsync(app, actor),
            Action.ReadRegions => () => Task.FromResult(app.Get<RegionChecks>().Current(actor)),
            Action.RunRegionProbe => () => app.Get<RegionChecks>().CheckNowAsync(actor, Cancel),
            Action.RunResolutionCheck => () => RunResolutionCheckAsync(app, actor),
            Action.ReadAudit => () => app.Get<AuditQueries>().PageAsync(actor, new AuditFilter(), 0, 10, Cancel),
            Action.CreateAndDeleteZone => () => CreateAndDeleteZoneAsync(app, actor),
            Action.ApplyChangeSet => () => ApplyChangeSetAsync(actor),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };

        if (allowed)
        {
            await run();
        }
        else
        {
            var refused = await Should.ThrowAsync<AccessDeniedException>(run);
            refused.Message.ShouldContain($"matrix-{role} may not");
        }
    }

    private async Task RunResolutionCheckAsync(AppServices app, Actor actor)
    {
        var checks = app.Get<ResolutionChecks>();
        var plan = checks.Validate([ProZone], ["SOA"], [app.Stack.Primary.Name]).Plan!;
        var cells = new List<CheckCell>();
        await foreach (var item in checks.RunAsync(actor, plan, Cancel))
        {
            if (item is CellChecked { Cell: var cell })
            {
                cells.Add(cell);
            }
        }
        cells.ShouldHaveSingleItem().Outcome.ShouldBe(CheckOutcome.NoError);
    }

    private async Task ManageUsersAsync(AppServices app, Actor actor)
    {
        var commands = app.Get<UserCommands>();
        var name = $"matrix-{Guid.NewGuid():N}"[..20];
        try
        {
            var created = await commands.CreateAsync(actor, name, "a-long-enough-password", [Roles.OnCall], Cancel);
            created.Errors.ShouldBeEmpty();
        }
        finally
        {
            // A refused create must have written nothing: no user and no audit entry.
            var users = app.Get<Microsoft.AspNetCore.Identity.UserManager<DashboardUser>>();
            if (!actor.Can(Permission.ManageUsers))
            {
                (await users.FindByNameAsync(name)).ShouldBeNull();
            }
        }
    }

    private async Task CreateAndDeleteZoneAsync(AppServices app, Actor actor)
    {
        var zones = app.Get<ZoneCommands>();
        var name = ThrowawayZone.NewName("matrix");
        var created = await zones.CreateZoneAsync(actor, name, ZoneTier.Free, Cancel);
        created.ShouldBeOfType<ZoneCommandResult.Done>(created.ToString());
        (await zones.DeleteZoneAsync(actor, name, name, Cancel)).ShouldBeOfType<ZoneCommandResult.Done>();
    }

    private async Task ApplyChangeSetAsync(Actor actor)
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var set = await zone.NewSetAsync(Cancel);
        set.Add($"matrix.{zone.Name}", RecordType.A, "192.0.2.77", 60, null).Staged.ShouldBeTrue();
        var rowsBefore = await zone.RowCountAsync(Cancel);

        try
        {
            (await zone.Commands.ApplyAsync(actor, zone.Name, set, Cancel)).ShouldBeOfType<ApplyResult.Applied>();
        }
        finally
        {
            if (!actor.Can(Permission.EditDns))
            {
                (await zone.RowCountAsync(Cancel)).ShouldBe(rowsBefore);
            }
        }
    }
}
