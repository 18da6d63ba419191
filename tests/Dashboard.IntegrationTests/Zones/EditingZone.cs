using System.Diagnostics;
using Dashboard.Configuration;
using Dashboard.Dns;
using Dashboard.Features.Auth;
using Dashboard.Features.Zones;
using Dashboard.Data;
using Npgsql;

namespace Dashboard.IntegrationTests.Zones;

/// <summary>A zone of its own for one test (<c>it-xxxxxxxx.test</c> with a tier row), created through ZoneCommands and deleted at the end.</summary>
public sealed class EditingZone : IAsyncDisposable
{
    public static readonly Actor Operator = new("it-operator", "it-operator", new HashSet<string> { Roles.Operator });

    /// <summary>Reads only (OnCall): what the queries demand.</summary>
    public static readonly Actor Reader = new("it-reader", "it-reader", new HashSet<string> { Roles.OnCall });

    private readonly StackFixture _fixture;

    private EditingZone(StackFixture fixture, string name)
    {
        _fixture = fixture;
        Name = name;
    }

    public string Name { get; }

    public ChangeSetCommands Commands => _fixture.Get<ChangeSetCommands>();
    public ZoneEditingReads Reads => _fixture.Get<ZoneEditingReads>();

    public static async Task<EditingZone> CreateAsync(StackFixture fixture, ZoneTier tier = ZoneTier.Free, CancellationToken ct = default)
    {
        var name = $"it-{Guid.NewGuid():N}"[..11] + ".test";
        var result = await fixture.Get<ZoneCommands>().CreateZoneAsync(Operator, name, tier, ct);
        result.ShouldBeOfType<ZoneCommandResult.Done>();
        return new EditingZone(fixture, name);
    }

    public async Task<ChangeSet> NewSetAsync(CancellationToken ct) =>
        new(Name, (await Reads.PolicyAsync(Operator, Name, ct)).ShouldNotBeNull());

    public Task<RRsetRow?> RRsetAsync(string relative, RecordType type, CancellationToken ct) =>
        Reads.RRsetAsync(Operator, Name, relative == "@" ? Name : $"{relative}.{Name}", type, ct);

    public async Task<ApplyResult.Applied> ApplyAsync(ChangeSet set, CancellationToken ct)
    {
        var result = await Commands.ApplyAsync(Operator, Name, set, ct);
        return result.ShouldBeOfType<ApplyResult.Applied>(result.ToString());
    }

    public async Task<long> SerialAsync(CancellationToken ct) => (await Reads.SoaAsync(Operator, Name, ct)).ShouldNotBeNull().Fields.Serial;

    public async Task<long> ScalarAsync(string sql, CancellationToken ct)
    {
        await using var command = _fixture.Get<RegionDataSources>().Primary.CreateCommand(sql);
        command.Parameters.AddWithValue("zone", Name);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct));
    }

    public Task<long> RowCountAsync(CancellationToken ct) =>
        ScalarAsync("SELECT count(*) FROM records r JOIN domains d ON d.id = r.domain_id WHERE d.name = @zone", ct);

    public Task<long> AuditCountAsync(CancellationToken ct) =>
        ScalarAsync("SELECT count(*) FROM dashboard.audit_entries WHERE zone = @zone", ct);

    /// <summary>Runs PowerDNS's own checker on the zone; returns its output (asserting "0 errors" is the caller's job).</summary>
    public async Task<string> CheckZoneAsync(CancellationToken ct)
    {
        var start = new ProcessStartInfo("pdnsutil") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add($"--config-dir={Path.Combine(_fixture.Stack.StackDir, "pdns", "us")}");
        start.ArgumentList.Add("check-zone");
        start.ArgumentList.Add(Name);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(ct) + await process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return $"exit {process.ExitCode}: {output}";
    }

    public async ValueTask DisposeAsync() =>
        await _fixture.Get<ZoneCommands>().DeleteZoneAsync(Operator, Name, Name, CancellationToken.None);
}
