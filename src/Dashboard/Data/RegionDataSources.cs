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
        var timeout = (int)Math.Ceiling(options.Value.ProbeTimeout.TotalSeconds);
        _sources = options.Value.Regions.ToDictionary(
            r => r.Name,
            r =>
            {
                var builder = new NpgsqlDataSourceBuilder(r.ConnectionString);
                // A region that is down must fail fast, not hang the page that asks about it.
                builder.ConnectionStringBuilder.Timeout = Math.Max(1, timeout);
                builder.ConnectionStringBuilder.ApplicationName ??= "dashboard";
                return builder.Build();
            },
            StringComparer.OrdinalIgnoreCase);
        PrimaryName = options.Value.Primary().Name;
    }

    public string PrimaryName { get; }

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
