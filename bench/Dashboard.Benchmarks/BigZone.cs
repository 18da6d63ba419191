using Dashboard.Data;
using Dashboard.Features.Propagation;
using Dashboard.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Benchmarks;

/// <summary>
/// The free-tier zone of 1,000,000 records the zones benchmarks run on: SOA, two NS, three edge A records and
/// tunnel CNAMEs named like the tunnel service names them (<c>swift-otter-1a2b3c4d</c>), one in ten with a
/// verification TXT beside it. Created once by SQL on the run stack's primary; later runs find it and reuse it.
/// </summary>
public static class BigZone
{
    public const string Name = "bench-1m.tunnel.test";
    public const int Records = 1_000_000;

    // 1,000,000 = SOA + 2 NS + 3 A + 909,086 CNAME + 90,908 TXT (i = 1..909,086; a TXT where i % 10 = 0).
    private const int Tunnels = 909_086;

    private const string CreateSql = """
        WITH d AS (INSERT INTO domains (name, type) VALUES ($1, 'NATIVE') RETURNING id),
        words AS (
            SELECT ARRAY['amber','brave','calm','clever','cosmic','crimson','daring','dusty','eager','electric',
                         'fancy','fearless','frosty','gentle','golden','happy','hidden','icy','jolly','keen',
                         'lively','lucky','lunar','mellow','misty','noble','quiet','rapid','rustic','shiny',
                         'silent','silver','sleepy','snowy','solar','spicy','steady','stormy','sunny','swift',
                         'tidy','urban','vivid','wandering','warm','wild','windy','wise','young','zesty'] AS adj,
                   ARRAY['otter','falcon','badger','beaver','bison','cheetah','cobra','coyote','crane','dolphin',
                         'eagle','ferret','finch','fox','gazelle','gecko','heron','ibis','jaguar','koala',
                         'lemur','leopard','lynx','marmot','moose','narwhal','ocelot','osprey','panda','panther',
                         'pelican','penguin','puffin','quokka','rabbit','raven','salmon','seal','sparrow','stork',
                         'tapir','tiger','toucan','turtle','viper','walrus','weasel','wolf','yak','zebra'] AS animal),
        tunnels AS (
            -- i * 2654435761 mod 2^32 is a bijection, so every name is unique and the hex looks random.
            SELECT i,
                   w.adj[1 + (i * 7) % 50] || '-' || w.animal[1 + (i * 13 / 7) % 50] || '-'
                       || lpad(to_hex(((i::bigint * 2654435761) % 4294967296)), 8, '0') || '.' || $1 AS name
            FROM generate_series(1, $2) AS i, words w)
        INSERT INTO records (domain_id, name, type, content, ttl, prio, disabled, ordername, auth)
        SELECT d.id, r.name, r.type, r.content, r.ttl, NULL, false, NULL, true
        FROM d, (
            VALUES ($1, 'SOA', 'ns1.tunnel.test hostmaster.tunnel.test 2026010101 10800 3600 604800 10', 60),
                   ($1, 'NS', 'ns1.tunnel.test', 3600),
                   ($1, 'NS', 'ns2.tunnel.test', 3600),
                   ('us.edge.' || $1, 'A', '192.0.2.10', 300),
                   ('eu.edge.' || $1, 'A', '198.51.100.10', 300),
                   ('ap.edge.' || $1, 'A', '203.0.113.10', 300)
            UNION ALL
            SELECT name, 'CNAME', (ARRAY['us','eu','ap'])[1 + i % 3] || '.edge.' || $1, 30 FROM tunnels
            UNION ALL
            SELECT name, 'TXT', '"tunnel-verification=' || md5(i::text) || '"', 30 FROM tunnels WHERE i % 10 = 0
        ) AS r(name, type, content, ttl)
        """;

    /// <summary>
    /// Creates the zone unless it exists with all its records, assigns it the Free tier and makes it visible in
    /// every region. Returns the zone name. Needs the dashboard schema migrated (start the dashboard once).
    /// </summary>
    public static async Task<string> EnsureAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        await using var services = AppServices.Build(context.Stack);
        var primary = services.GetRequiredService<RegionDataSources>().Primary;

        await using (var count = primary.CreateCommand(
            "SELECT count(*) FROM records r JOIN domains d ON d.id = r.domain_id WHERE d.name = $1"))
        {
            count.Parameters.AddWithValue(Name);
            var existing = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
            if (existing != Records)
            {
                if (existing > 0)
                {
                    Console.WriteLine($"{Name} has {existing:N0} records, not {Records:N0}: recreating it");
                }
                await using var connection = await primary.OpenConnectionAsync(cancellationToken);
                await using var tx = await connection.BeginTransactionAsync(cancellationToken);
                await using (var drop = new Npgsql.NpgsqlCommand(
                    "DELETE FROM records WHERE domain_id IN (SELECT id FROM domains WHERE name = $1)", connection, tx))
                {
                    drop.Parameters.AddWithValue(Name);
                    await drop.ExecuteNonQueryAsync(cancellationToken);
                    drop.CommandText = "DELETE FROM domains WHERE name = $1";
                    await drop.ExecuteNonQueryAsync(cancellationToken);
                }
                Console.WriteLine($"Creating {Name} with {Records:N0} records (once; takes a minute or two)");
                await using (var create = new Npgsql.NpgsqlCommand(CreateSql, connection, tx) { CommandTimeout = 900 })
                {
                    create.Parameters.AddWithValue(Name);
                    create.Parameters.AddWithValue(Tunnels);
                    await create.ExecuteNonQueryAsync(cancellationToken);
                }
                await tx.CommitAsync(cancellationToken);
                await using var analyze = primary.CreateCommand("ANALYZE records");
                analyze.CommandTimeout = 300;
                await analyze.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await using (var tier = primary.CreateCommand(
            "INSERT INTO dashboard.zone_tiers (zone_name, tier) VALUES ($1, 'Free') ON CONFLICT (zone_name) DO UPDATE SET tier = 'Free'"))
        {
            tier.Parameters.AddWithValue(Name);
            await tier.ExecuteNonQueryAsync(cancellationToken);
        }

        // A zone created by SQL answers REFUSED until PowerDNS's zone cache refreshes: flush it once replicated.
        var gate = services.GetRequiredService<ReplicationGate>();
        var lsn = await gate.CurrentPrimaryLsnAsync(cancellationToken);
        var regions = await gate.PropagateAsync(lsn, [Name], TimeSpan.FromMinutes(5), cancellationToken);
        foreach (var failed in regions.Where(r => !r.Visible))
        {
            throw new InvalidOperationException($"{Name} did not become visible in {failed.Region}: {failed.Error}");
        }
        return Name;
    }
}
