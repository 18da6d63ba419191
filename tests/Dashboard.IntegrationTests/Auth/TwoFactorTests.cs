using Dashboard.Data;
using Dashboard.Features.Audit;
using Dashboard.Features.Auth;
using Dashboard.Features.TwoFactor;
using Dashboard.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.IntegrationTests.Auth;

/// <summary>The second factor against the real database: replay refused under a race, recovery codes single-use and hashed, the admin's reset.</summary>
public sealed class TwoFactorTests(StackFixture fixture)
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Verify_TheSameCodeTwiceAtOnce_OnlyOneWins_AndItNeverWorksAgain()
    {
        await using var app = await AppServices.StartAsync(fixture.Stack, Cancel);
        var (self, key, _) = await EnrolledUserAsync(app);
        var now = DateTimeOffset.UtcNow;
        // The step after the one enrolment used: within the accepted window, and not used yet.
        var code = TotpCodes.At(key, now.AddSeconds(Totp.StepSeconds));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => VerifyInOwnScopeAsync(app, self.UserId, code, now)));

        results.Count(r => r).ShouldBe(1);
        (await VerifyInOwnScopeAsync(app, self.UserId, code, now)).ShouldBeFalse();
    }

    [Fact]
    public async Task Verify_RecoveryCode_WorksOnceAndIsNotStoredAsItself()
    {
        await using var app = await AppServices.StartAsync(fixture.Stack, Cancel);
        var (self, _, recoveryCodes) = await EnrolledUserAsync(app);

        (await VerifyInOwnScopeAsync(app, self.UserId, recoveryCodes[3].ToUpperInvariant(), DateTimeOffset.UtcNow)).ShouldBeTrue();
        (await VerifyInOwnScopeAsync(app, self.UserId, recoveryCodes[3], DateTimeOffset.UtcNow)).ShouldBeFalse();

        await using var db = await app.Get<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Cancel);
        var stored = await db.UserTokens.Where(t => t.UserId == self.UserId).Select(t => t.Value).ToListAsync(Cancel);
        stored.ShouldNotBeEmpty();
        foreach (var code in recoveryCodes)
        {
            stored.ShouldAllBe(value => value == null || !value.Contains(code));
        }
        var manager = app.Services.CreateScope().ServiceProvider.GetRequiredService<DashboardUserManager>();
        (await manager.CountRecoveryCodesAsync((await manager.FindByIdAsync(self.UserId))!)).ShouldBe(RecoveryCodes.Count - 1);
    }

    [Fact]
    public async Task Enable_WrongCode_LeavesTwoFactorOffAndWritesNothing()
    {
        await using var app = await AppServices.StartAsync(fixture.Stack, Cancel);
        var self = await NewUserAsync(app, Roles.OnCall);
        var setup = await app.Get<TwoFactorCommands>().SetupAsync(self, Cancel);
        var wrong = TotpCodes.At(setup.Key!, DateTimeOffset.UtcNow.AddMinutes(-10));

        var result = await app.Get<TwoFactorCommands>().EnableAsync(self, wrong, Cancel);

        result.Succeeded.ShouldBeFalse();
        result.Error.ShouldBe(TwoFactorCommands.WrongCodeMessage);
        (await app.Get<TwoFactorCommands>().SetupAsync(self, Cancel)).ShouldSatisfyAllConditions(
            s => s.Enabled.ShouldBeFalse(),
            s => s.Key.ShouldBe(setup.Key));
        (await AuditForAsync(app, self.UserName)).ShouldNotContain(e => e.Action == AuditActions.UserTwoFactorEnable);
    }

    [Fact]
    public async Task RecoveryCodes_Regenerated_OldOnesStopWorking_ThenTurnedOffWithOne()
    {
        await using var app = await AppServices.StartAsync(fixture.Stack, Cancel);
        // OnCall: these services run with the default policy (Admin and Operator required), which would refuse turning it off.
        var (self, key, oldCodes) = await EnrolledUserAsync(app, Roles.OnCall);
        var commands = app.Get<TwoFactorCommands>();
        // Refused without a current code from the app (a recovery code is not enough to make new ones).
        (await commands.RegenerateRecoveryCodesAsync(self, oldCodes[0], Cancel)).Succeeded.ShouldBeFalse();

        var fresh = await commands.RegenerateRecoveryCodesAsync(self, TotpCodes.At(key, DateTimeOffset.UtcNow.AddSeconds(Totp.StepSeconds)), Cancel);

        fresh.Succeeded.ShouldBeTrue(fresh.Error);
        fresh.RecoveryCodes.ShouldNotContain(oldCodes[1]);
        (await commands.DisableAsync(self, oldCodes[1], Cancel)).Error.ShouldBe(TwoFactorCommands.WrongCodeMessage);
        (await commands.DisableAsync(self, fresh.RecoveryCodes[0], Cancel)).Succeeded.ShouldBeTrue();
        (await commands.SetupAsync(self, Cancel)).Enabled.ShouldBeFalse();
        (await AuditForAsync(app, self.UserName)).Select(e => e.Action)
            .ShouldBe([AuditActions.UserCreate, AuditActions.UserTwoFactorEnable, AuditActions.UserTwoFactorRecoveryCodes, AuditActions.UserTwoFactorDisable], ignoreOrder: true);
    }

    [Fact]
    public async Task ResetTwoFactor_ByAdmin_TurnsItOffEndsSessionsAndIsAudited()
    {
        await using var app = await AppServices.StartAsync(fixture.Stack, Cancel);
        var (self, key, _) = await EnrolledUserAsync(app);
        await using (var db = await app.Get<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Cancel))
        {
            db.AuthSessions.Add(new AuthSession { Id = Guid.NewGuid().ToString("N"), UserId = self.UserId, Ticket = [1], LastSeenAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync(Cancel);
        }

        (await app.Get<UserCommands>().ResetTwoFactorAsync(UserCommandsTests.Admin, self.UserId, "lost phone", Cancel)).Succeeded.ShouldBeTrue();

        var after = await app.Get<TwoFactorCommands>().SetupAsync(self, Cancel);
        after.Enabled.ShouldBeFalse();
        after.Key.ShouldNotBe(key);
        await using (var db = await app.Get<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Cancel))
        {
            (await db.AuthSessions.CountAsync(s => s.UserId == self.UserId, Cancel)).ShouldBe(0);
        }
        (await AuditForAsync(app, self.UserName)).ShouldContain(e => e.Action == AuditActions.UserTwoFactorReset && e.Reason == "lost phone" && e.ActorName == UserCommandsTests.Admin.UserName);
        // Only an admin may.
        await Should.ThrowAsync<AccessDeniedException>(() => app.Get<UserCommands>().ResetTwoFactorAsync(self, self.UserId, null, Cancel));
    }

    private async Task<bool> VerifyInOwnScopeAsync(AppServices app, string userId, string code, DateTimeOffset now)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<DashboardUserManager>();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDbContext>();
        var user = (await users.FindByIdAsync(userId)).ShouldNotBeNull();
        return await SecondFactor.VerifyAsync(users, db, user, code, now, allowRecoveryCode: true, Cancel);
    }

    private async Task<(Actor Self, string Key, IReadOnlyList<string> RecoveryCodes)> EnrolledUserAsync(AppServices app, string role = Roles.Operator)
    {
        var self = await NewUserAsync(app, role);
        var setup = await app.Get<TwoFactorCommands>().SetupAsync(self, Cancel);
        var enabled = await app.Get<TwoFactorCommands>().EnableAsync(self, TotpCodes.At(setup.Key!, DateTimeOffset.UtcNow), Cancel);
        enabled.Succeeded.ShouldBeTrue(enabled.Error);
        enabled.RecoveryCodes.Count.ShouldBe(RecoveryCodes.Count);
        (await AuditForAsync(app, self.UserName)).ShouldContain(e => e.Action == AuditActions.UserTwoFactorEnable && e.ActorName == self.UserName);
        return (self, setup.Key!, enabled.RecoveryCodes);
    }

    private async Task<Actor> NewUserAsync(AppServices app, string role)
    {
        var name = $"tf-{Guid.NewGuid():N}"[..18];
        (await app.Get<UserCommands>().CreateAsync(UserCommandsTests.Admin, name, "a-long-enough-password", [role], Cancel)).Succeeded.ShouldBeTrue();
        var user = (await app.Get<UserManager<DashboardUser>>().FindByNameAsync(name)).ShouldNotBeNull();
        return new Actor(user.Id, name, new HashSet<string> { role });
    }

    private async Task<List<AuditEntry>> AuditForAsync(AppServices app, string name)
    {
        await using var db = await app.Get<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Cancel);
        return await db.AuditEntries.Where(e => e.Name == name).ToListAsync(Cancel);
    }
}

