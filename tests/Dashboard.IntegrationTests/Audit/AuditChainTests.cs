using Dashboard.Data;
using Dashboard.Dns;
using Dashboard.Features.Audit;
using Dashboard.Features.Auth;
using Dashboard.Features.Zones;
using Dashboard.IntegrationTests.Zones;
using Dashboard.TestSupport;
using Npgsql;

namespace Dashboard.IntegrationTests.Audit;

/// <summary>
/// The database owns each audit entry's time and actor name and chains the entries by hash; the verifier finds the
/// first entry that was removed or altered, even by the schema's owner. These tests tamper with the real trail (and
/// put it back), so they run alone.
/// </summary>
[Collection(StackMutatingCollection.Name)]
public sealed class AuditChainTests(StackFixture fixture)
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;
    private NpgsqlDataSource App => fixture.Get<RegionDataSources>().Primary;
    private AuditChainVerifier Verifier => fixture.Get<AuditChainVerifier>();

    [Fact]
    public async Task Insert_TimeAndNameSentByTheApp_AreReplacedByTheDatabase()
    {
        var before = await DatabaseNowAsync();
        await using var insert = App.CreateCommand(
            """
            INSERT INTO dashboard.audit_entries (at, actor_id, actor_name, action, reason, seq, hash)
            VALUES ('2001-02-03 04:05:06+00', $1, 'somebody-else', 'test.backdated', 'backdated', 1, '\x00')
            RETURNING at, actor_name, seq, hash
            """);
        insert.Parameters.AddWithValue(EditingZone.Operator.UserId);
        await using var reader = await insert.ExecuteReaderAsync(Cancel);
        (await reader.ReadAsync(Cancel)).ShouldBeTrue();
        var at = reader.GetFieldValue<DateTimeOffset>(0);
        var name = reader.GetString(1);
        var seq = reader.GetInt64(2);
        var hash = reader.GetFieldValue<byte[]>(3);
        await reader.DisposeAsync();
        var after = await DatabaseNowAsync();

        at.ShouldBeInRange(before, after);
        name.ShouldBe(EditingZone.Operator.UserName);
        seq.ShouldBe(await ScalarAsync<long>("SELECT max(seq) FROM dashboard.audit_entries"));
        hash.Length.ShouldBe(32);
        (await Verifier.VerifyAsync(Actor.System, cancellationToken: Cancel)).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task Insert_ActorIdThatIsNoUser_IsRefused()
    {
        await using var insert = App.CreateCommand(
            "INSERT INTO dashboard.audit_entries (actor_id, actor_name, action) VALUES ('no-such-user', 'no-such-user', 'test.forged')");

        var error = await Should.ThrowAsync<PostgresException>(() => insert.ExecuteNonQueryAsync(Cancel));

        error.SqlState.ShouldBe(PostgresErrorCodes.ForeignKeyViolation);
    }

    [Fact]
    public async Task Verify_NormalTrail_IsIntactUpToTheNewestEntry()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var set = await zone.NewSetAsync(Cancel);
        set.Add("www", RecordType.A, "192.0.2.1", 300, null).Staged.ShouldBeTrue();
        set.Add("mail", RecordType.A, "192.0.2.2", 300, null).Staged.ShouldBeTrue();
        await zone.ApplyAsync(set, Cancel);

        var report = await Verifier.VerifyAsync(Actor.System, cancellationToken: Cancel);

        report.FirstBreak.ShouldBeNull();
        report.Head.ShouldNotBeNull().Seq.ShouldBe(await ScalarAsync<long>("SELECT max(seq) FROM dashboard.audit_entries"));
        report.Entries.ShouldBe(await ScalarAsync<long>("SELECT count(*) FROM dashboard.audit_entries"));
    }

    [Fact]
    public async Task Verify_EntryDeletedByTheSchemaOwner_ReportsTheEntryAfterTheGap()
    {
        var (_, middle, last) = await ThreeEntriesAsync();
        await using var owner = await OwnerAsync();
        await using var saved = await SaveAsync(owner, middle.Id);

        await TamperAsync(owner, "DELETE FROM dashboard.audit_entries WHERE id = $1", middle.Id);
        try
        {
            var report = await Verifier.VerifyAsync(Actor.System, cancellationToken: Cancel);

            var broken = report.FirstBreak.ShouldNotBeNull();
            broken.Seq.ShouldBe(last.Seq);
            broken.Id.ShouldBe(last.Id);
            broken.Problem.ShouldContain($"#{middle.Seq}");
            broken.Problem.ShouldContain("missing");
        }
        finally
        {
            await saved.RestoreAsync();
        }
        (await Verifier.VerifyAsync(Actor.System, cancellationToken: Cancel)).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task Verify_EntryAlteredByTheSchemaOwner_ReportsThatEntry()
    {
        var (_, middle, _) = await ThreeEntriesAsync();
        await using var owner = await OwnerAsync();
        await using var saved = await SaveAsync(owner, middle.Id);

        await TamperAsync(owner, "UPDATE dashboard.audit_entries SET after = 'rewritten' WHERE id = $1", middle.Id);
        try
        {
            var broken = (await Verifier.VerifyAsync(Actor.System, cancellationToken: Cancel)).FirstBreak.ShouldNotBeNull();

            broken.Seq.ShouldBe(middle.Seq);
            broken.Problem.ShouldContain("does not match");
        }
        finally
        {
            await saved.RestoreAsync();
        }
        (await Verifier.VerifyAsync(Actor.System, cancellationToken: Cancel)).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task Verify_EntryAlteredAndRehashedByTheSchemaOwner_ReportsTheNextEntry()
    {
        var (_, middle, last) = await ThreeEntriesAsync();
        await using var owner = await OwnerAsync();
        await using var saved = await SaveAsync(owner, middle.Id);

        // The owner knows the hash function: the altered entry gets a hash that fits its new content.
        await TamperAsync(owner,
            """
            UPDATE dashboard.audit_entries e SET after = 'rewritten',
                hash = dashboard.audit_entry_hash(e.seq, e.id, e.at, e.actor_id, e.actor_name, e.action, e.zone, e.name, e.type,
                    e.before, 'rewritten', e.reason, e.parent_id, (SELECT p.hash FROM dashboard.audit_entries p WHERE p.seq = e.seq - 1))
            WHERE id = $1
            """, middle.Id);
        try
        {
            var broken = (await Verifier.VerifyAsync(Actor.System, cancellationToken: Cancel)).FirstBreak.ShouldNotBeNull();

            broken.Seq.ShouldBe(last.Seq);
        }
        finally
        {
            await saved.RestoreAsync();
        }
        (await Verifier.VerifyAsync(Actor.System, cancellationToken: Cancel)).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task Verify_NewestEntriesRemoved_IsOnlyCaughtByAnAnchor()
    {
        var (_, _, last) = await ThreeEntriesAsync();
        var anchor = (await Verifier.VerifyAsync(Actor.System, cancellationToken: Cancel)).Head.ShouldNotBeNull();
        anchor.Seq.ShouldBe(last.Seq);
        await using var owner = await OwnerAsync();
        await using var saved = await SaveAsync(owner, last.Id);

        await TamperAsync(owner, "DELETE FROM dashboard.audit_entries WHERE id = $1", last.Id);
        try
        {
            // What the chain alone cannot see: a shorter chain is still a valid chain.
            (await Verifier.VerifyAsync(Actor.System, cancellationToken: Cancel)).Intact.ShouldBeTrue();

            var anchored = await Verifier.VerifyAsync(Actor.System, anchor, Cancel);

            anchored.FirstBreak.ShouldNotBeNull().Problem.ShouldContain("anchor");
        }
        finally
        {
            await saved.RestoreAsync();
        }
        (await Verifier.VerifyAsync(Actor.System, anchor, Cancel)).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task Insert_SecondTransactionWaitsForTheFirstsCommit_AndLinksToItsEntry()
    {
        await using var first = await App.OpenConnectionAsync(Cancel);
        await using var firstTx = await first.BeginTransactionAsync(Cancel);
        var firstSeq = await InsertOnAsync(first, firstTx, "test.first");

        await using var second = await App.OpenConnectionAsync(Cancel);
        var secondPid = second.ProcessID;
        var secondInsert = Task.Run(async () =>
        {
            await using var tx = await second.BeginTransactionAsync(Cancel);
            var seq = await InsertOnAsync(second, tx, "test.second");
            await tx.CommitAsync(Cancel);
            return seq;
        }, Cancel);
        // The second insert waits on the chain lock while the first transaction is open (state, not time).
        await WaitUntilAsync(async () => await ScalarAsync<long>(
            $"SELECT count(*) FROM pg_stat_activity WHERE pid = {secondPid} AND wait_event_type = 'Lock'") == 1);
        secondInsert.IsCompleted.ShouldBeFalse();
        await firstTx.CommitAsync(Cancel);

        (await secondInsert).ShouldBe(firstSeq + 1);
        (await Verifier.VerifyAsync(Actor.System, cancellationToken: Cancel)).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task ApplyAsync_ManyAtOnce_ProduceOneValidChain()
    {
        var zones = new List<ThrowawayZone>();
        try
        {
            for (var i = 0; i < 6; i++)
            {
                zones.Add(await EditingZone.CreateAsync(fixture, ct: Cancel));
            }
            var sets = new List<(ThrowawayZone Zone, ChangeSet Set)>();
            foreach (var zone in zones)
            {
                var set = await zone.NewSetAsync(Cancel);
                for (var n = 0; n < 20; n++)
                {
                    set.Add($"host{n}", RecordType.A, $"192.0.2.{n + 1}", 300, null).Staged.ShouldBeTrue();
                }
                sets.Add((zone, set));
            }
            var entriesBefore = await ScalarAsync<long>("SELECT count(*) FROM dashboard.audit_entries");

            await Task.WhenAll(sets.Select(s => s.Zone.ApplyAsync(s.Set, Cancel)));

            var report = await Verifier.VerifyAsync(Actor.System, cancellationToken: Cancel);
            report.FirstBreak.ShouldBeNull();
            report.Entries.ShouldBe(entriesBefore + 6 * 20);
            report.Head.ShouldNotBeNull().Seq.ShouldBe(report.Entries);
        }
        finally
        {
            foreach (var zone in zones)
            {
                await zone.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ApplyAsync_Import_IsOneZoneImportEntryWithItsChangesUnderIt_AndTheReasonOnEach()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var staging = await ZoneImport.StageAsync(zone.Reads, EditingZone.Operator, zone.Name, (await zone.Reads.PolicyAsync(EditingZone.Operator, zone.Name, Cancel)).ShouldNotBeNull(),
            $"$ORIGIN {zone.Name}.\nwww 300 IN A 192.0.2.10\nmail 300 IN A 192.0.2.11\n", replaceWholeZone: false, Cancel);
        var set = staging.Set.ShouldNotBeNull(string.Join("; ", staging.Errors));

        var result = await zone.Commands.ApplyAsync(EditingZone.Operator, zone.Name, set, "  ticket OPS-42  ", Cancel);

        result.ShouldBeOfType<ApplyResult.Applied>(result.ToString());
        var page = await fixture.Get<AuditQueries>().PageAsync(Admin, new AuditFilter(Zone: zone.Name, Action: AuditActions.ZoneImport), 0, 50, Cancel);
        var import = page.Entries.ShouldHaveSingleItem();
        import.Action.ShouldBe(AuditActions.ZoneImport);
        import.Reason.ShouldBe("ticket OPS-42");
        page.ChildCounts[import.Id].ShouldBe(2);
        var children = await fixture.Get<AuditQueries>().ChildrenAsync(Admin, import.Id, Cancel);
        children.Select(c => c.Name).ShouldBe([$"mail.{zone.Name}", $"www.{zone.Name}"], ignoreOrder: true);
        children.ShouldAllBe(c => c.Reason == "ticket OPS-42" && c.Action == AuditActions.RecordAdd && c.Seq > import.Seq);
        // A name filter finds the change itself, under its import.
        var byName = await fixture.Get<AuditQueries>().PageAsync(Admin, new AuditFilter(Name: $"WWW.{zone.Name}"), 0, 50, Cancel);
        byName.Entries.ShouldHaveSingleItem().ParentId.ShouldBe(import.Id);
        (await Verifier.VerifyAsync(Actor.System, cancellationToken: Cancel)).Intact.ShouldBeTrue();
        // The change's propagation timeline names the import's entry first, then the changes under it, and the page carries it.
        var timeline = page.Timelines[import.Id];
        timeline.AuditIds.ShouldBe([import.Id, .. children.OrderBy(c => c.Seq).Select(c => c.Id)]);
        byName.Timelines[byName.Entries[0].Id].Id.ShouldBe(timeline.Id);
    }

    [Fact]
    public async Task ApplyAsync_ReasonTooLong_IsRefusedAndWritesNothing()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var set = await zone.NewSetAsync(Cancel);
        set.Add("www", RecordType.A, "192.0.2.1", 300, null).Staged.ShouldBeTrue();
        var audits = await zone.AuditCountAsync(Cancel);

        var result = await zone.Commands.ApplyAsync(EditingZone.Operator, zone.Name, set, new string('x', AuditLog.MaxReasonLength + 1), Cancel);

        result.ShouldBeOfType<ApplyResult.Invalid>().Errors.ShouldHaveSingleItem().ShouldContain("reason");
        (await zone.AuditCountAsync(Cancel)).ShouldBe(audits);
        (await zone.RRsetAsync("www", RecordType.A, Cancel)).ShouldBeNull();
    }

    [Fact]
    public async Task PageAsync_ZonePrefixAndNameFilters_MatchOnlyThoseEntries()
    {
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var set = await zone.NewSetAsync(Cancel);
        set.Add("alpha", RecordType.A, "192.0.2.1", 300, null).Staged.ShouldBeTrue();
        set.Add("beta", RecordType.A, "192.0.2.2", 300, null).Staged.ShouldBeTrue();
        await zone.ApplyAsync(set, Cancel);
        var queries = fixture.Get<AuditQueries>();
        var prefix = zone.Name[..11];

        var byPrefix = await queries.PageAsync(Admin, new AuditFilter(Zone: prefix.ToUpperInvariant()), 0, 200, Cancel);
        var byName = await queries.PageAsync(Admin, new AuditFilter(Zone: prefix, Name: "ALPHA"), 0, 200, Cancel);
        var none = await queries.PageAsync(Admin, new AuditFilter(Zone: zone.Name + "x"), 0, 200, Cancel);

        byPrefix.Entries.Select(e => e.Action).ShouldBe([AuditActions.RecordAdd, AuditActions.RecordAdd, AuditActions.ZoneCreate], ignoreOrder: true);
        byPrefix.Entries.ShouldAllBe(e => e.Zone == zone.Name);
        byName.Entries.ShouldHaveSingleItem().Name.ShouldBe($"alpha.{zone.Name}");
        none.TotalCount.ShouldBe(0);
        // Newest first, in chain order.
        byPrefix.Entries.Select(e => e.Seq).ShouldBe(byPrefix.Entries.Select(e => e.Seq).OrderDescending());
    }

    private static readonly Actor Admin = new("audit-reader", "audit-reader", new HashSet<string> { Roles.Admin });

    private async Task<(AuditEntryRef First, AuditEntryRef Middle, AuditEntryRef Last)> ThreeEntriesAsync()
    {
        // Inserted one after another as the app role; nothing else writes meanwhile (this collection runs alone).
        var entries = new List<AuditEntryRef>();
        foreach (var action in new[] { "test.first", "test.middle", "test.last" })
        {
            await using var insert = App.CreateCommand(
                "INSERT INTO dashboard.audit_entries (actor_id, actor_name, action, after) VALUES (NULL, 'system', $1, 'original') RETURNING id, seq");
            insert.Parameters.AddWithValue(action);
            await using var reader = await insert.ExecuteReaderAsync(Cancel);
            await reader.ReadAsync(Cancel);
            entries.Add(new AuditEntryRef(reader.GetInt64(0), reader.GetInt64(1)));
        }
        entries[1].Seq.ShouldBe(entries[0].Seq + 1);
        entries[2].Seq.ShouldBe(entries[1].Seq + 1);
        (await Verifier.VerifyAsync(Actor.System, cancellationToken: Cancel)).Intact.ShouldBeTrue();
        return (entries[0], entries[1], entries[2]);
    }

    private async Task<NpgsqlConnection> OwnerAsync()
    {
        var owner = new NpgsqlConnection(fixture.Stack.Options.Database.MigrationConnectionString);
        await owner.OpenAsync(Cancel);
        return owner;
    }

    /// <summary>A real tamper: the owner switches the append-only trigger off, rewrites, and switches it back on.</summary>
    private async Task TamperAsync(NpgsqlConnection owner, string sql, long id)
    {
        await using var tx = await owner.BeginTransactionAsync(Cancel);
        await ExecuteAsync(owner, "ALTER TABLE dashboard.audit_entries DISABLE TRIGGER audit_entries_append_only");
        await using (var tamper = new NpgsqlCommand(sql, owner))
        {
            tamper.Parameters.AddWithValue(id);
            (await tamper.ExecuteNonQueryAsync(Cancel)).ShouldBe(1);
        }
        await ExecuteAsync(owner, "ALTER TABLE dashboard.audit_entries ENABLE TRIGGER audit_entries_append_only");
        await tx.CommitAsync(Cancel);
    }

    /// <summary>Keeps a copy of the entry (in the owner's session) so the test can put the trail back exactly.</summary>
    private async Task<SavedEntry> SaveAsync(NpgsqlConnection owner, long id)
    {
        await ExecuteAsync(owner, $"CREATE TEMP TABLE saved_entry AS SELECT * FROM dashboard.audit_entries WHERE id = {id}");
        return new SavedEntry(owner, id);
    }

    private sealed class SavedEntry(NpgsqlConnection owner, long id) : IAsyncDisposable
    {
        /// <summary>Puts the saved entry back as it was, with the chain trigger off so nothing is recomputed.</summary>
        public async Task RestoreAsync()
        {
            await using var tx = await owner.BeginTransactionAsync();
            await ExecuteAsync(owner, "ALTER TABLE dashboard.audit_entries DISABLE TRIGGER audit_entries_append_only");
            await ExecuteAsync(owner, "ALTER TABLE dashboard.audit_entries DISABLE TRIGGER audit_entries_chain");
            await ExecuteAsync(owner, $"DELETE FROM dashboard.audit_entries WHERE id = {id}");
            await ExecuteAsync(owner, "INSERT INTO dashboard.audit_entries OVERRIDING SYSTEM VALUE SELECT * FROM saved_entry");
            await ExecuteAsync(owner, "ALTER TABLE dashboard.audit_entries ENABLE TRIGGER audit_entries_chain");
            await ExecuteAsync(owner, "ALTER TABLE dashboard.audit_entries ENABLE TRIGGER audit_entries_append_only");
            await tx.CommitAsync();
        }

        public async ValueTask DisposeAsync() => await ExecuteAsync(owner, "DROP TABLE IF EXISTS saved_entry");
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> InsertOnAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string action)
    {
        await using var insert = new NpgsqlCommand(
            "INSERT INTO dashboard.audit_entries (actor_id, actor_name, action) VALUES (NULL, 'system', $1) RETURNING seq", connection, tx);
        insert.Parameters.AddWithValue(action);
        return (long)(await insert.ExecuteScalarAsync(Cancel))!;
    }

    private async Task<DateTimeOffset> DatabaseNowAsync()
    {
        await using var command = App.CreateCommand("SELECT clock_timestamp()");
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        await reader.ReadAsync(Cancel);
        return reader.GetFieldValue<DateTimeOffset>(0);
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = App.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync(Cancel))!;
    }

    private async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    private sealed record AuditEntryRef(long Id, long Seq);
}
