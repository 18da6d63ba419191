using Dashboard.Data;
using Dashboard.Features.Audit;
using Dashboard.Features.Auth;
using Dashboard.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.IntegrationTests.Auth;

public sealed class UserCommandsTests(StackFixture fixture)
{
    internal static readonly Actor Admin = new("it-admin-id", "it-admin", new HashSet<string> { Roles.Admin });
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string NewName() => $"uc-{Guid.NewGuid():N}"[..18];

    [Fact]
    public async Task CreateThenResetPassword_AuditNeverHoldsThePasswords()
    {
        await using var app = await AppServices.StartAsync(fixture.Stack, Cancel);
        var commands = app.Get<UserCommands>();
        var name = NewName();
        const string first = "first-secret-passphrase";
        const string second = "second-secret-passphrase";

        (await commands.CreateAsync(Admin, name, first, [Roles.Operator], Cancel)).Succeeded.ShouldBeTrue();
        var user = (await app.Get<UserManager<DashboardUser>>().FindByNameAsync(name)).ShouldNotBeNull();
        (await commands.ResetPasswordAsync(Admin, user.Id, second, Cancel)).Succeeded.ShouldBeTrue();

        var entries = await AuditForAsync(name);
        entries.Select(e => e.Action).ShouldBe([AuditActions.UserCreate, AuditActions.UserPasswordReset], ignoreOrder: true);
        entries.ShouldAllBe(e => e.ActorName == "it-admin");
        foreach (var entry in entries)
        {
            string.Join("|", entry.Before, entry.After, entry.Reason).ShouldNotContain("secret-passphrase");
        }
    }