/// <summary>The policy is one row for the whole deployment: changing it runs alone, and is put back.</summary>
[Collection(StackMutatingCollection.Name)]
public sealed class TwoFactorPolicyTests(StackFixture fixture)
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SetPolicy_ByAdmin_WinsOverTheDefault_IsAudited_AndStopsTurningItOff()
    {
        await using var app = await AppServices.StartAsync(fixture.Stack, Cancel);
        var policy = app.Get<TwoFactorPolicy>();
        try
        {
            (await policy.GetAsync(Cancel)).IsDefault.ShouldBeTrue();

            (await policy.SetAsync(UserCommandsTests.Admin, [Roles.Abuse], Cancel)).Succeeded.ShouldBeTrue();

            var state = await policy.GetAsync(Cancel);
            state.RequiredRoles.ShouldBe([Roles.Abuse]);
            state.ChangedBy.ShouldBe(UserCommandsTests.Admin.UserName);
            await using (var db = await app.Get<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Cancel))
            {
                (await db.AuditEntries.Where(e => e.Action == AuditActions.TwoFactorPolicy).OrderByDescending(e => e.Id).FirstAsync(Cancel))
                    .After.ShouldBe(Roles.Abuse);
            }
            var abuse = new Actor("x", "x", new HashSet<string> { Roles.Abuse });
            (await app.Get<TwoFactorCommands>().DisableAsync(abuse, "123456", Cancel)).Error.ShouldNotBeNull().ShouldContain("requires two-factor");
            (await policy.SetAsync(UserCommandsTests.Admin, ["Boss"], Cancel)).Succeeded.ShouldBeFalse();
            await Should.ThrowAsync<AccessDeniedException>(() => policy.SetAsync(abuse, [], Cancel));
        }
        finally
        {
            // Back to the configured default, which the rest of the suite's dashboards set to none.
            await using var db = await app.Get<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(CancellationToken.None);
            await db.TwoFactorPolicy.ExecuteDeleteAsync(CancellationToken.None);
        }
    }
}
