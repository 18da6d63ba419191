using Dashboard.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dashboard.Data;

/// <summary>
/// One pooled <see cref="NpgsqlDataSource"/> per configured region. Singleton; owns and disposes the data sources.
/// The primary's is also the one EF Core uses, so the pool is shared.
/// </summary>
public sealed class RegionDataSources : IAsyncDisposable
{
    private readonly Dictionary<string, NpgsqlDataSource> _sources;

    public RegionDataSources(IOptions<DashboardOptions> options)
    {
        var connectTimeout = WholeSeconds(options.Value.DatabaseConnectTimeout);
        var commandTimeout = WholeSeconds(options.Value.DatabaseCommandTimeout);
        _sources = options.Value.Regions.ToDictionary(
            r => r.Name,
            r =>
            {
                var builder = new NpgsqlDataSourceBuilder(r.ConnectionString);
                // A region that is down must fail fast, and one that hangs must not hold a page or a command for
                // Npgsql's defaults: every connection and every statement has a bound from the options.
                builder.ConnectionStringBuilder.Timeout = connectTimeout;
                builder.ConnectionStringBuilder.CommandTimeout = commandTimeout;
                builder.ConnectionStringBuilder.ApplicationName ??= "dashboard";
                return builder.Build();
            },
            StringComparer.OrdinalIgnoreCase);
        PrimaryName = options.Value.Primary().Name;
    }

    public string PrimaryName { get; }

    /// <summary>Npgsql counts timeouts in whole seconds; anything shorter than one rounds up to one.</summary>
    private static int WholeSeconds(TimeSpan timeout) => Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));

    public NpgsqlDataSource Primary => _sources[PrimaryName];

    public NpgsqlDataSource For(string region) =>
        _sources.TryGetValue(region, out var source)
            ? source
            : throw new ArgumentException($"No region named '{region}' is configured.", nameof(region));

    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources.Values)
        {
            await source.DisposeAsync();
        }
    }
}
