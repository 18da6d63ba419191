using Dashboard.Configuration;
using Dashboard.Data;
using Dashboard.Dns;
using Dashboard.Features.Auth;
using Dashboard.Features.Takedowns;
using Dashboard.Features.Zones;
using Dashboard.IntegrationTests.Auth;
using Dashboard.IntegrationTests.Zones;
using Dashboard.TestSupport;
using DnsClient;
using Npgsql;

namespace Dashboard.IntegrationTests.Takedowns;

/// <summary>
/// Abuse takedowns against the real primary, replicas and PowerDNS: the rows go and a hold keeps the name from coming
/// back, whoever writes (the dashboard, direct SQL, a rename), proven gone by DNS in every region; a restore brings the
/// rows back byte for byte; pro zones are refused for every role; an expired hold ends on schedule.
/// </summary>
public sealed class TakedownTests(StackFixture fixture)
{
    private static readonly Actor Abuse = RoleMatrixTests.ActorFor(Roles.Abuse);
    private static readonly Actor Admin = RoleMatrixTests.ActorFor(Roles.Admin);

    private CancellationToken Cancel => TestContext.Current.CancellationToken;
    private TakedownCommands Takedowns => fixture.Get<TakedownCommands>();

    private static TakedownRequest Phishing(string name) =>
        new(name, TakedownReason.Phishing, ["https://reports.example/1234", "hxxp://phish.example/login"], "clone of a bank's login page", "ABUSE-1234");

    [Fact]
    public async Task TakeDown_RemovesEveryRowAtTheName_NxdomainEverywhere_HeldAgainstEveryWriter_RestoreBringsBackTheSameRows()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var phish = zone.Fqdn("phish");
        await zone.AddAsync("phish", "A", "192.0.2.66", 30);
        await zone.AddAsync("phish", "AAAA", "2001:db8::66", 30);
        await zone.AddAsync("phish", "TXT", "\"kept disabled\"", 60, disabled: true);
        await zone.AddAsync("other", "A", "192.0.2.67", 30);
        var before = await RowsAtAsync(phish);
        var audits = await zone.AuditCountAsync(Cancel);

        var done = (await Takedowns.TakeDownAsync(Abuse, Phishing(phish), Cancel)).ShouldBeOfType<TakedownResult.Done>();

        // Proven gone by DNS in every region, as the person who pressed the button sees it.
        await ThrowawayZone.ShouldBeVisibleEverywhereAsync(done.Propagation);
        foreach (var region in fixture.Stack.Options.Regions)
        {
            var answer = await StackDns.For(region).QueryAsync(phish, QueryType.A, QueryClass.IN, Cancel);
            answer.Header.ResponseCode.ShouldBe(DnsClient.DnsHeaderResponseCode.NotExistentDomain, region.Name);
        }
        (await RowsAtAsync(phish)).ShouldBeEmpty();
        (await RowsAtAsync(zone.Fqdn("other"))).Count.ShouldBe(1, "only the name taken down goes");
        (await zone.AuditCountAsync(Cancel)).ShouldBe(audits + 1);
        (await zone.ScalarAsync($"SELECT count(*) FROM dashboard.audit_entries WHERE zone = @zone AND action = 'takedown.create' AND name = '{phish}' AND after LIKE 'takedown #{done.TakedownId}: phishing;%'", Cancel)).ShouldBe(1);
        (await zone.ScalarAsync($"SELECT count(*) FROM public.name_holds WHERE name = '{phish}' AND takedown_id = {done.TakedownId} AND expires_at > now() + interval '29 days'", Cancel)).ShouldBe(1);

