using Dashboard.Data;
using Dashboard.Dns;
using Dashboard.Features.Checks;
using Dashboard.Features.Propagation;
using Dashboard.TestSupport;
using DnsClient;

namespace Dashboard.IntegrationTests.Checks;

/// <summary>Resolution checks against the real regions' PowerDNS and the real primary.</summary>
public sealed class ChecksTests(StackFixture fixture)
{
    private const string FreeZone = "free.tunnel.test";
    private CancellationToken Cancel => TestContext.Current.CancellationToken;
    private static readonly Features.Auth.Actor OnCall = Auth.RoleMatrixTests.ActorFor(Features.Auth.Roles.OnCall);

    [Fact]
    public async Task Run_SeededProZone_EveryRegionAnswersAuthoritativelyAndMatchesTheDatabase()
    {
        var checks = fixture.Get<ResolutionChecks>();
        var plan = checks.Validate(["pro.tunnel.test", "_dmarc.pro.tunnel.test"], ["MX", "TXT", "NS", "SOA"], []).Plan!;

        var (cells, flushes) = await RunAsync(plan);

        cells.Count.ShouldBe(2 * 4 * fixture.Stack.Options.Regions.Count);
        var apex = cells.Where(c => c.Name == "pro.tunnel.test").ToList();
        apex.ShouldAllBe(c => c.Outcome == CheckOutcome.NoError && c.Authoritative && c.Comparison == CheckComparison.Matches, Describe(apex));
        apex.First(c => c.Type == RecordType.MX).Answers.Select(a => a.Content).Order().ShouldBe(["10 mx1.pro.tunnel.test.", "20 mx2.pro.tunnel.test."]);
        var dmarc = cells.Where(c => c.Name == "_dmarc.pro.tunnel.test").ToList();
        dmarc.Where(c => c.Type == RecordType.TXT).ShouldAllBe(c => c.Outcome == CheckOutcome.NoError && c.Comparison == CheckComparison.Matches, Describe(dmarc));
        var noData = dmarc.Where(c => c.Type != RecordType.TXT).ToList();
        noData.ShouldAllBe(c => c.Outcome == CheckOutcome.NoData && c.NegativeTtl == 60 && c.Comparison == CheckComparison.Matches, Describe(noData));
        noData[0].NegativeTtlText.ShouldBe("resolvers may keep this miss for 60 s");
        flushes.Select(f => f.Region).Order().ShouldBe(fixture.Stack.Options.Regions.Select(r => r.Name).Order(), "one flush per region for the one name that drew NODATA");
        flushes.ShouldAllBe(f => f.Succeeded && f.Target == "_dmarc.pro.tunnel.test");
    }

    [Fact]
    public async Task Run_NameCreatedOneSecondAfterItsCheck_EveryRegionAnswersItAtOnce()
    {
        var checks = fixture.Get<ResolutionChecks>();
        var name = $"nt-{Guid.NewGuid():N}"[..19] + "." + FreeZone;
        var plan = checks.Validate([name], ["A"], []).Plan!;

        var (cells, flushes) = await RunAsync(plan);
        cells.ShouldAllBe(c => c.Outcome == CheckOutcome.NxDomain && c.NegativeTtl == 10, Describe(cells));
        flushes.Count.ShouldBe(fixture.Stack.Options.Regions.Count);
        flushes.ShouldAllBe(f => f.Succeeded);

        await Task.Delay(TimeSpan.FromSeconds(1), Cancel);
        try
        {
            await CreateAndAwaitReplayAsync(name);

            foreach (var region in fixture.Stack.Options.Regions)
            {
                var response = await StackDns.For(region).QueryAsync(name, QueryType.A, QueryClass.IN, Cancel);
                response.Header.ResponseCode.ShouldBe(DnsHeaderResponseCode.NoError, $"{region.Name} must serve the name at once, not a miss the check left");
                response.Answers.ARecords().Single().Address.ToString().ShouldBe("198.51.100.44");
            }
        }
        finally
        {
            await DeleteAsync(name);
        }
    }

    /// <summary>
    /// The control for the test above: without the check's flush, the same steps leave the miss in place. On a zone of
    /// its own: a flush of a zone's apex drops every cached answer under it (checked on PowerDNS 4.7.3: a cached
    /// NXDOMAIN below the apex was gone after flushing the apex), so any other test's change to the shared free zone in
    /// those seconds would wipe the miss this test means to show.
    /// </summary>
    [Fact]
    public async Task NaiveQuery_NameCreatedOneSecondLater_StillNxDomainFromCache()
    {
        await using var zone = await Zones.EditingZone.CreateAsync(fixture, ct: Cancel);
        var name = "nv." + zone.Name;
        var region = fixture.Stack.Replicas[0];
        (await StackDns.For(region).QueryAsync(name, QueryType.A, QueryClass.IN, Cancel)).Header.ResponseCode.ShouldBe(DnsHeaderResponseCode.NotExistentDomain);
        await Task.Delay(TimeSpan.FromSeconds(1), Cancel);
        try
        {
            await CreateAndAwaitReplayAsync(name, zone.Name);

            var response = await StackDns.For(region).QueryAsync(name, QueryType.A, QueryClass.IN, Cancel);
            response.Header.ResponseCode.ShouldBe(DnsHeaderResponseCode.NotExistentDomain, "PowerDNS keeps the miss: this is what a check must not leave");
        }
        finally
        {
            await DeleteAsync(name);
            await fixture.Get<PowerDns.PowerDnsApiClient>().FlushCacheAsync(region, name, CancellationToken.None);
        }
    }

