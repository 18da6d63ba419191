using Dashboard.Data;
using Dashboard.Features.Audit;
using Dashboard.Features.Auth;
using Dashboard.Features.Routing;
using Dashboard.IntegrationTests.Auth;
using Dashboard.Route53;
using Dashboard.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Route53StandIn;

namespace Dashboard.IntegrationTests.Routing;

/// <summary>
/// Route 53 latency routing against the local stand-in (tools/Route53StandIn, not AWS) speaking Route 53's REST/XML,
/// through the dashboard's own client (SigV4, throttle, retries), with the real database for the trail.
/// </summary>
public sealed class RoutingTests(StackFixture fixture)
{
    private static readonly Actor Operator = RoleMatrixTests.ActorFor(Roles.Operator);

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>The stack's region names (each has a latency record on the stand-in), ordered as the tests compare them.</summary>
    private IEnumerable<string> AllRegionsOrdered => fixture.Stack.RegionNames.Order();

    /// <summary>The dashboard's services against <paramref name="standIn"/>, signing with the stand-in's credentials.</summary>
    private AppServices Services(RoutingStandIn standIn, IReadOnlyDictionary<string, string?>? more = null) =>
        AppServices.Build(fixture.Stack, standIn.Settings.Concat(more ?? new Dictionary<string, string?>()).ToDictionary(), services =>
            services.AddSingleton<IAwsCredentialSource>(new FixedCredentials()));

    [Fact]
    public async Task TakeOut_DeletesTheRecord_PendingThenInsync_AuditedWithTheChangeId_PutBackCreatesItExactly()
    {
        await using var standIn = await RoutingStandIn.StartAsync(fixture.Stack, TimeSpan.FromSeconds(2));
        await using var app = Services(standIn);
        var commands = app.Get<RoutingCommands>();
        var watcher = app.Get<RoutingChangeWatcher>();
        // A replica's edge is the one taken out: the stack's first replica.
        var replica = fixture.Stack.Replicas[0].Name;
        var route = standIn.Route(replica);
        var record = standIn.EntryRecords[replica];
        var reason = $"INC-42 {replica} edge down";

        var sent = (await commands.TakeOutAsync(Operator, RoutingStandIn.EntryName, replica, reason, Cancel)).ShouldBeOfType<RoutingResult.Sent>();

        sent.Change.Status.ShouldBe(RoutingChangeStatus.Pending);
        var changeId = sent.Change.ChangeId.ShouldNotBeNull();
        standIn.EntryRecords.Keys.Order().ShouldBe(AllRegionsOrdered.Where(r => r != replica));
        var view = await app.Get<RoutingQueries>().LoadAsync(Operator, Cancel);
        var parked = view.Entries.Single().Routes.Single(r => r.SetIdentifier == replica);
        parked.InRotation.ShouldBeFalse();
        parked.Parked.ShouldNotBeNull().Reason.ShouldBe(reason);

        // Followed until Route 53 (here the stand-in, 2 s later) says INSYNC; waits on state, not on time.
        var row = await InsyncAsync(app, watcher, sent.Change.Id);
        row.InsyncAt.ShouldNotBeNull();
        var trail = await AuditAsync(app, changeId);
        trail.Select(a => a.Action).ShouldBe([AuditActions.RoutingChange, AuditActions.RoutingInsync]);
        trail[0].ActorName.ShouldBe(Operator.UserName);
        trail[0].Reason.ShouldBe(reason);
        trail[0].After.ShouldNotBeNull().ShouldContain($"Route 53 change {changeId} PENDING: take [{replica}] out of rotation: DELETE a.tunnel.test. A [{replica}, {route.AwsRegion}] TTL 60 {route.Edge}");

        var back = (await commands.PutBackAsync(Operator, parked.Parked.Id, "INC-42 resolved", Cancel)).ShouldBeOfType<RoutingResult.Sent>();

        RoutingStandIn.Describe(standIn.EntryRecords[replica]).ShouldBe(RoutingStandIn.Describe(record));
        (await app.Get<RoutingQueries>().LoadAsync(Operator, Cancel)).Entries.Single().Routes.ShouldAllBe(r => r.InRotation);
        await InsyncAsync(app, watcher, back.Change.Id);
        (await AuditAsync(app, back.Change.ChangeId!)).Select(a => a.Action).ShouldBe([AuditActions.RoutingChange, AuditActions.RoutingInsync]);
    }

