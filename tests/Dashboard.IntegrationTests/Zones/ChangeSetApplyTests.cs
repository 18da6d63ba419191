using Dashboard.Dns;
using Dashboard.Features.Audit;
using Dashboard.Features.Auth;
using Dashboard.Features.Propagation;
using Dashboard.Features.Zones;
using Dashboard.Data;
using Dashboard.Data.PowerDns;
using Dashboard.IntegrationTests.Zones;
using Dashboard.TestSupport;
using DnsClient;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Dashboard.IntegrationTests.Zones;

public sealed class ChangeSetApplyTests(StackFixture fixture)
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<RecordType, string, string, string, string, QueryType> EveryType => new()
    {
        { RecordType.A, "a", "192.0.2.10", "192.0.2.11", "192.0.2.11", QueryType.A },
        { RecordType.AAAA, "aaaa", "2001:db8::10", "2001:db8::11", "2001:db8::11", QueryType.AAAA },
        { RecordType.CNAME, "alias", "target1.example.test", "target2.example.test", "target2.example.test", QueryType.CNAME },
        { RecordType.MX, "mail", "10 mx1.example.test", "20 mx2.example.test", "mx2.example.test", QueryType.MX },
        { RecordType.TXT, "txt", "\"hello one\"", "\"hello two\"", "hello two", QueryType.TXT },
        { RecordType.SRV, "_sip._tcp", "10 5 5060 sip1.example.test", "10 5 5061 sip2.example.test", "sip2.example.test", QueryType.SRV },
        { RecordType.CAA, "caa", "0 issue \"letsencrypt.org\"", "0 issue \"pki.goog\"", "pki.goog", QueryType.CAA },
        { RecordType.NS, "@", "ns3.example.test", "ns4.example.test", "ns4.example.test", QueryType.NS },
        { RecordType.PTR, "ptr", "host1.example.test", "host2.example.test", "host2.example.test", QueryType.PTR },
    };

    [Theory]
    [MemberData(nameof(EveryType))]
    public async Task ApplyAsync_AddEditDisableEnableDelete_CheckZoneCleanAndServedByEveryRegion(
        RecordType type, string name, string content, string edited, string editedMarker, QueryType query)
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var owner = name == "@" ? zone.Name : $"{name}.{zone.Name}";
        var baseline = (await zone.RRsetAsync(name, type, Cancel))?.Records.Count ?? 0;

        // add
        var set = await zone.NewSetAsync(Cancel);
        set.Add(name, type, content, 30, await zone.RRsetAsync(name, type, Cancel)).AllErrors.ShouldBeEmpty();
        await AppliedEverywhereAsync(zone, set);
        await ServedAsync(owner, query, baseline + 1, null);

        // edit content
        set = await zone.NewSetAsync(Cancel);
        set.EditContent((await zone.RRsetAsync(name, type, Cancel))!, content, edited).AllErrors.ShouldBeEmpty();
        await AppliedEverywhereAsync(zone, set);
        await ServedAsync(owner, query, baseline + 1, editedMarker);

        // TTL
        set = await zone.NewSetAsync(Cancel);
        set.SetTtl((await zone.RRsetAsync(name, type, Cancel))!, 45).AllErrors.ShouldBeEmpty();
        await AppliedEverywhereAsync(zone, set);

        // disable
        set = await zone.NewSetAsync(Cancel);
        set.SetDisabled((await zone.RRsetAsync(name, type, Cancel))!, edited, true).AllErrors.ShouldBeEmpty();
        await AppliedEverywhereAsync(zone, set);
        await ServedAsync(owner, query, baseline, null);

        // enable
        set = await zone.NewSetAsync(Cancel);
        set.SetDisabled((await zone.RRsetAsync(name, type, Cancel))!, edited, false).AllErrors.ShouldBeEmpty();
        await AppliedEverywhereAsync(zone, set);
        await ServedAsync(owner, query, baseline + 1, editedMarker);

        // delete
        set = await zone.NewSetAsync(Cancel);
        set.Delete((await zone.RRsetAsync(name, type, Cancel))!, edited).AllErrors.ShouldBeEmpty();
        await AppliedEverywhereAsync(zone, set);
        await ServedAsync(owner, query, baseline, null);
    }

    [Fact]
    public async Task ApplyAsync_ThreeChanges_BumpsSerialExactlyOnceAndAuditsEach()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var serial = await zone.SerialAsync(Cancel);
        var audits = await zone.AuditCountAsync(Cancel);
        var set = await zone.NewSetAsync(Cancel);
        set.Add("one", RecordType.A, "192.0.2.1", 30, null).Staged.ShouldBeTrue();
        set.Add("two", RecordType.A, "192.0.2.2", 30, null).Staged.ShouldBeTrue();
        set.Add("two", RecordType.A, "192.0.2.3", 30, null).Staged.ShouldBeTrue();

        var applied = await zone.ApplyAsync(set, Cancel);

        SoaSerial.TryNext(serial, DateOnly.FromDateTime(DateTime.UtcNow), null, out var expected, out _);
        applied.Serial.ShouldBe(expected);
        (await zone.SerialAsync(Cancel)).ShouldBe(expected);
        applied.RowsChanged.ShouldBe(3);
        (await zone.AuditCountAsync(Cancel)).ShouldBe(audits + 3);
        // As PowerDNS's API writes an A record: prio 0.
        (await zone.ScalarAsync("SELECT count(*) FROM records WHERE name LIKE '%.' || @zone AND prio IS DISTINCT FROM 0", Cancel)).ShouldBe(0);
    }

    [Fact]
    public async Task ApplyAsync_CnameNextToExistingData_IsInvalidAndWritesNothing()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var set = await zone.NewSetAsync(Cancel);
        set.Add("www", RecordType.A, "192.0.2.1", 30, null);
        await zone.ApplyAsync(set, Cancel);
        var rows = await zone.RowCountAsync(Cancel);
        var serial = await zone.SerialAsync(Cancel);
        var audits = await zone.AuditCountAsync(Cancel);

        set = await zone.NewSetAsync(Cancel);
        set.Add("www", RecordType.CNAME, "elsewhere.example.test", 30, null).Staged.ShouldBeTrue();
        set.Add("fine", RecordType.A, "192.0.2.9", 30, null).Staged.ShouldBeTrue();
        var result = await zone.Commands.ApplyAsync(EditingZone.Operator, zone.Name, set, Cancel);

        var invalid = result.ShouldBeOfType<ApplyResult.Invalid>();
        invalid.Errors.ShouldContain(e => e.Contains($"www.{zone.Name} CNAME") && e.Contains("cannot coexist"));
        (await zone.RowCountAsync(Cancel)).ShouldBe(rows);
        (await zone.SerialAsync(Cancel)).ShouldBe(serial);
        (await zone.AuditCountAsync(Cancel)).ShouldBe(audits);
    }

    [Fact]
    public async Task ApplyAsync_RRsetChangedAfterRead_IsConflictNamingItAndWritesNothing()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var set = await zone.NewSetAsync(Cancel);
        set.Add("www", RecordType.A, "192.0.2.1", 30, null);
        await zone.ApplyAsync(set, Cancel);

        set = await zone.NewSetAsync(Cancel);
        set.EditContent((await zone.RRsetAsync("www", RecordType.A, Cancel))!, "192.0.2.1", "192.0.2.2").Staged.ShouldBeTrue();
        set.Add("other", RecordType.A, "192.0.2.5", 30, null).Staged.ShouldBeTrue();
        // The tunnel service writes the same RRset in between.
        await zone.ScalarAsync($"UPDATE records SET content = '192.0.2.99' WHERE name = 'www.' || @zone AND type = 'A' RETURNING 1", Cancel);
        var serial = await zone.SerialAsync(Cancel);
        var rows = await zone.RowCountAsync(Cancel);
        var audits = await zone.AuditCountAsync(Cancel);

        var result = await zone.Commands.ApplyAsync(EditingZone.Operator, zone.Name, set, Cancel);

        result.ShouldBeOfType<ApplyResult.Conflict>().RRsets.ShouldBe([$"www.{zone.Name} A"]);
        (await zone.SerialAsync(Cancel)).ShouldBe(serial);
        (await zone.RowCountAsync(Cancel)).ShouldBe(rows);
        (await zone.AuditCountAsync(Cancel)).ShouldBe(audits);
        (await zone.RRsetAsync("www", RecordType.A, Cancel))!.Records.Single().Content.ShouldBe("192.0.2.99");
    }

    [Fact]
    public async Task ApplyAsync_ConcurrentUncommittedUpdateThenCommit_IsConflictNotLostUpdate()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var set = await zone.NewSetAsync(Cancel);
        set.Add("www", RecordType.A, "192.0.2.1", 30, null);
        await zone.ApplyAsync(set, Cancel);
        set = await zone.NewSetAsync(Cancel);
        set.EditContent((await zone.RRsetAsync("www", RecordType.A, Cancel))!, "192.0.2.1", "192.0.2.2").Staged.ShouldBeTrue();
        var serial = await zone.SerialAsync(Cancel);

        // A concurrent writer holds the row (updated, not yet committed) while the apply starts.
        await using var writer = await fixture.Get<RegionDataSources>().Primary.OpenConnectionAsync(Cancel);
        await using var writerTx = await writer.BeginTransactionAsync(Cancel);
        await using (var update = new NpgsqlCommand("UPDATE records SET content = '192.0.2.77' WHERE name = @name AND type = 'A'", writer, writerTx))
        {
            update.Parameters.AddWithValue("name", $"www.{zone.Name}");
            (await update.ExecuteNonQueryAsync(Cancel)).ShouldBe(1);
        }
        var apply = zone.Commands.ApplyAsync(EditingZone.Operator, zone.Name, set, Cancel);
        await WaitUntilBlockedAsync(zone.Name);
        apply.IsCompleted.ShouldBeFalse();
        await writerTx.CommitAsync(Cancel);

        var result = await apply;

        result.ShouldBeOfType<ApplyResult.Conflict>().RRsets.ShouldBe([$"www.{zone.Name} A"]);
        (await zone.RRsetAsync("www", RecordType.A, Cancel))!.Records.Single().Content.ShouldBe("192.0.2.77");
        (await zone.SerialAsync(Cancel)).ShouldBe(serial);
    }

    [Fact]
    public async Task ApplyAsync_FailureAfterWritesBeforeCommit_RollsBackRowsSerialAndAudit()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var commands = new ChangeSetCommands(
            fixture.Get<ZoneWrites>(), fixture.Get<AuditLog>(), fixture.Get<PropagationTracker>(), TimeProvider.System)
        {
            BeforeCommit = _ => throw new InvalidOperationException("forced failure after staging and writing"),
        };
        var set = await zone.NewSetAsync(Cancel);
        set.Add("www", RecordType.A, "192.0.2.1", 30, null).Staged.ShouldBeTrue();
        var rows = await zone.RowCountAsync(Cancel);
        var serial = await zone.SerialAsync(Cancel);
        var audits = await zone.AuditCountAsync(Cancel);

        await Should.ThrowAsync<InvalidOperationException>(() => commands.ApplyAsync(EditingZone.Operator, zone.Name, set, Cancel));

        (await zone.RowCountAsync(Cancel)).ShouldBe(rows);
        (await zone.SerialAsync(Cancel)).ShouldBe(serial);
        (await zone.AuditCountAsync(Cancel)).ShouldBe(audits);
    }

    [Theory]
    [InlineData(Roles.OnCall)]
    [InlineData(Roles.Abuse)]
    public async Task ApplyAsync_ActorWithoutEditDns_IsDeniedAndWritesNothing(string role)
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var set = await zone.NewSetAsync(Cancel);
        set.Add("www", RecordType.A, "192.0.2.1", 30, null).Staged.ShouldBeTrue();
        var rows = await zone.RowCountAsync(Cancel);
        var serial = await zone.SerialAsync(Cancel);
        var actor = new Actor("it-" + role, "it-" + role, new HashSet<string> { role });

        await Should.ThrowAsync<AccessDeniedException>(() => zone.Commands.ApplyAsync(actor, zone.Name, set, Cancel));

        (await zone.RowCountAsync(Cancel)).ShouldBe(rows);
        (await zone.SerialAsync(Cancel)).ShouldBe(serial);
    }

    [Fact]
    public async Task ApplyAsync_SoaEdit_ChangesFieldsAndBumpsSerialOnce()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var soa = (await zone.Reads.SoaAsync(EditingZone.Operator, zone.Name, Cancel))!;
        var set = await zone.NewSetAsync(Cancel);
        set.StageSoa(soa, soa.Fields with { Refresh = 7200, Minimum = 5 }, 60, soa.Fields.Serial + 10).AllErrors.ShouldBeEmpty();
        set.Add("www", RecordType.A, "192.0.2.1", 30, null).Staged.ShouldBeTrue();

        var applied = await zone.ApplyAsync(set, Cancel);

        applied.Serial.ShouldBe(soa.Fields.Serial + 10);
        var after = (await zone.Reads.SoaAsync(EditingZone.Operator, zone.Name, Cancel))!;
        after.Fields.ShouldBe(soa.Fields with { Refresh = 7200, Minimum = 5, Serial = soa.Fields.Serial + 10 });
        after.Ttl.ShouldBe(60);
        (await zone.CheckZoneAsync(Cancel)).ShouldContain(", 0 errors, 0 warnings");
    }

    /// <summary>Until the apply's transaction waits on a row lock held by someone else.</summary>
    private async Task WaitUntilBlockedAsync(string zone)
    {
        var sources = fixture.Get<RegionDataSources>();
        for (var i = 0; i < 500; i++)
        {
            await using var command = sources.Primary.CreateCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%AND name = ANY(%FOR UPDATE%'");
            if (Convert.ToInt64(await command.ExecuteScalarAsync(Cancel)) > 0)
            {
                return;
            }
            await Task.Delay(10, Cancel);
        }
        throw new TimeoutException("The apply never waited on the concurrent writer's row lock.");
    }

    private async Task AppliedEverywhereAsync(ThrowawayZone zone, ChangeSet set)
    {
        var applied = await zone.ApplyAsync(set, Cancel);
        applied.Propagation.Current.AllVisible.ShouldBeTrue("ApplyAsync waited for it");
        var check = await zone.CheckZoneAsync(Cancel);
        check.ShouldContain(", 0 errors, 0 warnings", customMessage: check);
        check.ShouldStartWith("exit 0");
    }

    private async Task ServedAsync(string owner, QueryType query, int expectedCount, string? marker)
    {
        foreach (var region in fixture.Stack.Options.Regions)
        {
            var response = await StackDns.For(region).QueryAsync(owner, query, QueryClass.IN, Cancel);
            response.Header.HasAuthorityAnswer.ShouldBeTrue(region.Name);
            var answers = response.Answers.Where(a => (int)a.RecordType == (int)query).ToList();
            answers.Count.ShouldBe(expectedCount, $"{region.Name}: {string.Join(" | ", response.Answers)}");
            if (marker is not null)
            {
                answers.ShouldContain(a => a.ToString().Contains(marker, StringComparison.OrdinalIgnoreCase), $"{region.Name}: {string.Join(" | ", answers)}");
            }
        }
    }
}