    /// <summary>On a zone of its own, as the control above: another test's flush of the free zone's apex would drop the stale answer.</summary>
    [Fact]
    public async Task Run_RecordChangedBehindTheRegionsCache_IsStale()
    {
        var checks = fixture.Get<ResolutionChecks>();
        await using var zone = await Zones.EditingZone.CreateAsync(fixture, ct: Cancel);
        var name = "st." + zone.Name;
        await CreateAndAwaitReplayAsync(name, zone.Name);
        try
        {
            var primary = fixture.Stack.Primary.Name;
            var plan = checks.Validate([name], ["A"], [primary]).Plan!;
            (await RunAsync(plan)).Cells.ShouldHaveSingleItem().Comparison.ShouldBe(CheckComparison.Matches);
            // The primary changes; the primary region's PowerDNS still has the old answer in its packet cache (cache-ttl 20 s).
            await ExecuteAsync("UPDATE records SET content = '198.51.100.45' WHERE name = $1", name);

            var cell = (await RunAsync(plan)).Cells.ShouldHaveSingleItem();

            cell.Comparison.ShouldBe(CheckComparison.Stale);
            cell.Detail.ShouldBe("answers A 198.51.100.44 (TTL 30); the database has A 198.51.100.45 (TTL 30)");
        }
        finally
        {
            await DeleteAsync(name);
            await fixture.Get<PowerDns.PowerDnsApiClient>().FlushCacheAsync(fixture.Stack.Primary, name, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Run_AnActorWithoutRunChecks_IsRefusedBeforeAnyQuery()
    {
        var checks = fixture.Get<ResolutionChecks>();
        var plan = checks.Validate(["pro.tunnel.test"], ["SOA"], []).Plan!;

        Should.Throw<Features.Auth.AccessDeniedException>(() => checks.RunAsync(Auth.RoleMatrixTests.ActorFor(Auth.RoleMatrixTests.NoRole), plan, Cancel));
    }

    internal async Task<(List<CheckCell> Cells, List<MissesFlushed> Flushes)> RunAsync(CheckPlan plan)
    {
        var cells = new List<CheckCell>();
        var flushes = new List<MissesFlushed>();
        await foreach (var item in fixture.Get<ResolutionChecks>().RunAsync(OnCall, plan, Cancel))
        {
            switch (item)
            {
                case CellChecked checkedCell:
                    cells.Add(checkedCell.Cell);
                    break;
                case MissesFlushed flushed:
                    flushes.Add(flushed);
                    break;
            }
        }
        return (cells, flushes);
    }

    private async Task CreateAndAwaitReplayAsync(string name, string zone = FreeZone)
    {
        (await ExecuteAsync("INSERT INTO records (domain_id, name, type, content, ttl, disabled, auth) SELECT id, $1, 'A', '198.51.100.44', 30, false, true FROM domains WHERE name = $2", name, zone))
            .ShouldBe(1, $"{name} was not inserted ({zone} not found?)");
        // Wait for every replica to replay the insert, without flushing anything (the gate's replay wait alone).
        var gate = fixture.Get<ReplicationGate>();
        var lsn = await gate.CurrentPrimaryLsnAsync(Cancel);
        foreach (var region in fixture.Stack.Options.Regions.Where(r => r.Role == Configuration.RegionRole.Replica))
        {
            (await gate.WaitForReplayAsync(region, lsn, TimeSpan.FromSeconds(10), Cancel)).ShouldNotBeNull($"{region.Name} replayed the insert");
        }
    }

    private Task<int> DeleteAsync(string name) => ExecuteAsync("DELETE FROM records WHERE name = $1", name);

    private async Task<int> ExecuteAsync(string sql, params object[] values)
    {
        await using var command = fixture.Get<RegionDataSources>().Primary.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.AddWithValue(value);
        }
        return await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    internal static string Describe(IEnumerable<CheckCell> cells) =>
        string.Join("; ", cells.Select(c => $"{c.Name} {c.Type.Mnemonic()} {c.Region}: {c.OutcomeText} {c.Comparison} {c.Detail}"));
}
