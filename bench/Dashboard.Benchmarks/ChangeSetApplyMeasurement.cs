using System.Diagnostics;
using System.Net.Http.Json;
using Dashboard.Data;
using Dashboard.Dns;
using Dashboard.Features.Auth;
using Dashboard.Features.Zones;
using Dashboard.PowerDns;
using Dashboard.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Benchmarks;

/// <summary>
/// One change set of 1,000 record changes on a large free zone (a third edits of existing CNAMEs, a third deletions,
/// a third additions, so the zone keeps its size) applied through <see cref="ChangeSetCommands"/>, audit included;
/// side by side, the same kind of 1,000 changes (other names) sent as one PowerDNS API PATCH to the primary's PowerDNS.
/// </summary>
public static class ChangeSetApplyMeasurement
{
    public const int Changes = 1_000;
    private const int Runs = 5;
    private static readonly Actor Bench = new("bench", "bench", new HashSet<string> { Roles.Operator });

    public static async Task<IReadOnlyList<Measurement>> RunAsync(BenchmarkContext context, string zone, CancellationToken ct)
    {
        await using var services = AppServices.Build(context.Stack);
        var commands = services.GetRequiredService<ChangeSetCommands>();
        var reads = services.GetRequiredService<ZoneEditingReads>();
        var primary = services.GetRequiredService<RegionDataSources>().Primary;
        // Every audit entry names a real user (trigger audit_entries_chain); the bench's hand-made actor needs its row.
        await TestActors.EnsureUsersAsync(primary, [Bench], ct);
        var policy = await reads.PolicyAsync(Bench, zone, ct) ?? throw new InvalidOperationException($"{zone} has no tier row.");
        var runId = $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds():x}";

        // Distinct CNAME owners per run and per method: each needs 2/3 of Changes existing names.
        var perBatch = Changes / 3 * 2 + 2;
        var candidates = await CnameOwnersAsync(primary, zone, perBatch * Runs * 2, ct);
        if (candidates.Count < perBatch * Runs * 2)
        {
            throw new InvalidOperationException($"{zone} has only {candidates.Count} CNAMEs; the measurement needs {perBatch * Runs * 2}.");
        }

        var applyMs = new List<double>();
        var committedMs = new List<double>();
        var patchMs = new List<double>();
        for (var run = 0; run < Runs; run++)
        {
            var names = candidates.Skip(run * 2 * perBatch).Take(perBatch).ToList();
            var set = new ChangeSet(zone, policy);
            var current = await reads.RRsetsAsync(Bench, zone, names, ct);
            var (edits, deletes, adds) = Split(names, $"{runId}-{run}-cs", zone);
            foreach (var name in edits)
            {
                var rrset = current[new RRsetKey(name, RecordType.CNAME)];
                Staged(set.EditContent(rrset, rrset.Records[0].Content, Retarget(rrset.Records[0].Content, zone)));
            }
            foreach (var name in deletes)
            {
                var rrset = current[new RRsetKey(name, RecordType.CNAME)];
                Staged(set.Delete(rrset, rrset.Records[0].Content));
            }
            foreach (var name in adds)
            {
                Staged(set.Add(name + ".", RecordType.CNAME, $"us.edge.{zone}", 30, null));
            }
            if (set.Count != Changes)
            {
                throw new InvalidOperationException($"Staged {set.Count} changes, not {Changes}.");
            }

            var started = Stopwatch.GetTimestamp();
            var result = await commands.ApplyAsync(Bench, zone, set, ct);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (result is not ApplyResult.Applied applied)
            {
                throw new InvalidOperationException($"The change set was not applied: {result}");
            }
            applyMs.Add(elapsed);
            committedMs.Add(applied.Committed.TotalMilliseconds);
        }
        // The PATCHes run after every apply, so the apply runs are not slowed by PowerDNS's writes still settling.
        for (var run = 0; run < Runs; run++)
        {
            var patchNames = candidates.Skip(run * 2 * perBatch + perBatch).Take(perBatch).ToList();
            patchMs.Add(await PatchAsync(services, context, zone, patchNames, $"{runId}-{run}-api", ct));
        }

