using System.Collections.Concurrent;
using System.Diagnostics;
using Dashboard.Data;
using Dashboard.Data.PowerDns;
using Dashboard.Dns;
using Dashboard.Features.Zones;
using Dashboard.IntegrationTests.Zones;
using Dashboard.TestSupport;
using Npgsql;
using TunnelSimulator;

namespace Dashboard.IntegrationTests.Tools;

/// <summary>
/// The tunnel simulator's core (tools/TunnelSimulator) against the real primary, on a throwaway zone of its own so every
/// count is exact: tunnels appear and disappear, the serial moves once per tunnel change, and no reader ever sees a
/// tunnel half made (A without AAAA) or a tunnel change without its serial bump.
/// </summary>
public sealed class TunnelSimulatorTests(StackFixture fixture)
{
    private static readonly Dictionary<string, (string A, string Aaaa)> Edges = new()
    {
        // Not the demo edges' addresses (192.0.2.10, …): the search tests look those up across every zone.
        ["us"] = ("198.18.1.10", "2001:db8:10::10"),
        ["eu"] = ("198.18.2.10", "2001:db8:20::10"),
        ["ap"] = ("198.18.3.10", "2001:db8:30::10"),
    };

    // Far ahead of any YYYYMMDD00 in RFC 1982 arithmetic, so every bump is + 1 whatever today's date is.
    private const long SerialBefore = 3_000_000_000;

