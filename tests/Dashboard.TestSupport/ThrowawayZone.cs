using Dashboard.Features.Propagation;
using System.Diagnostics;
using Dashboard.Configuration;
using Dashboard.Data;
using Dashboard.Dns;
using Dashboard.Features.Auth;
using Dashboard.Features.Zones;
using Npgsql;
using Shouldly;

namespace Dashboard.TestSupport;

/// <summary>
/// A zone of one test's own with a unique name, deleted when disposed: the one throwaway zone of every test suite.
/// <see cref="CreateAsync"/> makes it as an operator would (<see cref="ZoneCommands"/>, the tier's template) and its
/// editing helpers act as that actor; <see cref="InsertAsync"/> writes it straight into PowerDNS's tables, for rows
/// and SOA values the dashboard itself would never write.
/// </summary>
public sealed class ThrowawayZone : IAsyncDisposable
{
    private readonly AppServices _app;
    private readonly Actor? _actor;

    private ThrowawayZone(AppServices app, string name, Actor? actor)
    {
        _app = app;
        Name = name;
        _actor = actor;
    }

    /// <summary>The zone's name in storage form (lowercase, no trailing dot).</summary>
    public string Name { get; }

    /// <summary>Who created the zone and whom the editing helpers act as.</summary>
    public Actor Actor => _actor ?? throw new InvalidOperationException($"{Name} was inserted directly; it has no actor to edit it as.");

    public ChangeSetCommands Commands => _app.Get<ChangeSetCommands>();
    public ZoneEditingReads Reads => _app.Get<ZoneEditingReads>();

    private NpgsqlDataSource Primary => _app.Get<RegionDataSources>().Primary;