        // The dashboard: an operator's change set at the held name is refused in words, and writes nothing.
        var set = await zone.NewSetAsync(Cancel);
        set.Add("phish", RecordType.A, "192.0.2.99", 30, null).Staged.ShouldBeTrue();
        var refused = (await zone.Commands.ApplyAsync(EditingZone.Operator, zone.Name, set, Cancel)).ShouldBeOfType<ApplyResult.Invalid>();
        refused.Errors.ShouldHaveSingleItem().ShouldContain($"{phish} is held after an abuse takedown (phishing, takedown #{done.TakedownId})");
        (await zone.AuditCountAsync(Cancel)).ShouldBe(audits + 1);
        // Direct SQL, and a rename onto the held name (a trailing dot does not slip past; upper case never gets as far as
        // the guard, PowerDNS's schema refuses it).
        var insert = await Should.ThrowAsync<PostgresException>(() => zone.ExecuteAsync(
            "INSERT INTO records (domain_id, name, type, content, ttl, disabled, auth) SELECT id, $1, 'A', '192.0.2.98', 30, false, true FROM domains WHERE name = $2", phish + ".", zone.Name));
        insert.SqlState.ShouldBe(NameHolds.HeldSqlState);
        (await Should.ThrowAsync<PostgresException>(() => zone.AddAsync("PHISH", "A", "192.0.2.98"))).ConstraintName.ShouldBe("c_lowercase_name");
        var rename = await Should.ThrowAsync<PostgresException>(() => zone.ExecuteAsync("UPDATE records SET name = $1 WHERE name = $2", phish + ".", zone.Fqdn("other")));
        rename.SqlState.ShouldBe(NameHolds.HeldSqlState);
        rename.MessageText.ShouldContain($"takedown #{done.TakedownId}");
        // The guard runs once per statement: one held row among several fails the whole statement, and it names the hold.
        var several = await Should.ThrowAsync<PostgresException>(() => zone.ExecuteAsync(
            "INSERT INTO records (domain_id, name, type, content, ttl, disabled, auth) SELECT d.id, n, 'A', '192.0.2.97', 30, false, true FROM domains d, unnest($1::text[]) n WHERE d.name = $2",
            new[] { zone.Fqdn("fresh-1"), phish, zone.Fqdn("fresh-2") }, zone.Name));
        several.SqlState.ShouldBe(NameHolds.HeldSqlState);
        several.MessageText.ShouldStartWith($"{phish} is held");
        (await RowsAtAsync(zone.Fqdn("fresh-1"))).ShouldBeEmpty();
        // An empty non-terminal at the held name answers nothing and passes; turning it into a record (a new type) is a move.
        await zone.ExecuteAsync("INSERT INTO records (domain_id, name, type, auth) SELECT id, $1, NULL, true FROM domains WHERE name = $2", phish, zone.Name);
        var retyped = await Should.ThrowAsync<PostgresException>(() => zone.ExecuteAsync("UPDATE records SET type = 'A', content = '192.0.2.96' WHERE name = $1 AND type IS NULL", phish));
        retyped.SqlState.ShouldBe(NameHolds.HeldSqlState);
        await zone.ExecuteAsync("DELETE FROM records WHERE name = $1 AND type IS NULL", phish);

        // A second takedown of the same name has nothing to remove.
        (await Takedowns.TakeDownAsync(Admin, Phishing(phish), Cancel)).ShouldBeOfType<TakedownResult.Invalid>().Errors.ShouldHaveSingleItem().ShouldContain("no records");