    [Fact]
    public async Task Run_TwoSecondsAt20PerSecond_CreatesAndRemovesTunnels_EachInOneTransactionWithItsSerialBump()
    {
        await using var zone = await ThrowawayZone.InsertAsync(fixture.Services, tier: null, prefix: "sim");
        await zone.ExecuteAsync(
            "UPDATE records SET content = regexp_replace(content, '^(\\S+ \\S+) \\d+ ', '\\1 ' || $2 || ' ') WHERE domain_id = (SELECT id FROM domains WHERE name = $1) AND type = 'SOA'",
            zone.Name, SerialBefore.ToString());
        foreach (var (region, (a, aaaa)) in Edges)
        {
            await zone.AddAsync($"{region}.edge", "A", a, 300);
            await zone.AddAsync($"{region}.edge", "AAAA", aaaa, 300);
        }
        (await SnapshotAsync(zone.Name)).Serial.ShouldBe(SerialBefore);

        var primary = fixture.Get<RegionDataSources>().Primary;
        var log = new ConcurrentQueue<string>();
        var simulator = new Simulator(
            new SimulatorOptions { Zone = zone.Name, Rate = 20, MaxLive = 15, StatusInterval = TimeSpan.FromSeconds(1) },
            primary, log.Enqueue);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var run = simulator.RunAsync(stop.Token);

        // Read the zone in single-statement snapshots while the simulator writes.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<string>();
        var snapshots = 0;
        while (!run.IsCompleted)
        {
            var snapshot = await SnapshotAsync(zone.Name);
            snapshots++;
            problems.AddRange(Check(snapshot));
            seen.UnionWith(snapshot.Tunnels.Keys);
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
        await run;
        var after = await SnapshotAsync(zone.Name);
        problems.AddRange(Check(after));
        var stats = simulator.Stats;
        var logText = string.Join('\n', log);

        problems.ShouldBeEmpty($"{snapshots} snapshots; log:\n{logText}");
        snapshots.ShouldBeGreaterThan(10);
        stats.Errors.ShouldBe(0, logText);
        stats.Refused.ShouldBe(0, logText);
        stats.Created.ShouldBeGreaterThanOrEqualTo(15, logText);  // up to the bound, at about 20/s for 2 s
        stats.Removed.ShouldBeGreaterThan(0, logText);            // then removes as many as it creates
        (stats.Created + stats.Removed).ShouldBeInRange(25, 45, logText);
        after.Serial.ShouldBe(SerialBefore + stats.Created + stats.Removed);  // one bump per tunnel change, no more
        after.Tunnels.Count.ShouldBe(stats.Live);
        after.Tunnels.Count.ShouldBe((int)(stats.Created - stats.Removed));
        seen.Except(after.Tunnels.Keys).ShouldNotBeEmpty("some tunnel appeared and then disappeared");
        logText.ShouldContain("status: created ");
        logText.ShouldContain("stopped: created ");
    }

    /// <summary>
    /// A name held after an abuse takedown: the simulator asks for it again now and then, as a tunnel service would; the
    /// database refuses it (DH001, naming the hold), the simulator logs that and carries on creating other tunnels.
    /// </summary>
    [Fact]
    public async Task Run_HeldName_IsTriedAgain_RefusedByTheDatabase_LoggedAndTheSimulatorCarriesOn()
    {
        await using var zone = await ThrowawayZone.InsertAsync(fixture.Services, tier: null, prefix: "simhold");
        foreach (var (region, (a, aaaa)) in Edges)
        {
            await zone.AddAsync($"{region}.edge", "A", a, 300);
        }
        var held = zone.Fqdn("held");
        await zone.ExecuteAsync("INSERT INTO public.name_holds (name, zone, takedown_id, reason, placed_by, expires_at) VALUES ($1, $2, 424242, 'phishing', 'it', now() + interval '1 hour')", held, zone.Name);
        try
        {
            var log = new ConcurrentQueue<string>();
            var simulator = new Simulator(
                new SimulatorOptions { Zone = zone.Name, Rate = 20, MaxLive = 100, HeldRetryEvery = 3, StatusInterval = TimeSpan.FromSeconds(1) },
                fixture.Get<RegionDataSources>().Primary, log.Enqueue);
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await simulator.RunAsync(stop.Token);
            var logText = string.Join('\n', log);

            simulator.Stats.Refused.ShouldBeGreaterThanOrEqualTo(2, logText);
            simulator.Stats.Created.ShouldBeGreaterThanOrEqualTo(2 * simulator.Stats.Refused - 2, logText);
            simulator.Stats.Errors.ShouldBe(0, logText);
            logText.ShouldContain($"refused: DH001 {held} is held after an abuse takedown (phishing, takedown #424242)");
            logText.ShouldContain("carrying on");
            (await zone.ScalarAsync($"SELECT count(*) FROM records WHERE name = '{held}'", TestContext.Current.CancellationToken)).ShouldBe(0);
        }
        finally
        {
            await zone.ExecuteAsync("DELETE FROM public.name_holds WHERE name = $1", held);
        }
    }

    /// <summary>
    /// The dashboard's zone delete (its own SQL: the domain row FOR UPDATE, then every row) and a tunnel create that
    /// starts while the delete holds the domain row: the create waits and then finds no zone; neither is a deadlock
    /// victim. (Taking the SOA row first and the domain row only at the INSERT's foreign key would deadlock here.)
    /// </summary>
    [Fact]
    public async Task Create_WhileTheDashboardDeletesTheZone_WaitsForTheDeleteInsteadOfDeadlocking()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var zone = await ThrowawayZone.InsertAsync(fixture.Services, tier: null, prefix: "simdel");
        await zone.AddAsync("us.edge", "A", Edges["us"].A, 300);
        var primary = fixture.Get<RegionDataSources>().Primary;
        var store = new TunnelStore(primary, zone.Name, TimeProvider.System);
        var edge = (await store.LoadEdgesAsync(ct)).ShouldHaveSingleItem();

        await using var deleter = await primary.OpenConnectionAsync(ct);
        await using var tx = await deleter.BeginTransactionAsync(ct);
        async Task<object?> On(string sql, string parameter, object value)
        {
            await using var command = new NpgsqlCommand(sql, deleter, tx);
            command.Parameters.AddWithValue(parameter, value);
            return await command.ExecuteScalarAsync(ct);
        }
        var domainId = (int)(await On(PowerDnsSql.ZoneIdByNameForUpdate, "zone", zone.Name))!;
        var deleterPid = (int)(await On("SELECT pg_backend_pid() WHERE @x", "x", true))!;

        var create = Task.Run(() => store.CreateAsync(TunnelNames.New(zone.Name), edge, 30), ct);
        var blocked = Stopwatch.StartNew();
        // Looked at from a connection of its own, each look in its own transaction: pg_stat_activity is read once per
        // transaction and then kept, so a look from inside the deleter's transaction could only ever see its first.
        async Task<long> BlockedByDeleterAsync()
        {
            await using var look = primary.CreateCommand("SELECT count(*) FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))");
            look.Parameters.AddWithValue(deleterPid);
            return Convert.ToInt64(await look.ExecuteScalarAsync(ct));
        }
        while (await BlockedByDeleterAsync() == 0)
        {
            create.IsCompleted.ShouldBeFalse("the create did not wait for the delete's lock on the domain row");
            // Generous: on a loaded machine the create's connection and first statements can take seconds (10 s was missed once in CI).
            blocked.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60), "the create never waited for the delete");
            await Task.Delay(20, ct);
        }
        foreach (var sql in PowerDnsSql.DeleteZone)
        {
            await On(sql, "d", domainId);
        }
        await tx.CommitAsync(ct);

        (await create).ShouldBe(ChangeOutcome.NoZone);
    }

    /// <summary>
    /// The dashboard's change set applies and the simulator on one zone at once: both bump the serial under the SOA row
    /// lock, so every apply goes through, nobody is a deadlock victim, and the serial moved once per change of either.
    /// </summary>
    [Fact]
    public async Task Run_WhileTheDashboardAppliesChangeSets_BothGoThrough_OneSerialBumpEach()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var zone = await EditingZone.CreateAsync(fixture, ct: ct);
        await zone.ExecuteAsync(
            "UPDATE records SET content = regexp_replace(content, '^(\\S+ \\S+) \\d+ ', '\\1 ' || $2 || ' ') WHERE domain_id = (SELECT id FROM domains WHERE name = $1) AND type = 'SOA'",
            zone.Name, SerialBefore.ToString());
        (await SnapshotAsync(zone.Name)).Serial.ShouldBe(SerialBefore);
        foreach (var (region, (a, aaaa)) in Edges)
        {
            await zone.AddAsync($"{region}.edge", "A", a, 300);
            await zone.AddAsync($"{region}.edge", "AAAA", aaaa, 300);
        }
        var log = new ConcurrentQueue<string>();
        var simulator = new Simulator(new SimulatorOptions { Zone = zone.Name, Rate = 50, MaxLive = 20 }, fixture.Get<RegionDataSources>().Primary, log.Enqueue);
        using var stop = new CancellationTokenSource();
        var run = simulator.RunAsync(stop.Token);

        var serials = new List<long>();
        for (var i = 0; i < 8; i++)
        {
            var set = await zone.NewSetAsync(ct);
            set.Add($"cs{i}", RecordType.A, $"192.0.2.{i + 1}", 30, null).Staged.ShouldBeTrue();
            serials.Add((await zone.ApplyAsync(set, ct)).Serial);
            await Task.Delay(100, ct);
        }
        await stop.CancelAsync();
        await run;
        var after = await SnapshotAsync(zone.Name);
        var logText = string.Join('\n', log);

        simulator.Stats.Errors.ShouldBe(0, logText);
        simulator.Stats.Refused.ShouldBe(0, logText);
        (simulator.Stats.Created + simulator.Stats.Removed).ShouldBeGreaterThan(20, logText);
        serials.ShouldBe(serials.Order().Distinct().ToList());
        after.Serial.ShouldBe(SerialBefore + simulator.Stats.Created + simulator.Stats.Removed + 8);
        (await zone.ScalarAsync("SELECT count(*) FROM records WHERE name LIKE 'cs_.' || @zone", ct)).ShouldBe(8);
        after.Tunnels.Count.ShouldBe(simulator.Stats.Live);
    }

    private sealed record Snapshot(long Serial, Dictionary<string, List<(string Type, string Content, int Ttl, bool Disabled, bool Auth)>> Tunnels);

    /// <summary>What a consistent snapshot must show: whole tunnels at one edge, and a serial that moved once per change.</summary>
    private static IEnumerable<string> Check(Snapshot s)
    {
        foreach (var (name, rows) in s.Tunnels)
        {
            TunnelNames.IsTunnel(name, name[(2 + TunnelNames.HexLength + 1)..]).ShouldBeTrue(name);
            var a = rows.Where(r => r.Type == "A").Select(r => r.Content).ToList();
            var aaaa = rows.Where(r => r.Type == "AAAA").Select(r => r.Content).ToList();
            if (rows.Count != 2 || a.Count != 1 || aaaa.Count != 1 || !Edges.Values.Contains((a[0], aaaa[0])))
            {
                yield return $"serial {s.Serial}: {name} is not one whole tunnel at one edge: {string.Join(", ", rows)}";
            }
            if (rows.Any(r => r.Ttl != 30 || r.Disabled || !r.Auth))
            {
                yield return $"{name}: ttl 30, enabled, auth expected: {string.Join(", ", rows)}";
            }
        }
        // changes = created + removed, live = created - removed: so changes >= live and both have the same parity.
        // A tunnel committed apart from its serial bump breaks that in some snapshot.
        var changes = s.Serial - SerialBefore;
        if (changes < s.Tunnels.Count || (changes - s.Tunnels.Count) % 2 != 0)
        {
            yield return $"serial moved {changes} times with {s.Tunnels.Count} tunnels live";
        }
        if (s.Tunnels.Count > 15)
        {
            yield return $"{s.Tunnels.Count} tunnels live, above the bound of 15";
        }
    }

    private async Task<Snapshot> SnapshotAsync(string zone)
    {
        // One statement, one snapshot: the SOA and the tunnel rows as of the same moment.
        await using var command = fixture.Get<RegionDataSources>().Primary.CreateCommand("""
            SELECT r.type, r.name, r.content, r.ttl, r.disabled, r.auth
              FROM records r JOIN domains d ON d.id = r.domain_id
             WHERE d.name = $1 AND (r.type = 'SOA' OR r.name LIKE 't-%')
            """);
        command.Parameters.AddWithValue(zone);
        long? serial = null;
        var tunnels = new Dictionary<string, List<(string, string, int, bool, bool)>>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var type = reader.GetString(0);
            if (type == "SOA")
            {
                serial = long.Parse(reader.GetString(2).Split(' ')[2]);
                continue;
            }
            var name = reader.GetString(1);
            if (!tunnels.TryGetValue(name, out var rows))
            {
                tunnels[name] = rows = [];
            }
            rows.Add((type, reader.GetString(2), reader.GetInt32(3), reader.GetBoolean(4), reader.GetBoolean(5)));
        }
        return new Snapshot(serial ?? throw new InvalidOperationException($"{zone} has no SOA"), tunnels);
    }
}