    /// <summary>A fresh name <c>{prefix}-xxxxxxxx.test</c>.</summary>
    public static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)] + ".test";

    /// <summary>Creates the zone through <see cref="ZoneCommands"/> as <paramref name="actor"/>; named <see cref="NewName"/> unless <paramref name="name"/> is given.</summary>
    public static async Task<ThrowawayZone> CreateAsync(AppServices app, Actor actor, ZoneTier tier = ZoneTier.Free, string? name = null, string prefix = "t", CancellationToken ct = default)
    {
        name ??= NewName(prefix);
        var result = await app.Get<ZoneCommands>().CreateZoneAsync(actor, name, tier, ct);
        await ShouldBeVisibleEverywhereAsync(result.ShouldBeOfType<ZoneCommandResult.Done>(result.ToString()).Propagation);
        return new ThrowawayZone(app, DnsName.Normalize(name), actor);
    }

    /// <summary>A reverse zone <c>x.y.10.in-addr.arpa</c> that no other test holds (a few tries), created as <paramref name="actor"/>.</summary>
    public static async Task<ThrowawayZone> CreateReverseAsync(AppServices app, Actor actor, CancellationToken ct = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var name = $"{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.10.in-addr.arpa";
            await using var command = app.Get<RegionDataSources>().Primary.CreateCommand("SELECT count(*) FROM domains WHERE name = $1");
            command.Parameters.AddWithValue(name);
            if (Convert.ToInt64(await command.ExecuteScalarAsync(ct)) == 0 || attempt >= 5)
            {
                return await CreateAsync(app, actor, name: name, ct: ct);
            }
        }
    }

    /// <summary>
    /// Writes the zone straight into PowerDNS's tables: a NATIVE domain, its SOA with <paramref name="soaTtl"/> and
    /// <paramref name="soaMinimum"/>, and a tier row unless <paramref name="tier"/> is null.
    /// </summary>
    public static async Task<ThrowawayZone> InsertAsync(AppServices app, string? tier, int soaTtl = 60, int soaMinimum = 10, string prefix = "it")
    {
        var zone = new ThrowawayZone(app, NewName(prefix), actor: null);
        await zone.ExecuteAsync("INSERT INTO domains (name, type) VALUES ($1, 'NATIVE')", zone.Name);
        await zone.AddAsync(zone.Name, "SOA", $"ns1.tunnel.test hostmaster.tunnel.test 2026010107 10800 3600 604800 {soaMinimum}", soaTtl);
        if (tier is not null)
        {
            await zone.ExecuteAsync("INSERT INTO dashboard.zone_tiers (zone_name, tier) VALUES ($1, $2)", zone.Name, tier);
        }
        return zone;
    }

    /// <summary>The absolute name of <paramref name="relative"/> in this zone ("@" is the apex), in storage form.</summary>
    public string Fqdn(string relative) => relative == "@" ? Name : $"{relative}.{Name}";

    /// <summary>Adds a row underneath the dashboard; <paramref name="name"/> is relative to the zone unless it ends with it. Returns the row id.</summary>
    public async Task<long> AddAsync(string name, string type, string content, int ttl = 30, int? prio = null, bool disabled = false)
    {
        var owner = name == Name || name.EndsWith("." + Name, StringComparison.Ordinal) ? name : $"{name}.{Name}";
        await using var command = Primary.CreateCommand(
            "INSERT INTO records (domain_id, name, type, content, ttl, prio, disabled, auth) SELECT id, $2, $3, $4, $5, $6, $7, true FROM domains WHERE name = $1 RETURNING id");
        command.Parameters.AddWithValue(Name);
        command.Parameters.AddWithValue(owner);
        command.Parameters.AddWithValue(type);
        command.Parameters.AddWithValue(content);
        command.Parameters.AddWithValue(ttl);
        command.Parameters.AddWithValue(prio is { } p ? p : DBNull.Value);
        command.Parameters.AddWithValue(disabled);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Runs SQL on the primary with positional parameters <c>$1</c>, <c>$2</c>, ...</summary>
    public async Task ExecuteAsync(string sql, params object[] values)
    {
        await using var command = Primary.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.AddWithValue(value);
        }
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>One number from the primary; <c>@zone</c> in <paramref name="sql"/> is this zone's name.</summary>
    public async Task<long> ScalarAsync(string sql, CancellationToken ct)
    {
        await using var command = Primary.CreateCommand(sql);
        command.Parameters.AddWithValue("zone", Name);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct));
    }

    public Task<long> RowCountAsync(CancellationToken ct) =>
        ScalarAsync("SELECT count(*) FROM records r JOIN domains d ON d.id = r.domain_id WHERE d.name = @zone", ct);

    public Task<long> AuditCountAsync(CancellationToken ct) =>
        ScalarAsync("SELECT count(*) FROM dashboard.audit_entries WHERE zone = @zone", ct);

    /// <summary>An empty change set under the zone's policy.</summary>
    public async Task<ChangeSet> NewSetAsync(CancellationToken ct) =>
        new(Name, (await Reads.PolicyAsync(Actor, Name, ct)).ShouldNotBeNull());

    public Task<RRsetRow?> RRsetAsync(string relative, RecordType type, CancellationToken ct) =>
        Reads.RRsetAsync(Actor, Name, Fqdn(relative), type, ct);

    /// <summary>Applies <paramref name="set"/>, expects it applied, and waits until every region is confirmed by DNS to serve it.</summary>
    public async Task<ApplyResult.Applied> ApplyAsync(ChangeSet set, CancellationToken ct)
    {
        var result = await Commands.ApplyAsync(Actor, Name, set, ct);
        var applied = result.ShouldBeOfType<ApplyResult.Applied>(result.ToString());
        await ShouldBeVisibleEverywhereAsync(applied.Propagation);
        return applied;
    }

    /// <summary>Waits until <paramref name="run"/> settles and expects every region visible (the message says where not, and why).</summary>
    public static async Task<PropagationSnapshot> ShouldBeVisibleEverywhereAsync(PropagationRun run)
    {
        var settled = await run.Settled.WaitAsync(TimeSpan.FromMinutes(2));
        settled.AllVisible.ShouldBeTrue(string.Join("; ", settled.Regions.Select(r => $"{r.Region}: {r.State} {r.Detail}")));
        return settled;
    }

    public async Task<long> SerialAsync(CancellationToken ct) => (await Reads.SoaAsync(Actor, Name, ct)).ShouldNotBeNull().Fields.Serial;

    /// <summary>Runs PowerDNS's own checker on the zone; returns its output (asserting "0 errors" is the caller's job).</summary>
    public async Task<string> CheckZoneAsync(CancellationToken ct)
    {
        var start = new ProcessStartInfo("pdnsutil") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add($"--config-dir={Path.Combine(_app.Stack.StackDir, "pdns", _app.Stack.Primary.Name)}");
        start.ArgumentList.Add("check-zone");
        start.ArgumentList.Add(Name);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(ct) + await process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return $"exit {process.ExitCode}: {output}";
    }

    /// <summary>Deletes the zone the way it was made: through <see cref="ZoneCommands"/> (NotFound when a test already did), or row by row.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_actor is not null)
        {
            await _app.Get<ZoneCommands>().DeleteZoneAsync(_actor, Name, Name, CancellationToken.None);
            return;
        }
        await ExecuteAsync("DELETE FROM records WHERE domain_id = (SELECT id FROM domains WHERE name = $1)", Name);
        await ExecuteAsync("DELETE FROM domains WHERE name = $1", Name);
        await ExecuteAsync("DELETE FROM dashboard.zone_tiers WHERE zone_name = $1", Name);
    }
}