        // Restored: the same rows, every column, ids included; served again everywhere; the hold lifted.
        var restored = (await Takedowns.RestoreAsync(Abuse, done.TakedownId, "appeal granted: ABUSE-1234 was a false positive", Cancel)).ShouldBeOfType<TakedownResult.Done>();
        await ThrowawayZone.ShouldBeVisibleEverywhereAsync(restored.Propagation);
        (await RowsAtAsync(phish)).ShouldBe(before);
        foreach (var region in fixture.Stack.Options.Regions)
        {
            var answer = await StackDns.For(region).QueryAsync(phish, QueryType.A, QueryClass.IN, Cancel);
            answer.Answers.ARecords().Single().Address.ToString().ShouldBe("192.0.2.66", region.Name);
        }
        (await zone.ScalarAsync($"SELECT count(*) FROM public.name_holds WHERE name = '{phish}'", Cancel)).ShouldBe(0);
        (await zone.ScalarAsync($"SELECT count(*) FROM dashboard.takedowns WHERE id = {done.TakedownId} AND status = 'Restored' AND end_reason LIKE 'appeal granted%'", Cancel)).ShouldBe(1);
        (await zone.ScalarAsync($"SELECT count(*) FROM dashboard.audit_entries WHERE zone = @zone AND action = 'takedown.restore' AND reason LIKE 'appeal granted%'", Cancel)).ShouldBe(1);
        (await Takedowns.RestoreAsync(Abuse, done.TakedownId, "again", Cancel)).ShouldBeOfType<TakedownResult.Invalid>().Errors.ShouldHaveSingleItem().ShouldContain("restored");
    }

    [Fact]
    public async Task TakeDown_ProZone_RefusedForEveryRoleThatMayTakeDown_WritesNothing_OthersMayNotAskAtAll()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ZoneTier.Pro, Cancel);
        var name = zone.Fqdn("www");
        await zone.AddAsync("www", "A", "192.0.2.70", 300);
        var (rows, audits) = (await zone.RowCountAsync(Cancel), await zone.AuditCountAsync(Cancel));

        foreach (var actor in new[] { Abuse, Admin })
        {
            var refused = (await Takedowns.TakeDownAsync(actor, Phishing(name), Cancel)).ShouldBeOfType<TakedownResult.Invalid>();
            refused.Errors.ShouldHaveSingleItem().ShouldBe($"{zone.Name} is a pro-tier zone; takedowns apply to free-tier zones only");
        }
        foreach (var role in new[] { Roles.Operator, Roles.OnCall })
        {
            await Should.ThrowAsync<AccessDeniedException>(() => Takedowns.TakeDownAsync(RoleMatrixTests.ActorFor(role), Phishing(name), Cancel));
        }
        (await zone.RowCountAsync(Cancel)).ShouldBe(rows);
        (await zone.AuditCountAsync(Cancel)).ShouldBe(audits);
        (await zone.ScalarAsync($"SELECT count(*) FROM public.name_holds WHERE name = '{name}'", Cancel)).ShouldBe(0);
    }

    [Fact]
    public async Task TakeDown_WithoutEvidence_IsRefused_HostileEvidenceIsKeptVerbatim()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var name = zone.Fqdn("bad");
        await zone.AddAsync("bad", "A", "192.0.2.71", 30);

        var refused = (await Takedowns.TakeDownAsync(Abuse, new TakedownRequest(name, TakedownReason.Malware, [" "], ""), Cancel)).ShouldBeOfType<TakedownResult.Invalid>();
        refused.Errors.ShouldBe(["Give at least one evidence URL (the page, the report)", "Write a note: what the evidence shows"]);
        (await RowsAtAsync(name)).Count.ShouldBe(1);

        var note = "<script>alert(1)</script>" + new string('n', 100_000);
        var done = (await Takedowns.TakeDownAsync(Abuse, new TakedownRequest(name, TakedownReason.Malware, ["javascript:alert(1)", "data:text/html,<b>x</b>"], note), Cancel))
            .ShouldBeOfType<TakedownResult.Done>();
        await using var command = fixture.Get<RegionDataSources>().Primary.CreateCommand("SELECT note, evidence_urls FROM dashboard.takedowns WHERE id = $1");
        command.Parameters.AddWithValue(done.TakedownId);
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        (await reader.ReadAsync(Cancel)).ShouldBeTrue();
        reader.GetString(0).ShouldBe(note);
        reader.GetFieldValue<string[]>(1).ShouldBe(["javascript:alert(1)", "data:text/html,<b>x</b>"]);
        await ThrowawayZone.ShouldBeVisibleEverywhereAsync(done.Propagation);
    }

    [Fact]
    public async Task Expiry_HoldRunOut_EndsTheTakedown_Audited_NameFreeAgain()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var name = zone.Fqdn("old");
        await zone.AddAsync("old", "A", "192.0.2.72", 30);
        var done = (await Takedowns.TakeDownAsync(Abuse, Phishing(name), Cancel)).ShouldBeOfType<TakedownResult.Done>();
        await ThrowawayZone.ShouldBeVisibleEverywhereAsync(done.Propagation);
        await zone.ExecuteAsync("UPDATE dashboard.takedowns SET hold_until = now() - interval '1 minute' WHERE id = $1", done.TakedownId);

        (await fixture.Get<TakedownExpiry>().ExpireDueAsync(Cancel)).ShouldBeGreaterThanOrEqualTo(1);

        (await zone.ScalarAsync($"SELECT count(*) FROM dashboard.takedowns WHERE id = {done.TakedownId} AND status = 'Expired'", Cancel)).ShouldBe(1);
        (await zone.ScalarAsync($"SELECT count(*) FROM public.name_holds WHERE name = '{name}'", Cancel)).ShouldBe(0);
        (await zone.ScalarAsync($"SELECT count(*) FROM dashboard.audit_entries WHERE zone = @zone AND action = 'takedown.expire' AND actor_name = 'system' AND after LIKE 'takedown #{done.TakedownId}:%'", Cancel)).ShouldBe(1);
        await zone.AddAsync("old", "A", "192.0.2.73", 30);
        (await RowsAtAsync(name)).Count.ShouldBe(1, "the name may be created again; the old rows stay removed");
    }

    [Fact]
    public async Task TakeDownMany_BatchedPerZone_ProAndEmptyNamesLeftOutAndSaid_OneParentEntry_CsvEscapesFormulas()
    {
        await using var free = await EditingZone.CreateAsync(fixture, ct: Cancel);
        await using var pro = await EditingZone.CreateAsync(fixture, ZoneTier.Pro, Cancel);
        var names = Enumerable.Range(0, 30).Select(i => free.Fqdn($"bulk-{i}")).ToList();
        foreach (var name in names)
        {
            await free.AddAsync(name, "A", "192.0.2.80", 30);
        }
        await free.AddAsync("bulk-0", "TXT", "\"second row\"", 60, disabled: true);
        await pro.AddAsync("shop", "A", "192.0.2.81", 300);
        var before = await RowsAtAsync(names[0]);
        const string Formula = "=HYPERLINK(\"http://evil.example\",\"click\")";

        var result = (await Takedowns.TakeDownManyAsync(Abuse, new BulkTakedownRequest(
            [.. names, pro.Fqdn("shop"), free.Fqdn("nothing-here")], TakedownReason.Malware, ["https://reports.example/bulk"], Formula, "BULK-1"), Cancel))
            .ShouldBeOfType<BulkTakedownResult.Done>();

        var zone = result.Zones.ShouldHaveSingleItem();
        zone.Zone.ShouldBe(free.Name);
        zone.Takedowns.Select(t => t.Name).ShouldBe(names, ignoreOrder: true);
        result.Excluded.ShouldBe([
            (free.Fqdn("nothing-here"), "no records (already taken down, or never there)"),
            (pro.Fqdn("shop"), $"{pro.Name} is a pro-tier zone; takedowns apply to free-tier zones only"),
        ], ignoreOrder: true);
        await ThrowawayZone.ShouldBeVisibleEverywhereAsync(zone.Propagation);
        foreach (var region in fixture.Stack.Options.Regions)
        {
            foreach (var name in (string[])[names[0], names[^1]])
            {
                var answer = await StackDns.For(region).QueryAsync(name, QueryType.A, QueryClass.IN, Cancel);
                answer.Header.ResponseCode.ShouldBe(DnsClient.DnsHeaderResponseCode.NotExistentDomain, $"{name} in {region.Name}");
            }
        }
        (await free.ScalarAsync("SELECT count(*) FROM records r JOIN domains d ON d.id = r.domain_id WHERE d.name = @zone AND r.name LIKE 'bulk-%'", Cancel)).ShouldBe(0);
        (await free.ScalarAsync("SELECT count(*) FROM public.name_holds WHERE zone = @zone", Cancel)).ShouldBe(30);
        (await pro.RowCountAsync(Cancel)).ShouldBeGreaterThan(0);
        (await pro.ScalarAsync("SELECT count(*) FROM records WHERE name = 'shop.' || @zone", Cancel)).ShouldBe(1);

        // One parent entry for the zone, a takedown.create per name under it.
        var page = await fixture.Get<Dashboard.Features.Audit.AuditQueries>().PageAsync(Admin, new Dashboard.Features.Audit.AuditFilter(Zone: free.Name, Action: "takedown.bulk"), 0, 50, Cancel);
        var parent = page.Entries.ShouldHaveSingleItem();
        page.ChildCounts[parent.Id].ShouldBe(30);
        page.Timelines[parent.Id].AllVisible.ShouldBeTrue();

        // Each is a takedown of its own: restored alone, byte for byte.
        var first = zone.Takedowns.Single(t => t.Name == names[0]);
        (await Takedowns.RestoreAsync(Abuse, first.Id, "appeal: bulk-0 was ours", Cancel)).ShouldBeOfType<TakedownResult.Done>();
        (await RowsAtAsync(names[0])).ShouldBe(before);

        // The CSV: a cell a spreadsheet would run as a formula is escaped.
        var csv = new StringWriter();
        await fixture.Get<TakedownQueries>().WriteCsvAsync(Abuse, new TakedownFilter(TakedownStatus.Active, Zone: free.Name), csv, Cancel);
        var lines = csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1 + 29, "the header and the 29 still active");
        lines.Skip(1).ShouldAllBe(l => l.Contains(",malware,active,") && !l.Contains(",=HYPERLINK") && !l.Contains(",\"=HYPERLINK"));
    }

    [Fact]
    public async Task Search_ByNamePartAndTarget_FollowsCnameChains_SaysWhatCannotGo_AndTheListFilters()
    {
        await using var free = await EditingZone.CreateAsync(fixture, ct: Cancel);
        await using var pro = await EditingZone.CreateAsync(fixture, ZoneTier.Pro, Cancel);
        await free.AddAsync("edge", "A", "198.51.100.44", 300);
        await free.AddAsync("t1", "CNAME", free.Fqdn("edge"), 30);
        await free.AddAsync("t2", "CNAME", free.Fqdn("t1"), 30);        // a chain: t2 -> t1 -> edge
        await free.AddAsync("direct", "A", "198.51.100.44", 30);
        await free.AddAsync("other", "A", "198.51.100.45", 30);
        await pro.AddAsync("shop", "A", "198.51.100.44", 300);
        var queries = fixture.Get<TakedownQueries>();

        var byAddress = await queries.SearchAsync(Abuse, TakedownSearchMode.Target, "198.51.100.44", Cancel);
        byAddress.Select(c => c.Name).ShouldBe([free.Fqdn("direct"), free.Fqdn("edge"), free.Fqdn("t1"), free.Fqdn("t2"), pro.Fqdn("shop")], ignoreOrder: true);
        byAddress.Single(c => c.Name == pro.Fqdn("shop")).TakedownsApply.ShouldBeFalse();
        byAddress.Where(c => c.Zone == free.Name).ShouldAllBe(c => c.TakedownsApply && c.HeldBy == null);
        (await queries.SearchAsync(Abuse, TakedownSearchMode.Target, free.Fqdn("edge") + ".", Cancel)).Select(c => c.Name)
            .ShouldBe([free.Fqdn("t1"), free.Fqdn("t2")], ignoreOrder: true);
        (await queries.SearchAsync(Abuse, TakedownSearchMode.Name, free.Fqdn("T1"), Cancel)).ShouldHaveSingleItem().Records.ShouldBe([$"CNAME {free.Fqdn("edge")}"]);
        (await queries.SearchAsync(Abuse, TakedownSearchMode.Contains, "%", Cancel)).ShouldBeEmpty("LIKE's wildcards are searched for as text");

        var done = (await Takedowns.TakeDownAsync(Abuse, Phishing(free.Fqdn("direct")), Cancel)).ShouldBeOfType<TakedownResult.Done>();
        (await queries.SearchAsync(Abuse, TakedownSearchMode.Contains, "direct." + free.Name, Cancel)).ShouldBeEmpty("a name taken down has no records left to find");
        await ThrowawayZone.ShouldBeVisibleEverywhereAsync(done.Propagation);
        var other = (await Takedowns.TakeDownAsync(Abuse, new TakedownRequest(free.Fqdn("other"), TakedownReason.Spam, ["https://reports.example/s"], "spam"), Cancel)).ShouldBeOfType<TakedownResult.Done>();
        await ThrowawayZone.ShouldBeVisibleEverywhereAsync(other.Propagation);
        (await Takedowns.RestoreAsync(Abuse, other.TakedownId, "not spam after all", Cancel)).ShouldBeOfType<TakedownResult.Done>();

        async Task<IReadOnlyList<long>> IdsAsync(TakedownFilter filter) => [.. (await queries.PageAsync(Abuse, filter with { Zone = free.Name }, 0, 50, Cancel)).Rows.Select(r => r.Id)];
        (await IdsAsync(new TakedownFilter(TakedownStatus.Active))).ShouldBe([done.TakedownId]);
        (await IdsAsync(new TakedownFilter(TakedownStatus.Restored))).ShouldBe([other.TakedownId]);
        (await IdsAsync(new TakedownFilter())).ShouldBe([other.TakedownId, done.TakedownId], "newest first");
        (await IdsAsync(new TakedownFilter(Reason: TakedownReason.Spam))).ShouldBe([other.TakedownId]);
        (await IdsAsync(new TakedownFilter(Actor: "nobody"))).ShouldBeEmpty();
        (await IdsAsync(new TakedownFilter(From: DateTimeOffset.UtcNow.AddDays(1)))).ShouldBeEmpty();
        (await IdsAsync(new TakedownFilter(To: DateTimeOffset.UtcNow.AddDays(1)))).Count.ShouldBe(2);
        var detail = (await queries.GetAsync(Abuse, other.TakedownId, Cancel)).ShouldNotBeNull();
        detail.RemovedRows.ShouldHaveSingleItem().Content.ShouldBe("198.51.100.45");
        detail.History.Select(e => e.Action).ShouldBe(["takedown.create", "takedown.restore"]);
        await Should.ThrowAsync<AccessDeniedException>(() => queries.SearchAsync(RoleMatrixTests.ActorFor(Roles.Operator), TakedownSearchMode.Name, "x.test", Cancel));
    }

    /// <summary>Every column of the rows at <paramref name="name"/>, as PostgreSQL renders them.</summary>
    private async Task<List<string>> RowsAtAsync(string name)
    {
        await using var command = fixture.Get<RegionDataSources>().Primary.CreateCommand("SELECT to_jsonb(r)::text FROM records r WHERE r.name = $1 ORDER BY r.id");
        command.Parameters.AddWithValue(name);
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        var rows = new List<string>();
        while (await reader.ReadAsync(Cancel))
        {
            rows.Add(reader.GetString(0));
        }
        return rows;
    }
}