        var apply = Statistics.Percentile(applyMs, 50);
        var patch = Statistics.Percentile(patchMs, 50);
        return
        [
            new($"change set of {Changes} changes, apply p50 (commit, audit, replicated + flushed in 3 regions)", apply, "ms", "<= 300", 300),
            new($"change set of {Changes} changes, apply max of {Runs} (commit, audit, replicated + flushed in 3 regions)", applyMs.Max(), "ms"),
            new($"change set of {Changes} changes, apply p50 up to COMMIT (locks, checks, writes, audit; no propagation wait)", Statistics.Percentile(committedMs, 50), "ms"),
            new($"same {Changes} changes as one PowerDNS API PATCH, p50", patch, "ms"),
            new("PowerDNS API PATCH time / change set apply time", patch / apply, "x", LowerIsBetter: false),
        ];
    }

    private static void Staged(StageResult result)
    {
        if (!result.Staged)
        {
            throw new InvalidOperationException(string.Join("; ", result.AllErrors));
        }
    }

    /// <summary>A third edits, a third deletions of existing names; as many additions of new names as deletions.</summary>
    private static (List<string> Edits, List<string> Deletes, List<string> Adds) Split(List<string> names, string tag, string zone)
    {
        var deletes = Changes / 3;
        var edits = Changes - 2 * deletes;
        return (
            names.Take(edits).ToList(),
            names.Skip(edits).Take(deletes).ToList(),
            Enumerable.Range(0, deletes).Select(i => $"bench-{tag}-{i}.{zone}").ToList());
    }

    private static string Retarget(string content, string zone) =>
        content.StartsWith("us.", StringComparison.Ordinal) ? $"eu.edge.{zone}" : $"us.edge.{zone}";

    private static async Task<List<string>> CnameOwnersAsync(Npgsql.NpgsqlDataSource primary, string zone, int count, CancellationToken ct)
    {
        // Names with exactly one record (a lone CNAME), spread over the zone and different on every run.
        await using var command = primary.CreateCommand(
            """
            SELECT r.name FROM records r JOIN domains d ON d.id = r.domain_id
            WHERE d.name = $1 AND r.type = 'CNAME' AND r.name LIKE '%-%'
              AND NOT EXISTS (SELECT 1 FROM records o WHERE o.name = r.name AND o.id <> r.id)
            ORDER BY md5(r.name || $3) LIMIT $2
            """);
        command.Parameters.AddWithValue(zone);
        command.Parameters.AddWithValue(count);
        command.Parameters.AddWithValue(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString());
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }

    /// <summary>The same mix as one <c>PATCH /api/v1/servers/localhost/zones/zone.</c> to the primary's PowerDNS; returns its time.</summary>
    private static async Task<double> PatchAsync(AppServices services, BenchmarkContext context, string zone, List<string> names, string tag, CancellationToken ct)
    {
        var (edits, deletes, adds) = Split(names, tag, zone);
        object Rrset(string name, string changetype, string? target) => target is null
            ? new { name = name + ".", type = "CNAME", changetype }
            : new { name = name + ".", type = "CNAME", ttl = 30, changetype, records = new[] { new { content = target + ".", disabled = false } } };
        var rrsets = edits.Select(n => Rrset(n, "REPLACE", $"ap.edge.{zone}"))
            .Concat(deletes.Select(n => Rrset(n, "DELETE", null)))
            .Concat(adds.Select(n => Rrset(n, "REPLACE", $"us.edge.{zone}")))
            .ToList();
        var region = context.Stack.Primary;
        using var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(PowerDnsApiClient.HttpClientName);
        http.Timeout = TimeSpan.FromMinutes(5);
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"{region.PowerDnsApiUrl.TrimEnd('/')}/api/v1/servers/localhost/zones/{zone}.")
        {
            Content = JsonContent.Create(new { rrsets }),
        };
        request.Headers.Add(PowerDnsApiClient.ApiKeyHeader, region.PowerDnsApiKey);
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request, ct);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PowerDNS PATCH answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        }
        return elapsed;
    }
}