    [Fact]
    public async Task Create_PasswordTooShort_WritesNoUserAndNoAudit()
    {
        await using var app = await AppServices.StartAsync(fixture.Stack, Cancel);
        var name = NewName();

        var result = await app.Get<UserCommands>().CreateAsync(Admin, name, "short", [Roles.OnCall], Cancel);

        result.Succeeded.ShouldBeFalse();
        result.Errors.ShouldContain(e => e.Contains("at least 12 characters"));
        (await app.Get<UserManager<DashboardUser>>().FindByNameAsync(name)).ShouldBeNull();
        (await AuditForAsync(name)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Disable_EndsTheUsersSessionsAndCannotTargetYourself()
    {
        await using var app = await AppServices.StartAsync(fixture.Stack, Cancel);
        var commands = app.Get<UserCommands>();
        var name = NewName();
        (await commands.CreateAsync(Admin, name, "a-long-enough-password", [Roles.OnCall], Cancel)).Succeeded.ShouldBeTrue();
        var user = (await app.Get<UserManager<DashboardUser>>().FindByNameAsync(name)).ShouldNotBeNull();
        var principalBefore = await app.Get<IUserClaimsPrincipalFactory<DashboardUser>>().CreateAsync(user);
        (await app.Get<ActorResolver>().ResolveAsync(principalBefore, Cancel)).ShouldNotBeNull();
        await using (var db = await app.Get<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Cancel))
        {
            db.AuthSessions.Add(new AuthSession { Id = Guid.NewGuid().ToString("N"), UserId = user.Id, Ticket = [1], LastSeenAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync(Cancel);
        }

        (await commands.DisableAsync(Admin, user.Id, "left the team", Cancel)).Succeeded.ShouldBeTrue();

        await using (var db = await app.Get<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Cancel))
        {
            (await db.AuthSessions.CountAsync(s => s.UserId == user.Id, Cancel)).ShouldBe(0);
        }
        var self = new Actor(user.Id, name, new HashSet<string> { Roles.Admin });
        (await commands.DisableAsync(self, user.Id, null, Cancel)).Errors.ShouldContain("You cannot disable your own account.");
        (await AuditForAsync(name)).ShouldContain(e => e.Action == AuditActions.UserDisable && e.Reason == "left the team");
        // A principal issued before the disable (an open circuit, a copied cookie) no longer resolves to an actor.
        (await app.Get<ActorResolver>().ResolveAsync(principalBefore, Cancel)).ShouldBeNull();
    }

    [Fact]
    public async Task SetRoles_EndsTheOldSignIn_AndTheNextSignInHasTheNewRoles()
    {
        await using var app = await AppServices.StartAsync(fixture.Stack, Cancel);
        var commands = app.Get<UserCommands>();
        var users = app.Get<UserManager<DashboardUser>>();
        var name = NewName();
        (await commands.CreateAsync(Admin, name, "a-long-enough-password", [Roles.OnCall], Cancel)).Succeeded.ShouldBeTrue();
        var user = (await users.FindByNameAsync(name)).ShouldNotBeNull();
        var principal = await app.Get<IUserClaimsPrincipalFactory<DashboardUser>>().CreateAsync(user);

        (await commands.SetRolesAsync(Admin, user.Id, [Roles.Operator, Roles.Abuse], Cancel)).Succeeded.ShouldBeTrue();

        // The cookie's principal says OnCall: that sign-in is over (new security stamp) and pages leave it.
        (await app.Get<ActorResolver>().ResolveAsync(principal, Cancel)).ShouldBeNull();
        await using var later = app.Services.CreateAsyncScope();
        var again = (await later.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>().FindByIdAsync(user.Id)).ShouldNotBeNull();
        var signedInAgain = await later.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<DashboardUser>>().CreateAsync(again);
        var actor = (await app.Get<ActorResolver>().ResolveAsync(signedInAgain, Cancel)).ShouldNotBeNull();
        actor.Roles.Order().ShouldBe([Roles.Abuse, Roles.Operator]);
    }

    [Fact]
    public async Task SetRoles_UnknownRole_IsRefused()
    {
        await using var app = await AppServices.StartAsync(fixture.Stack, Cancel);

        var result = await app.Get<UserCommands>().SetRolesAsync(Admin, "whoever", ["Root"], Cancel);

        result.Errors.ShouldHaveSingleItem().ShouldStartWith("Unknown role(s): Root.");
    }

    /// <summary>
    /// A seed account that exists already (./bench.sh seeds test users of the demo accounts' names with other passwords):
    /// left alone by default; with its password from configuration, reset to it once, audited, its roles kept.
    /// </summary>
    [Fact]
    public async Task Ensure_ExistingUser_PasswordChangesOnlyWhenItIsTheConfigurations_OnceAndAudited_RolesKept()
    {
        await using var app = await AppServices.StartAsync(fixture.Stack, Cancel);
        var commands = app.Get<UserCommands>();
        var name = NewName();
        const string own = "the-accounts-own-passphrase";
        const string printed = "the-printed-demo-passphrase";
        (await commands.CreateAsync(Admin, name, own, [Roles.OnCall], Cancel)).Succeeded.ShouldBeTrue();

        (await commands.EnsureUserAsync(Admin, name, printed, [Roles.Operator], Cancel)).Succeeded.ShouldBeTrue();
        var untouched = await PasswordAndRolesAsync(app, name, printed);
        untouched.PasswordIs.ShouldBeFalse("an existing account is left as it is by default");

        (await commands.EnsureUserAsync(Admin, name, printed, [Roles.Operator], Cancel, passwordFromConfiguration: true)).Succeeded.ShouldBeTrue();
        (await commands.EnsureUserAsync(Admin, name, printed, [Roles.Operator], Cancel, passwordFromConfiguration: true)).Succeeded.ShouldBeTrue();
        var synced = await PasswordAndRolesAsync(app, name, printed);
        synced.PasswordIs.ShouldBeTrue("the configured password is the account's");
        synced.Roles.ShouldBe([Roles.OnCall], "its roles stay as they were");
        (await AuditForAsync(name)).Select(e => e.Action).Order().ShouldBe(new[] { AuditActions.UserCreate, AuditActions.UserPasswordReset }.Order(), "one reset: the second start found the password right");
    }

    private static async Task<(bool PasswordIs, List<string> Roles)> PasswordAndRolesAsync(AppServices app, string name, string password)
    {
        await using var scope = app.Get<IServiceScopeFactory>().CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        var user = (await users.FindByNameAsync(name)).ShouldNotBeNull();
        return (await users.CheckPasswordAsync(user, password), [.. await users.GetRolesAsync(user)]);
    }

    private async Task<List<AuditEntry>> AuditForAsync(string name)
    {
        await using var db = await fixture.Get<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Cancel);
        return await db.AuditEntries.Where(e => e.Name == name).ToListAsync(Cancel);
    }
}