    [Fact]
    public async Task TakeOut_TheLastRegionInRotation_IsRefusedAndNothingIsSent()
    {
        await using var standIn = await RoutingStandIn.StartAsync(fixture.Stack, TimeSpan.Zero);
        await using var app = Services(standIn);
        var commands = app.Get<RoutingCommands>();
        // Every region but one (the stack's first replica) goes out; that one is then the last in rotation.
        var last = fixture.Stack.Replicas[0].Name;
        foreach (var region in fixture.Stack.RegionNames.Where(r => r != last))
        {
            (await commands.TakeOutAsync(Operator, RoutingStandIn.EntryName, region, "drill", Cancel)).ShouldBeOfType<RoutingResult.Sent>(region);
        }
        standIn.EntryRecords.Keys.ShouldBe([last]);
        var rowsBefore = await ChangeRowsAsync(app, standIn);

        var refused = (await commands.TakeOutAsync(Operator, RoutingStandIn.EntryName, last, "drill", Cancel)).ShouldBeOfType<RoutingResult.Invalid>();

        refused.Errors.ShouldHaveSingleItem().ShouldStartWith("This would leave a.tunnel.test. with no region in rotation");
        standIn.EntryRecords.Keys.ShouldBe([last]);
        (await ChangeRowsAsync(app, standIn)).ShouldBe(rowsBefore);
    }

    [Fact]
    public async Task Send_ThrottledTwice_IsRetriedAndSucceeds()
    {
        var failures = new StandInFailures();
        await using var standIn = await RoutingStandIn.StartAsync(fixture.Stack, TimeSpan.Zero, failures: failures);
        await using var app = Services(standIn, new Dictionary<string, string?> { ["Dashboard:Routing:Route53:RetryBaseDelay"] = "00:00:00.050" });
        var primary = fixture.Stack.Primary.Name;
        var ttl30 = standIn.EntryRecords[primary] is var current ? new ResourceRecordSet(current.Name, current.Type, 30, current.Values, current.SetIdentifier, current.Region) : null!;
        await app.Get<RoutingZone>().IdAsync(Cancel);
        failures.FailNext(2, "Throttling", "Rate exceeded");

        var sent = (await app.Get<RoutingCommands>().SendAsync(Operator, [new StagedRoutingChange(ChangeAction.Upsert, ttl30)], "shorter TTL", Cancel)).ShouldBeOfType<RoutingResult.Sent>();

        sent.Change.ChangeId.ShouldNotBeNull();
        standIn.EntryRecords[primary].Ttl.ShouldBe(30);
        failures.Pending.ShouldBe(0);
    }

    [Fact]
    public async Task Send_BatchOverRoute53sLimits_IsRefusedBeforeSending()
    {
        await using var standIn = await RoutingStandIn.StartAsync(fixture.Stack, TimeSpan.Zero);
        await using var app = Services(standIn);
        // A new record set under a set identifier that is no region of any stack, so that it cannot already exist.
        const string NewSet = "over-limit";
        var huge = new ResourceRecordSet(RoutingStandIn.EntryName, "A", 60, [.. Enumerable.Range(0, 1001).Select(i => $"10.{i / 65536}.{i / 256 % 256}.{i % 256}")], NewSet, "sa-east-1");
        var recordsBefore = standIn.EntryRecords.Values.Select(RoutingStandIn.Describe).Order().ToList();
        var rowsBefore = await ChangeRowsAsync(app, standIn);

        var refused = (await app.Get<RoutingCommands>().SendAsync(Operator, [new StagedRoutingChange(ChangeAction.Create, huge)], null, Cancel)).ShouldBeOfType<RoutingResult.Invalid>();

        refused.Errors.ShouldContain(e => e.Contains("1,000", StringComparison.Ordinal));
        standIn.EntryRecords.ContainsKey(NewSet).ShouldBeFalse();
        standIn.EntryRecords.Values.Select(RoutingStandIn.Describe).Order().ShouldBe(recordsBefore);
        (await ChangeRowsAsync(app, standIn)).ShouldBe(rowsBefore);
    }

