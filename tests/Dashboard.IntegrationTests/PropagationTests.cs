using Dashboard.Configuration;
using Dashboard.Data;
using Dashboard.Features.Propagation;
using Dashboard.TestSupport;
using DnsClient;
using DnsClient.Protocol;

namespace Dashboard.IntegrationTests;

public sealed class PropagationTests(StackFixture fixture)
{
    private const string Zone = "free.tunnel.test";
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RecordWrittenOnPrimary_IsServedByEveryRegionOnceReplicated()
    {
        var gate = fixture.Get<ReplicationGate>();
        var name = NewName();
        await InsertARecordAsync(name, "198.51.100.77");
        try
        {
            var lsn = await gate.CurrentPrimaryLsnAsync(Cancel);
            var propagation = await gate.PropagateAsync(lsn, [name], TimeSpan.FromSeconds(10), Cancel);

            propagation.ShouldAllBe(p => p.Visible, string.Join("; ", propagation.Select(p => $"{p.Region}: {p.Error}")));
            foreach (var region in fixture.Stack.Options.Regions)
            {
                var response = await StackDns.For(region).QueryAsync(name, QueryType.A, QueryClass.IN, Cancel);
                response.Header.ResponseCode.ShouldBe(DnsHeaderResponseCode.NoError, region.Name);
                response.Header.HasAuthorityAnswer.ShouldBeTrue(region.Name);
                response.Answers.OfType<ARecord>().Single().Address.ToString().ShouldBe("198.51.100.77", region.Name);
            }
        }
        finally
        {
            await DeleteAsync(name);
        }
    }

    [Fact]
    public async Task ChangedRecord_AfterGateAndFlush_IsServedFreshNotFromCache()
    {
        var gate = fixture.Get<ReplicationGate>();
        var name = NewName();
        await InsertARecordAsync(name, "198.51.100.1");
        try
        {
            await gate.PropagateAsync(await gate.CurrentPrimaryLsnAsync(Cancel), [name], TimeSpan.FromSeconds(10), Cancel);
            // Put the old answer into every region's packet cache.
            foreach (var region in fixture.Stack.Options.Regions)
            {
                (await StackDns.For(region).QueryAsync(name, QueryType.A, QueryClass.IN, Cancel)).Answers.OfType<ARecord>().Single().Address.ToString().ShouldBe("198.51.100.1");
            }

            await using (var update = fixture.Get<RegionDataSources>().Primary.CreateCommand("UPDATE records SET content = '198.51.100.2' WHERE name = $1"))
            {
                update.Parameters.AddWithValue(name);
                await update.ExecuteNonQueryAsync(Cancel);
            }
            var propagation = await gate.PropagateAsync(await gate.CurrentPrimaryLsnAsync(Cancel), [name], TimeSpan.FromSeconds(10), Cancel);

            propagation.ShouldAllBe(p => p.Visible);
            foreach (var region in fixture.Stack.Options.Regions)
            {
                var response = await StackDns.For(region).QueryAsync(name, QueryType.A, QueryClass.IN, Cancel);
                response.Answers.OfType<ARecord>().Single().Address.ToString().ShouldBe("198.51.100.2", region.Name);
            }
        }
        finally
        {
            await DeleteAsync(name);
        }
    }

    [Fact]
    public async Task CurrentPrimaryLsn_WhileOtherWorkWritesWalNobodyFlushedYet_IsTheFlushedPosition()
    {
        // Another transaction writes WAL fast (its buffers are written out as they fill, flushed only by the WAL writer
        // every wal_writer_delay). The position written then runs ahead of the position flushed, which is all the
        // walsenders can send: a gate waiting for the position written waits for the WAL writer (200 ms, or 400),
        // however quickly the commit itself replays.
        var gate = fixture.Get<ReplicationGate>();
        var primary = fixture.Get<RegionDataSources>().Primary;
        using var done = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var writer = Task.Run(async () =>
        {
            await using var connection = new Npgsql.NpgsqlConnection(fixture.Stack.Options.Database.MigrationConnectionString);
            await connection.OpenAsync(Cancel);
            // Rounds of up to 80 MB of WAL in 10 MB statements (each longer than the WAL buffers, so they are written
            // out as they fill), each rolled back, so nothing stays; until the checks below have seen enough.
            while (!done.IsCancellationRequested)
            {
                await using var transaction = await connection.BeginTransactionAsync(Cancel);
                await using (var create = new Npgsql.NpgsqlCommand("CREATE TABLE dashboard.it_wal_burst (filler text)", connection, transaction))
                {
                    await create.ExecuteNonQueryAsync(Cancel);
                }
                for (var i = 0; i < 8 && !done.IsCancellationRequested; i++)
                {
                    await using var burst = new Npgsql.NpgsqlCommand("INSERT INTO dashboard.it_wal_burst SELECT repeat(md5(g::text), 32) FROM generate_series(1, 10000) g", connection, transaction);
                    await burst.ExecuteNonQueryAsync(Cancel);
                }
                await transaction.RollbackAsync(CancellationToken.None);
            }
        }, Cancel);

        // Whether a check lands in such a moment is up to the scheduler: on a loaded machine it can take many tries,
        // so the checks go on (while the writer writes) until three have, or a minute has passed.
        var seen = 0;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (seen < 3 && DateTime.UtcNow < deadline && !writer.IsCompleted)
        {
            var (written, _) = await WalPositionsAsync(primary);
            var lsn = await gate.CurrentPrimaryLsnAsync(Cancel);
            var (_, flushedAfter) = await WalPositionsAsync(primary);
            if (written > flushedAfter)
            {
                // The position written was already past everything flushed by the end: the gate's position may not be.
                lsn.ShouldBeLessThanOrEqualTo(flushedAfter, $"written {written}, flushed {flushedAfter}");
                seen++;
            }
        }
        await done.CancelAsync();
        await writer;
        seen.ShouldBeGreaterThan(0, "the position written never ran ahead of the position flushed, so nothing was checked");
    }

