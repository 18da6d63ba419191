using Dashboard.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dashboard.Data;

/// <summary>
/// One pooled <see cref="NpgsqlDataSource"/> per configured region, plus a small separate pool per region for the
/// health probes. Singleton; owns and disposes the data sources. The primary's main pool is also the one EF Core
/// uses, so it is shared by every page and sign-in; the probe pools are not, so a burst of sign-ins or page loads that
/// takes every main connection cannot make a healthy region look down.
/// </summary>
public sealed class RegionDataSources : IAsyncDisposable
{
    /// <summary>Connections per region for probes: the monitor's probe and a few concurrent <c>/healthz</c> calls.</summary>
    public const int ProbePoolSize = 4;

    private readonly Dictionary<string, NpgsqlDataSource> _sources;
    private readonly Dictionary<string, NpgsqlDataSource> _probeSources;

    public RegionDataSources(IOptions<DashboardOptions> options)
    {
        var connectTimeout = WholeSeconds(options.Value.DatabaseConnectTimeout);
        var commandTimeout = WholeSeconds(options.Value.DatabaseCommandTimeout);
        var maxPool = options.Value.Database.MaxPoolSize;
        _sources = options.Value.Regions.ToDictionary(r => r.Name, r => Build(r.ConnectionString, connectTimeout, commandTimeout, maxPool), StringComparer.OrdinalIgnoreCase);
        _probeSources = options.Value.Regions.ToDictionary(r => r.Name, r => Build(r.ConnectionString, connectTimeout, commandTimeout, maxPool, probe: true), StringComparer.OrdinalIgnoreCase);
        PrimaryName = options.Value.Primary().Name;
    }

    public string PrimaryName { get; }

    /// <summary>Npgsql counts timeouts in whole seconds; anything shorter than one rounds up to one.</summary>
    internal static int WholeSeconds(TimeSpan timeout) => Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));

    public NpgsqlDataSource Primary => _sources[PrimaryName];

    public NpgsqlDataSource For(string region) =>
        _sources.TryGetValue(region, out var source)
            ? source
            : throw new ArgumentException($"No region named '{region}' is configured.", nameof(region));

    /// <summary>The region's probe-only pool (see the class summary). Only health probes use it.</summary>
    public NpgsqlDataSource ProbeFor(string region) =>
        _probeSources.TryGetValue(region, out var source)
            ? source
            : throw new ArgumentException($"No region named '{region}' is configured.", nameof(region));

    private static NpgsqlDataSource Build(string connectionString, int connectTimeout, int commandTimeout, int maxPool, bool probe = false)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // A region that is down must fail fast, and one that hangs must not hold a page or a command for Npgsql's
        // defaults: every connection and every statement has a bound from the options (probes set a tighter one).
        builder.ConnectionStringBuilder.Timeout = connectTimeout;
        builder.ConnectionStringBuilder.CommandTimeout = commandTimeout;
        builder.ConnectionStringBuilder.ApplicationName ??= "dashboard";
        // Bounded (Dashboard:Database:MaxPoolSize): a burst waits for a pooled connection rather than taking PostgreSQL's last slots.
        builder.ConnectionStringBuilder.MaxPoolSize = maxPool;
        if (probe)
        {
            builder.ConnectionStringBuilder.ApplicationName += "-probe";
            builder.ConnectionStringBuilder.MaxPoolSize = ProbePoolSize;
        }
        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources.Values.Concat(_probeSources.Values))
        {
            await source.DisposeAsync();
        }
    }
}