    [Fact]
    public async Task Refused_ByRoute53_IsAuditedWithItsWords_AndChangesNothing()
    {
        var failures = new StandInFailures();
        await using var standIn = await RoutingStandIn.StartAsync(fixture.Stack, TimeSpan.Zero, failures: failures);
        await using var app = Services(standIn);
        await app.Get<RoutingZone>().IdAsync(Cancel);
        failures.FailNext(1, "InvalidChangeBatch", "Tried to delete resource record set but it was not found", method: "POST");
        var replica = fixture.Stack.Replicas[^1].Name;

        var refused = (await app.Get<RoutingCommands>().TakeOutAsync(Operator, RoutingStandIn.EntryName, replica, "test", Cancel)).ShouldBeOfType<RoutingResult.Refused>();

        refused.Message.ShouldContain("InvalidChangeBatch");
        refused.Change.Status.ShouldBe(RoutingChangeStatus.Refused);
        standIn.EntryRecords.Keys.Order().ShouldBe(AllRegionsOrdered);
        (await app.Get<RoutingQueries>().LoadAsync(Operator, Cancel)).Entries.Single().Routes.ShouldAllBe(r => r.InRotation);
    }

    [Theory]
    [InlineData(Roles.OnCall)]
    [InlineData(Roles.Abuse)]
    public async Task RolesThatMayNotChangeRouting_AreRefusedByTheCommands(string role)
    {
        await using var standIn = await RoutingStandIn.StartAsync(fixture.Stack, TimeSpan.Zero);
        await using var app = Services(standIn);
        var actor = RoleMatrixTests.ActorFor(role);

        await Should.ThrowAsync<AccessDeniedException>(() => app.Get<RoutingCommands>().TakeOutAsync(actor, RoutingStandIn.EntryName, fixture.Stack.Replicas[0].Name, "no", Cancel));
        await Should.ThrowAsync<AccessDeniedException>(() => app.Get<RoutingCommands>().SendAsync(actor, [], null, Cancel));

        standIn.EntryRecords.Keys.Order().ShouldBe(AllRegionsOrdered);
    }

    private async Task<RoutingChangeRow> InsyncAsync(AppServices app, RoutingChangeWatcher watcher, long id)
    {
        for (var attempt = 0; attempt < 120; attempt++)
        {
            await watcher.PollOnceAsync(Cancel);
            var db = await app.Get<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Cancel);
            await using (db)
            {
                var row = await db.RoutingChanges.AsNoTracking().SingleAsync(c => c.Id == id, Cancel);
                if (row.Status == RoutingChangeStatus.Insync)
                {
                    return row;
                }
                row.Status.ShouldBe(RoutingChangeStatus.Pending);
            }
            await Task.Delay(500, Cancel);
        }
        throw new ShouldAssertException($"routing change {id} not INSYNC within 60 s");
    }

    private async Task<List<AuditEntry>> AuditAsync(AppServices app, string changeId)
    {
        await using var db = await app.Get<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Cancel);
        return await db.AuditEntries.AsNoTracking().Where(a => a.Action.StartsWith("routing.") && a.After!.Contains(changeId)).OrderBy(a => a.Id).ToListAsync(Cancel);
    }

    /// <summary>This stand-in's change rows only: other tests running beside this one write rows for their own stand-ins.</summary>
    private async Task<int> ChangeRowsAsync(AppServices app, RoutingStandIn standIn)
    {
        var zoneId = standIn.Server.ZoneId(RoutingStandIn.HostedZone);
        await using var db = await app.Get<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Cancel);
        return await db.RoutingChanges.CountAsync(c => c.HostedZoneId == zoneId, Cancel);
    }

    private sealed class FixedCredentials : IAwsCredentialSource
    {
        public Task<AwsCredentials> GetAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new AwsCredentials(RoutingStandIn.AccessKeyId, RoutingStandIn.SecretAccessKey, null));
    }
}