    private async Task<(NpgsqlTypes.NpgsqlLogSequenceNumber Written, NpgsqlTypes.NpgsqlLogSequenceNumber Flushed)> WalPositionsAsync(Npgsql.NpgsqlDataSource primary)
    {
        await using var command = primary.CreateCommand("SELECT pg_current_wal_lsn(), pg_current_wal_flush_lsn()");
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        await reader.ReadAsync(Cancel);
        return (reader.GetFieldValue<NpgsqlTypes.NpgsqlLogSequenceNumber>(0), reader.GetFieldValue<NpgsqlTypes.NpgsqlLogSequenceNumber>(1));
    }

    [Fact]
    public async Task WaitForReplay_LsnFarAhead_TimesOutWithNull()
    {
        var gate = fixture.Get<ReplicationGate>();
        var current = await gate.CurrentPrimaryLsnAsync(Cancel);
        var farAhead = new NpgsqlTypes.NpgsqlLogSequenceNumber((ulong)current + 1_000_000_000UL);

        var replayed = await gate.WaitForReplayAsync(fixture.Stack.Replicas[0], farAhead, TimeSpan.FromMilliseconds(300), Cancel);

        replayed.Replayed.ShouldBeNull();
        replayed.LastError.ShouldBeNull();
    }

    [Fact]
    public async Task WaitForReplay_ManyConcurrentWaiters_ShareOneWatcherAndAllAreReleased()
    {
        var gate = fixture.Get<ReplicationGate>();
        var replica = fixture.Stack.Replicas[0];
        var watcher = gate.WatcherFor(replica.Name);
        // A position no replica has yet: the waiters stay behind it (and the watcher keeps polling) until a write
        // below moves the primary past it.
        var ahead = new NpgsqlTypes.NpgsqlLogSequenceNumber((ulong)await gate.CurrentPrimaryLsnAsync(Cancel) + 1);
        var readsBefore = watcher.Reads;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var waiting = Task.WhenAll(Enumerable.Range(0, 50).Select(_ => gate.WaitForReplayAsync(replica, ahead, TimeSpan.FromSeconds(30), Cancel)));
        await Task.Delay(TimeSpan.FromMilliseconds(200), Cancel);
        var name = NewName();
        await InsertARecordAsync(name, "198.51.100.78");
        ReplayWait[] waits;
        try
        {
            waits = await waiting;
        }
        finally
        {
            await DeleteAsync(name);
        }

        var reads = watcher.Reads - readsBefore;
        var window = clock.Elapsed;
        waits.ShouldAllBe(w => w.Replayed >= ahead);
        // One loop serves all fifty: it reads at most once per poll interval, since each pass ends with a delay of
        // that interval. Fifty loops would read fifty times as often through the 200 ms the waiters were held. The
        // bound follows the elapsed time, so a replica that replays slowly on a loaded machine still passes.
        var oneLoopAtMost = (long)(window / ReplayWatcher.PollInterval) + 2;
        reads.ShouldBeLessThanOrEqualTo(oneLoopAtMost, $"{reads} reads in {window.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task WaitForReplay_Primary_ReturnsAtOnceWithoutPolling()
    {
        var gate = fixture.Get<ReplicationGate>();
        var farAhead = new NpgsqlTypes.NpgsqlLogSequenceNumber((ulong)await gate.CurrentPrimaryLsnAsync(Cancel) + 1_000_000_000UL);

        // Even an LSN the primary has not reached: the primary's own writes are visible on it the moment they commit.
        var replayed = await gate.WaitForReplayAsync(fixture.Stack.Primary, farAhead, TimeSpan.FromSeconds(30), Cancel);

        replayed.Replayed.ShouldBe(farAhead);
    }

    /// <summary>A name of this test's own in <see cref="Zone"/>.</summary>
    private static string NewName() => $"it-{Guid.NewGuid():N}".Substring(0, 20) + "." + Zone;

    private async Task InsertARecordAsync(string name, string address)
    {
        await using var command = fixture.Get<RegionDataSources>().Primary.CreateCommand(
            "INSERT INTO records (domain_id, name, type, content, ttl, disabled, auth) SELECT id, $1, 'A', $2, 30, false, true FROM domains WHERE name = $3");
        command.Parameters.AddWithValue(name);
        command.Parameters.AddWithValue(address);
        command.Parameters.AddWithValue(Zone);
        (await command.ExecuteNonQueryAsync(Cancel)).ShouldBe(1);
    }

    private async Task DeleteAsync(string name)
    {
        await using var command = fixture.Get<RegionDataSources>().Primary.CreateCommand("DELETE FROM records WHERE name = $1");
        command.Parameters.AddWithValue(name);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
